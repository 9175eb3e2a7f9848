"""Flask 2.0+ async views: each request gets a private event loop in its worker."""
import asyncio
import time

import httpx
import requests
from flask import Flask

app = Flask(__name__)


@app.route("/slow")
async def slow():
    time.sleep(1)  # expect: py/blocking-sleep
    await asyncio.sleep(0.1)
    return "done"


@app.route("/fetch")
async def fetch():
    async with httpx.AsyncClient() as client:
        good = await client.get("https://example.org")
    bad = requests.get("https://example.org")  # expect: py/blocking-http
    return {"good": good.status_code, "bad": bad.status_code}


@app.route("/offloaded")
async def offloaded():
    data = await asyncio.to_thread(requests.get, "https://example.org")
    text = await asyncio.to_thread(lambda: requests.get("https://example.org").text)
    return {"status": data.status_code, "len": len(text)}
