# precision-cause: wrong-dispatch — a method the receiver's class inherits from a shared base was dispatched to
# every subclass of that base, siblings of the receiver's class included.
# Seen in maubot: `loader: PluginLoader` and `self.loader.read_file(...)`; read_file is declared on
# BasePluginLoader, and FileSystemLoader (the standalone loader) derives from BasePluginLoader, not PluginLoader.
# Fixed: overrides are looked for among subclasses of the class the method was looked up on.
import time
from abc import ABC, abstractmethod

from aiohttp import web


class BasePluginLoader(ABC):
    @abstractmethod
    async def read_file(self, path: str) -> bytes:
        pass


class PluginLoader(BasePluginLoader, ABC):
    id_cache: dict = {}

    @classmethod
    def find(cls, plugin_id: str) -> "PluginLoader":
        return cls.id_cache[plugin_id]


class ZippedPluginLoader(PluginLoader):
    async def read_file(self, path: str) -> bytes:
        time.sleep(0.01)  # expect: py/blocking-sleep
        return b""


class FileSystemLoader(BasePluginLoader):  # the standalone runner's loader
    def __init__(self, root: str):
        self.root = root

    async def read_file(self, path: str) -> bytes:
        with open(f"{self.root}/{path}", "rb") as f:
            return f.read()


class PluginInstance:
    loader: PluginLoader | None

    async def start(self) -> bytes:
        self.loader = PluginLoader.find("xyz.maubot.echo")
        return await self.loader.read_file("base-config.yaml")


routes = web.RouteTableDef()


@routes.put("/instance/{id}")
async def update_instance(request):
    return web.Response(body=await PluginInstance().start())  # expect: py/via-call
