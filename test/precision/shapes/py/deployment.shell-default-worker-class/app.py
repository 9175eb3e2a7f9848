# precision-cause: deployment — gunicorn runs gevent workers ("$WORKER_CLASS" defaults to gevent in the
# entrypoint), so requests is cooperative.
import requests
from flask import Flask

app = Flask(__name__)


@app.post("/oauth/callback")
def oauth_callback():
    token = requests.post("https://auth.example.com/token", data={}, timeout=5)
    return token.json()
