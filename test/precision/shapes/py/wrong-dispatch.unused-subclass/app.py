# precision-cause: wrong-dispatch — an attribute typed as the abstract loader is dispatched to every subclass,
# precision-open: the markers in this shape are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
# including one only the standalone entry point / test fixtures construct (maubot FileSystemLoader).
# First seen in maubot, whose own case turned out to be a sibling of the receiver's class (fixed:
# wrong-dispatch.sibling-of-receiver); this shape keeps the harder case, where the unused subclass derives
# from the receiver's declared class itself.
# Fix (cheap): when a subclass is instantiated only from a different entry point (__main__ of another package)
# or test code, leave it out of the dispatch set for handlers of this app; at least name the subclass in the message.
from aiohttp import web


class BaseLoader:
    async def read_file(self, path: str) -> bytes:
        raise NotImplementedError


class ZippedLoader(BaseLoader):
    def __init__(self, files: dict):
        self._files = files

    async def read_file(self, path: str) -> bytes:
        return self._files[path]


class FileSystemLoader(BaseLoader):  # built only in standalone/__main__.py and tests
    def __init__(self, root):
        self.root = root

    async def read_file(self, path: str) -> bytes:
        with open(f"{self.root}/{path}", "rb") as f:  # expect: py/blocking-file-io
            return f.read()  # expect: py/blocking-file-io


class Instance:
    loader: BaseLoader

    async def start(self):
        return await self.loader.read_file("base-config.yaml")


routes = web.RouteTableDef()


@routes.put("/instance/{id}")
async def update_instance(request):
    inst = Instance()
    inst.loader = ZippedLoader({"base-config.yaml": b""})
    return web.Response(body=await inst.start())  # expect: py/via-call
