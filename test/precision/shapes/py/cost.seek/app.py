# precision-cause: cost — seek()/tell() on an open file move the file position (an lseek): no data is read.
# Seen in esphome: yaml_util rewinds the already-open YAML file with seek(0) before trying the second loader.
# Fixed: py/blocking-file-io leaves seek and tell out; the read that follows is still reported.
from aiohttp import web

routes = web.RouteTableDef()


@routes.post("/validate")
async def validate(request):
    with open("/config/main.yaml", encoding="utf-8") as fh:  # expect: py/blocking-file-io
        start = fh.tell()
        fh.seek(0)
        text = fh.read()  # expect: py/blocking-file-io
    return web.json_response({"start": start, "size": len(text)})
