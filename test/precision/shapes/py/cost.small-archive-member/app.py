# precision-cause: cost — ZipFile over an in-memory upload, reading one small named metadata member
# (a few hundred bytes of maubot.yaml): inflating it is microseconds.
# Seen in maubot: ZippedPluginLoader.verify_meta(BytesIO(content)) -> ZipFile(source).read("maubot.yaml")
# (3 findings). Fixed: py/cpu-archive's cost model skips ZipFile().read of a literal manifest or config
# member name (*.yaml, *.toml, *.cfg, *.ini, MANIFEST.MF, METADATA); *.json members stay reported (data).
import io
import zipfile

from aiohttp import web

routes = web.RouteTableDef()


def verify_meta(source):
    file = zipfile.ZipFile(source)
    data = file.read("maubot.yaml")
    return data.decode()


@routes.post("/plugins/upload")
async def upload_plugin(request):
    content = await request.read()
    meta = verify_meta(io.BytesIO(content))
    return web.json_response({"meta": meta})
