# precision-cause: deployment — gunicorn runs gevent workers ("$WORKER_CLASS" defaults to gevent in the
# precision-open: the markers below are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
# entrypoint), so requests is cooperative.
import requests
from flask import Flask

app = Flask(__name__)


@app.post("/oauth/callback")
def oauth_callback():
    token = requests.post("https://auth.example.com/token", data={}, timeout=5)  # expect: py/blocking-http
    return token.json()
