"""FastAPI service for the editor integration tests."""
import time

import requests
from fastapi import FastAPI

from service.helpers import load_profile

app = FastAPI()


@app.get("/sleep")
async def slow():
    time.sleep(1)
    return {"ok": True}


@app.get("/profile/{user_id}")
async def profile(user_id: str):
    return load_profile(user_id)


@app.get("/fetch")
async def fetch():
    resp = requests.get("https://example.com", timeout=5)
    return {"status": resp.status_code}


@app.get("/health")
async def health():
    return {"ok": True}
