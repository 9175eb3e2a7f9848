# precision-cause: cost — mkdir(exist_ok=True) of a directory that exists is one cheap syscall.
# precision-open: the markers below are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()
DATA = Path("/app/data")


def ensure_dir(folder: Path) -> Path:
    folder.mkdir(exist_ok=True, parents=True)  # expect: py/blocking-fs-metadata
    return folder


@app.get("/recipes/{recipe_id}/image")
async def image(recipe_id: str):
    return FileResponse(ensure_dir(DATA / "recipes" / recipe_id) / "original.webp")  # expect: py/via-call
