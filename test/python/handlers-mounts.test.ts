/**
 * Routers mounted under prefixes across modules (mealie's `APIRouter(prefix=...)`
 * included into an `/api` router, a Flask app registering blueprints with
 * `url_prefix`): each route joined with every prefix above it.
 */
import * as assert from 'assert';
import { py, scanTree } from './scanTree';

describe('python handlers: routers mounted under prefixes', () => {
  it('FastAPI: APIRouter(prefix=...) and include_router(..., prefix=...) across modules, a router included by module attribute', async () => {
    const { handlers } = await scanTree({
      'app/__init__.py': '',
      'app/main.py': py(
        'from fastapi import FastAPI',
        'from app.routes import router as api_router',
        '',
        'app = FastAPI()',
        'app.include_router(api_router)',
        '',
        '@app.get("/health")',
        'def health():',
        '    pass',
      ),
      'app/routes/__init__.py': py(
        'from fastapi import APIRouter',
        'from . import users, groups',
        '',
        'router = APIRouter(prefix="/api")',
        'router.include_router(users.router)',
        'router.include_router(groups.router, prefix="/groups")',
      ),
      'app/routes/users.py': py(
        'from fastapi import APIRouter',
        '',
        'router = APIRouter(prefix="/users")',
        '',
        '@router.get("/{user_id}")',
        'async def get_user(user_id: int):',
        '    pass',
      ),
      'app/routes/groups.py': py(
        'from fastapi import APIRouter',
        '',
        'router = APIRouter()',
        '',
        '@router.post("")',
        'async def create_group():',
        '    pass',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'app/main.py health fastapi /health threadpool',
      'app/routes/groups.py create_group fastapi /api/groups event-loop',
      'app/routes/users.py get_user fastapi /api/users/{user_id} event-loop',
    ]);
  });

  it('a router is known where it is assigned: mounted through a re-export (a package __init__), routed on through an import', async () => {
    const { handlers } = await scanTree({
      'app/__init__.py': '',
      'app/main.py': py(
        'from fastapi import FastAPI',
        'from app.api import users_router',
        '',
        'app = FastAPI()',
        'app.include_router(users_router, prefix="/v1")',
      ),
      'app/api/__init__.py': py('from app.api.users import router as users_router'),
      'app/api/users.py': py(
        'from fastapi import APIRouter',
        '',
        'router = APIRouter(prefix="/users")',
        '',
        '@router.get("/me")',
        'async def me():',
        '    pass',
      ),
      'site/__init__.py': py(
        'from flask import Flask',
        'from site.views import pages',
        '',
        'app = Flask(__name__)',
        'app.register_blueprint(pages, url_prefix="/p")',
      ),
      'site/views/__init__.py': py('from .pages import pages'),
      'site/views/pages.py': py(
        'from flask import Blueprint',
        '',
        'pages = Blueprint("pages", __name__)',
        '',
        '@pages.route("/about")',
        'def about():',
        '    pass',
      ),
      // Routes declared in one module on a router another module assigns and a third mounts.
      'shop/__init__.py': '',
      'shop/main.py': py(
        'from fastapi import FastAPI',
        'from shop.routing import router',
        'import shop.items',
        '',
        'app = FastAPI()',
        'app.include_router(router, prefix="/shop")',
      ),
      'shop/routing.py': py('from fastapi import APIRouter', '', 'router = APIRouter(prefix="/v1")'),
      'shop/items.py': py('from shop.routing import router', '', '@router.get("/items")', 'async def items():', '    pass'),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'app/api/users.py me fastapi /v1/users/me event-loop',
      'shop/items.py items fastapi /shop/v1/items event-loop',
      'site/views/pages.py about flask /p/about sync-worker',
    ]);
  });

  it('Flask: Blueprint(url_prefix=...) registered on the app with its own url_prefix, from another module', async () => {
    const { handlers } = await scanTree({
      'site/__init__.py': py(
        'from flask import Flask',
        'from site.admin import admin',
        'from site.public import bp as public',
        '',
        'app = Flask(__name__)',
        'app.register_blueprint(admin, url_prefix="/v1")',
        'app.register_blueprint(public)',
      ),
      'site/admin.py': py(
        'from flask import Blueprint',
        '',
        'admin = Blueprint("admin", __name__, url_prefix="/admin")',
        '',
        '@admin.route("/users")',
        'def users():',
        '    pass',
      ),
      'site/public.py': py(
        'from flask import Blueprint',
        '',
        'bp = Blueprint("public", __name__)',
        '',
        '@bp.route("/")',
        'def index():',
        '    pass',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), ['site/admin.py users flask /v1/admin/users sync-worker', 'site/public.py index flask / sync-worker']);
  });
});

describe('python handlers: flask-restx namespaces', () => {
  it('@ns.route resources under add_namespace(ns, "/x") of an Api on a blueprint with url_prefix', async () => {
    const { handlers } = await scanTree({
      'ctf/__init__.py': '',
      'ctf/api/__init__.py': py(
        'from flask import Blueprint',
        'from flask_restx import Api',
        'from ctf.api.v1.config import configs_namespace',
        '',
        'api = Blueprint("api", __name__, url_prefix="/api/v1")',
        'api_v1 = Api(api, version="v1")',
        'api_v1.add_namespace(configs_namespace, "/configs")',
      ),
      'ctf/api/v1/__init__.py': '',
      'ctf/api/v1/config.py': py(
        'from flask_restx import Namespace, Resource',
        '',
        'configs_namespace = Namespace("configs")',
        '',
        '@configs_namespace.route("/<config_key>")',
        'class Config(Resource):',
        '    def get(self, config_key):',
        '        pass',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), ['ctf/api/v1/config.py Config.get flask /api/v1/configs/<config_key> sync-worker']);
  });
});
