# precision-cause: streamed-generator — a plain generator handed to StreamingResponse runs in the thread Starlette iterates it in, not on the loop (frigate's MJPEG feed).
import subprocess
import time

from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


def imagestream(fps: int):
    while True:
        time.sleep(1 / fps)
        yield b"--frame\r\n"


@app.get("/{camera}/mjpeg")
async def mjpeg_feed(camera: str, fps: int = 3):
    return StreamingResponse(imagestream(fps), media_type="multipart/x-mixed-replace;boundary=frame")


@app.get("/clip.mp4")
async def clip():
    def run_download(cmd: list[str]):
        with subprocess.Popen(cmd, stdout=subprocess.PIPE) as ffmpeg:
            while data := ffmpeg.stdout.read(8192):
                yield data

    return StreamingResponse(run_download(["ffmpeg", "-i", "in.mp4", "pipe:"]), media_type="video/mp4")
