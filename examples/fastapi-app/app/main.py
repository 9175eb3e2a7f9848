"""FastAPI app whose blocking calls hide behind helpers in other modules."""
import asyncio
import time

from fastapi import Depends, FastAPI

from .services.rates import RateService, get_rates, load_rates_offline
from .services.reports import render_report

app = FastAPI()


def get_service() -> RateService:
    return RateService()


@app.get("/rates")
async def rates(currency: str):
    return get_rates(currency)  # expect: py/via-call


@app.get("/rates/cached")
async def cached_rates(currency: str, svc: RateService = Depends(get_service)):
    return svc.cached(currency)  # expect: py/via-call


@app.get("/rates/offline")
async def offline_rates():
    # Offloaded: the helper runs in a thread, not on the loop.
    return await asyncio.to_thread(load_rates_offline)


@app.get("/report")
async def report(year: int):
    return await render_report(year)  # expect: py/via-call


@app.get("/sync-endpoint")
def sync_endpoint():
    # Plain def endpoints run in FastAPI's threadpool: blocking I/O is fine here.
    time.sleep(0.5)
    return get_rates("EUR")


@app.get("/ping")
async def ping():
    await asyncio.sleep(0)
    return {"pong": True}
