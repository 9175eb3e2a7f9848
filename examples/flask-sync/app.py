"""A plain Flask app served by sync workers: each blocking call holds a worker."""
import json
import subprocess
import time

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)

# Startup code: runs once at import, never on a request path.
with open("settings.json") as fh:
    SETTINGS = json.load(fh)


@app.route("/weather/<city>")
def weather(city):
    resp = requests.get(f"https://wttr.in/{city}?format=j1", timeout=5)  # expect: py/blocking-http
    return jsonify(resp.json())


@app.post("/report")
def build_report():
    time.sleep(2)  # expect: py/blocking-sleep
    out = subprocess.run(["wc", "-l", "data.csv"], capture_output=True)  # expect: py/blocking-subprocess
    return {"lines": out.stdout.decode()}


@app.get("/health")
def health():
    return {"ok": True, "debug": request.args.get("debug")}
