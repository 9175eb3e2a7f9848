# precision-cause: in-memory-file — json.dump into a StringIO writes memory, not a file.
import json
from io import StringIO

from flask import Flask

app = Flask(__name__)


@app.get("/export")
def export():
    buffer = StringIO()
    json.dump({"tables": []}, buffer)
    return buffer.getvalue()
