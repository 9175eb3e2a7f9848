# precision-cause: in-memory-file — json.dump into a StringIO writes memory, not a file.
# precision-open: the markers below are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
import json
from io import StringIO

from flask import Flask

app = Flask(__name__)


@app.get("/export")
def export():
    buffer = StringIO()
    json.dump({"tables": []}, buffer)  # expect: py/blocking-file-io
    return buffer.getvalue()
