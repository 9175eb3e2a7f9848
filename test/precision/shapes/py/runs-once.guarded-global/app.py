# precision-cause: runs-once — a module global filled while it is None: the first request only.
# precision-open: the markers below are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
import json

from fastapi import FastAPI

app = FastAPI()
_config = None


def load_config() -> dict:
    global _config
    if _config is None:
        with open("logging.json") as f:  # expect: py/blocking-file-io
            _config = json.load(f)  # expect: py/blocking-file-io
    return _config


@app.get("/config")
async def config():
    return load_config()  # expect: py/via-call
