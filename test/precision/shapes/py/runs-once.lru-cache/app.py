# precision-cause: runs-once — the settings file is read by an @lru_cache function: once per process.
# precision-open: the markers below are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
from functools import lru_cache

from fastapi import FastAPI

app = FastAPI()


@lru_cache
def get_settings() -> str:
    with open("/run/secrets/settings") as f:  # expect: py/blocking-file-io
        return f.read()  # expect: py/blocking-file-io


@app.get("/settings")
async def settings():
    return {"value": get_settings()}  # expect: py/via-call
