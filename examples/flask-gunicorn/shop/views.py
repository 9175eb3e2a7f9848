import subprocess
import time

import requests
from flask import Blueprint, jsonify

bp = Blueprint("shop", __name__)


@bp.route("/weather/<city>")
def weather(city):
    # Holds one of the 8 worker threads for up to 5 s.
    resp = requests.get(f"https://wttr.in/{city}?format=j1", timeout=5)  # expect: py/blocking-http
    return jsonify(resp.json())


@bp.post("/export")
def export():
    time.sleep(1)  # expect: py/blocking-sleep
    out = subprocess.run(["tar", "czf", "/tmp/export.tgz", "data/"], capture_output=True)  # expect: py/blocking-subprocess
    return {"ok": out.returncode == 0}


@bp.get("/dashboard")
async def dashboard():  # expect: py/config-flask-async-without-asgiref
    stats = requests.get("https://api.example.com/stats", timeout=5)  # expect: py/blocking-http
    return jsonify(stats.json())


@bp.get("/health")
def health():
    return {"ok": True}
