"""The article's setup: gevent patches first, then gevent's WSGI server serves Flask.

Patched sockets, `time.sleep` and `subprocess` yield to other greenlets, so the
plain `def` views below may call `requests` freely. What gevent cannot patch
still stalls every connection of the process: CPU work and C database drivers.
"""
from gevent import monkey

monkey.patch_all()

import time  # noqa: E402

import psycopg2  # noqa: E402
import requests  # noqa: E402
from flask import Flask, jsonify, request  # noqa: E402
from gevent.pywsgi import WSGIServer  # noqa: E402
from werkzeug.security import check_password_hash  # noqa: E402

app = Flask(__name__)
db = psycopg2.connect("dbname=shop")
USERS = {"ada@example.com": "pbkdf2:sha256:600000$salt$hash"}


@app.route("/rates")
def rates():
    # Cooperative under gevent: other requests run while this waits.
    resp = requests.get("https://api.example.com/rates", timeout=5)
    time.sleep(0.1)
    return jsonify(resp.json())


@app.post("/login")
def login():
    form = request.get_json()
    ok = check_password_hash(USERS.get(form["email"], ""), form["password"])  # expect: py/cpu-password-hash
    return jsonify({"ok": ok})


@app.route("/orders")
def orders():
    cur = db.cursor()
    # libpq waits inside C code: gevent cannot switch while it runs (use psycogreen).
    cur.execute("SELECT id, total FROM orders ORDER BY id DESC LIMIT 20")  # expect: py/sync-db-c-driver
    return jsonify(cur.fetchall())


if __name__ == "__main__":
    WSGIServer(("0.0.0.0", 5000), app).serve_forever()
