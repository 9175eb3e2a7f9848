import * as assert from 'assert';
import { analyze, handlerSummary } from './helpers';
import { py, scanTree } from './scanTree';

describe('python handlers: fastapi / starlette', () => {
  it('finds routes on apps and routers, with dependencies followed', async () => {
    const model = await analyze(`
from typing import Annotated
from fastapi import FastAPI, APIRouter, Depends, Security
from .deps import get_settings

app = FastAPI()
router = APIRouter(prefix="/v1")

def get_db():
    pass

def get_user(db = Depends(get_db)):
    pass

@app.get("/items/{item_id}")
async def read_item(item_id: int, user = Depends(get_user)):
    pass

@router.post("/items")
def create_item(settings: Annotated[dict, Depends(get_settings)]):
    pass

@app.api_route("/multi", methods=["GET", "PUT"])
def multi():
    pass

@app.websocket("/ws")
async def ws(websocket):
    pass

@app.middleware("http")
async def add_header(request, call_next):
    pass

@app.on_event("startup")
async def startup():
    pass
`);
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':read_item', framework: 'fastapi', route: '/items/{item_id}', methods: ['GET'] },
      { ref: ':create_item', framework: 'fastapi', route: '/items', methods: ['POST'] },
      { ref: ':multi', framework: 'fastapi', route: '/multi', methods: ['GET', 'PUT'] },
      { ref: ':ws', framework: 'fastapi', route: '/ws' },
      { ref: ':add_header', framework: 'fastapi', route: 'middleware' },
      { ref: ':get_db', framework: 'fastapi', route: 'Depends' },
      { ref: ':get_user', framework: 'fastapi', route: 'Depends' },
      { ref: '.deps:get_settings', framework: 'fastapi', route: 'Depends' },
    ]);
    for (const h of model.handlers) assert.deepStrictEqual(h.contextByKind, { sync: 'threadpool', async: 'event-loop' });
  });

  it('finds Starlette routes, endpoints and middleware classes', async () => {
    const model = await analyze(`
from starlette.applications import Starlette
from starlette.routing import Route, WebSocketRoute, Mount
from starlette.endpoints import HTTPEndpoint
from starlette.middleware.base import BaseHTTPMiddleware

async def homepage(request):
    pass

class Users(HTTPEndpoint):
    async def get(self, request):
        pass

class Timing(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        pass

async def ws(websocket):
    pass

routes = [
    Route("/", homepage),
    Route("/users", endpoint=Users, methods=["GET"]),
    WebSocketRoute("/ws", ws),
    Mount("/static", app=None),
]
app = Starlette(routes=routes)
`);
    const endpointMethods = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'on_connect', 'on_receive', 'on_disconnect'];
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':homepage', framework: 'starlette', route: '/' },
      { ref: ':Users', framework: 'starlette', route: '/users', methods: ['GET'], classMethods: endpointMethods },
      { ref: ':ws', framework: 'starlette', route: '/ws' },
      { ref: ':Timing', framework: 'starlette', route: 'middleware', classMethods: ['dispatch'] },
    ]);
  });

  it("plain ASGI middleware classes added with add_middleware or Middleware(...) (their __call__), and exception handlers added with add_exception_handler, from another module; a library's middleware leads nowhere", async () => {
    const found = await scanTree({
      'app/__init__.py': '',
      'app/middleware.py': py(
        'import time',
        '',
        'class InstalledExtensionMiddleware:',
        '    def __init__(self, app):',
        '        self.app = app',
        '',
        '    async def __call__(self, scope, receive, send):',
        '        with open("/etc/extensions.json") as f:',
        '            f.read()',
        '        await self.app(scope, receive, send)',
        '',
        'class CSRFMiddleware:',
        '    def __init__(self, app):',
        '        time.sleep(1)',
        '        self.app = app',
        '',
        '    async def __call__(self, scope, receive, send):',
        '        time.sleep(0.01)',
        '        await self.app(scope, receive, send)',
        '',
        'async def not_found(request, exc):',
        '    time.sleep(0.5)',
      ),
      'app/main.py': py(
        'from fastapi import FastAPI',
        'from starlette.middleware import Middleware',
        'from starlette.middleware.cors import CORSMiddleware',
        'from app.middleware import InstalledExtensionMiddleware, CSRFMiddleware, not_found',
        '',
        'app = FastAPI(middleware=[Middleware(CSRFMiddleware)])',
        'app.add_middleware(InstalledExtensionMiddleware)',
        'app.add_middleware(CORSMiddleware, allow_origins=["*"])',
        'app.add_exception_handler(404, not_found)',
      ),
    });
    assert.deepStrictEqual(found.handlers.sort(), [
      'app/middleware.py CSRFMiddleware.__call__ fastapi middleware event-loop',
      'app/middleware.py InstalledExtensionMiddleware.__call__ fastapi middleware event-loop',
      'app/middleware.py not_found fastapi exception_handler event-loop',
    ]);
    // `__init__` runs once, when the app builds its middleware stack.
    assert.deepStrictEqual(found.findings.sort(), ['app/middleware.py:18 py/blocking-sleep', 'app/middleware.py:22 py/blocking-sleep', 'app/middleware.py:8 py/blocking-file-io', 'app/middleware.py:9 py/blocking-file-io']);
  });

  it("a callable injected with Depends and kept by a class built in another dependency (fief's UserManager.send_task, typed Callable[..., None]): calling it reaches the function the dependency gives", async () => {
    const found = await scanTree({
      'app/__init__.py': '',
      'app/tasks.py': py('import time', '', 'def send_task(actor, *args):', '    time.sleep(1)', '', 'def get_send_task():', '    return send_task'),
      'app/manager.py': py(
        'from typing import Callable',
        '',
        'class UserManager:',
        '    def __init__(self, send_task: Callable[..., None]) -> None:',
        '        self.send_task = send_task',
        '',
        '    async def create(self, email: str) -> None:',
        '        self.send_task("on_after_register", email)',
      ),
      'app/main.py': py(
        'from typing import Callable',
        'from fastapi import Depends, FastAPI',
        'from app.manager import UserManager',
        'from app.tasks import get_send_task',
        '',
        'app = FastAPI()',
        '',
        'async def get_user_manager(send_task: Callable[..., None] = Depends(get_send_task)) -> UserManager:',
        '    return UserManager(send_task)',
        '',
        '@app.post("/register")',
        'async def register(email: str, manager: UserManager = Depends(get_user_manager)):',
        '    await manager.create(email)',
      ),
    });
    assert.deepStrictEqual(found.findings.sort(), ['app/main.py:13 py/via-call', 'app/tasks.py:4 py/blocking-sleep']);
  });

  it('treats the annotated class of a bare Depends() as a dependency', async () => {
    const model = await analyze(`
from fastapi import FastAPI, Depends
from .services import ReportService

app = FastAPI()

class Local:
    def __init__(self):
        pass

@app.get("/r")
async def report(svc: ReportService = Depends(), local: Local = Depends(), n: int = 1):
    pass
`);
    assert.deepStrictEqual(handlerSummary(model).slice(1), [
      { ref: '.services:ReportService', framework: 'fastapi', route: 'Depends', classMethods: ['__init__'] },
      { ref: ':Local', framework: 'fastapi', route: 'Depends', classMethods: ['__init__'] },
    ]);
  });

  it('finds add_api_route and routers imported from another module', async () => {
    const model = await analyze(`
from fastapi import APIRouter
from .routers import items_router

def listing():
    pass

r = APIRouter()
r.add_api_route("/list", listing, methods=["GET"])

@items_router.get("/x")
async def x():
    pass
`);
    // Other frameworks' routers may be imported too: those candidates wait for the index to say what `items_router` is bound to.
    assert.deepStrictEqual(handlerSummary({ ...model, handlers: model.handlers.filter((h) => !h.ownerClass?.variable) }), [
      { ref: ':x', framework: 'fastapi', route: '/x', methods: ['GET'] },
      { ref: ':listing', framework: 'fastapi', route: '/list', methods: ['GET'] },
    ]);
  });

  it('a dependency made by a call: an instance FastAPI calls (its __call__), or the function a factory returns (Netflix dispatch\'s PermissionsDependency)', async () => {
    const found = await scanTree({
      'app/__init__.py': '',
      'app/perms.py': py(
        'import time',
        '',
        'class PermissionsDependency:',
        '    def __init__(self, classes):',
        '        self.classes = classes',
        '',
        '    async def __call__(self, request):',
        '        time.sleep(0.1)',
        '',
        'def require_role(role):',
        '    async def checker(request):',
        '        time.sleep(0.2)',
        '    return checker',
      ),
      'app/main.py': py(
        'from fastapi import Depends, FastAPI',
        'from .perms import PermissionsDependency, require_role',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/a", dependencies=[Depends(PermissionsDependency(["x"]))])',
        'async def a():',
        '    return {}',
        '',
        '@app.get("/b", dependencies=[Depends(require_role("admin"))])',
        'async def b():',
        '    return {}',
      ),
    });
    assert.deepStrictEqual(found.handlers.filter((h) => h.includes(' Depends ')).sort(), [
      'app/perms.py PermissionsDependency.__call__ fastapi Depends event-loop',
      'app/perms.py require_role.checker fastapi Depends event-loop',
    ]);
    assert.deepStrictEqual(found.findings.sort(), ['app/perms.py:12 py/blocking-sleep', 'app/perms.py:8 py/blocking-sleep']);
  });
});
