import time

from flask import Flask

app = Flask(__name__)


@app.route("/slow")
def slow():
    time.sleep(1)
    return "done"
