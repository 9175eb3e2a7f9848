# precision-cause: cost — a metadata syscall (listdir, isfile) under gevent workers: microseconds on a local disk, not worth a finding (CTFd's theme listing); reading a file still holds the hub (info).
import os

from flask import Flask

app = Flask(__name__)
THEMES = os.path.join(os.path.dirname(__file__), "themes")


@app.get("/admin/themes")
def themes():
    return {"themes": [t for t in os.listdir(THEMES) if os.path.isdir(os.path.join(THEMES, t))]}


@app.get("/admin/export")
def export():
    with open(os.path.join(THEMES, "manifest.json")) as f:  # expect: py/blocking-file-io@info
        return f.read()  # expect: py/blocking-file-io@info
