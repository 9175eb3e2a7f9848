# precision-cause: cost — ZipFile over an in-memory upload, reading one small named metadata member
# precision-open: the markers in this shape are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
# (a few hundred bytes of maubot.yaml): inflating it is microseconds.
# Seen in maubot: ZippedPluginLoader.verify_meta(BytesIO(content)) -> ZipFile(source).read("maubot.yaml")
# (3 findings). Fix: in the cost model, ZipFile(...).read(<constant member name>) of a metadata file
# (*.yaml, *.json, *.toml, META-INF/*) is not cpu-archive; the size of the whole archive does not matter.
import io
import zipfile

from aiohttp import web

routes = web.RouteTableDef()


def verify_meta(source):
    file = zipfile.ZipFile(source)
    data = file.read("maubot.yaml")  # expect: py/cpu-archive
    return data.decode()


@routes.post("/plugins/upload")
async def upload_plugin(request):
    content = await request.read()
    meta = verify_meta(io.BytesIO(content))  # expect: py/via-call
    return web.json_response({"meta": meta})
