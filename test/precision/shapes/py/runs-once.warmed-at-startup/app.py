# precision-cause: runs-once — an @lru_cache settings loader that module code calls at import (mealie's get_app_settings()):
# its cache is filled before the first request, so the file reads behind it never run on a request.
from fastapi import FastAPI

from config import get_settings

settings = get_settings()
app = FastAPI()


@app.get("/settings")
async def show_settings():
    return {"value": get_settings()}
