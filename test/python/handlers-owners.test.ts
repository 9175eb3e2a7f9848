/**
 * Registrations made on objects whose class is a project subclass of the
 * framework's router or API class, and project wrappers of registration
 * methods: the shapes of mealie (UserAPIRouter, controllers) and redash
 * (ApiExt.add_org_resource), written from scratch and scanned from disk.
 */
import * as assert from 'assert';
import { py, scanTree } from './scanTree';

describe('python handlers: routers and APIs of project classes', () => {
  it('FastAPI: routes on a project APIRouter subclass defined in another module, also inside a controller class', async () => {
    const { handlers, findings } = await scanTree({
      'app/__init__.py': '',
      'app/routes/__init__.py': '',
      'app/routes/base/__init__.py': '',
      'app/routes/base/routers.py': py(
        'from fastapi import APIRouter, Depends',
        '',
        'def current_user():',
        '    return None',
        '',
        'class UserAPIRouter(APIRouter):',
        '    def __init__(self, prefix="", **kwargs):',
        '        super().__init__(prefix=prefix, dependencies=[Depends(current_user)], **kwargs)',
        '',
        'class AdminAPIRouter(UserAPIRouter):',
        '    pass',
        '',
        'class Registry:',
        '    def get(self, path):',
        '        return lambda f: f',
      ),
      'app/routes/base/controller.py': py(
        'def controller(router):',
        '    def decorator(cls):',
        '        return cls',
        '    return decorator',
      ),
      'app/routes/recipes.py': py(
        'import time',
        'from app.routes.base.routers import UserAPIRouter, AdminAPIRouter, Registry',
        'from app.routes.base.controller import controller',
        '',
        'router = UserAPIRouter(prefix="/recipes")',
        'admin = AdminAPIRouter(prefix="/admin")',
        'registry = Registry()',
        '',
        '@router.get("/{slug}")',
        'async def get_recipe(slug: str):',
        '    time.sleep(1)',
        '',
        '@admin.delete("/{slug}")',
        'def delete_recipe(slug: str):',
        '    pass',
        '',
        '@registry.get("/not-a-route")',
        'async def not_a_route():',
        '    time.sleep(1)',
        '',
        '@controller(router)',
        'class RecipeController:',
        '    @router.post("")',
        '    def create(self):',
        '        time.sleep(1)',
      ),
    });
    assert.deepStrictEqual(
      handlers.filter((h) => h.startsWith('app/routes/recipes.py')).sort(),
      [
        // Each route under its router's own prefix.
        'app/routes/recipes.py RecipeController.create fastapi /recipes threadpool',
        'app/routes/recipes.py delete_recipe fastapi /admin/{slug} threadpool',
        'app/routes/recipes.py get_recipe fastapi /recipes/{slug} event-loop',
      ],
    );
    assert.ok(findings.includes('app/routes/recipes.py:11 py/blocking-sleep'), findings.join('\n'));
    assert.ok(!findings.includes('app/routes/recipes.py:19 py/blocking-sleep'), findings.join('\n'));
  });

  it("Flask: routes on a blueprint whose class is a subclass, in the registering module, of a project Blueprint subclass imported from another (pgAdmin's DashboardModule(PgAdminModule)); a local subclass of an unrelated imported class is no blueprint", async () => {
    const { handlers, findings } = await scanTree({
      'app/__init__.py': py('from flask import Flask', 'app = Flask(__name__)', 'from app.dash import blueprint', 'app.register_blueprint(blueprint)'),
      'app/utils/__init__.py': py('from flask import Blueprint', '', 'class PgAdminModule(Blueprint):', '    def menu_items(self):', '        return {}'),
      'app/utils/registry.py': py('class Registry:', '    def route(self, rule):', '        return lambda f: f'),
      'app/dash/__init__.py': py(
        'import time',
        'from app.utils import PgAdminModule',
        'from app.utils.registry import Registry',
        '',
        'class DashboardModule(PgAdminModule):',
        '    pass',
        '',
        'class Metrics(DashboardModule):',
        '    pass',
        '',
        'class Commands(Registry):',
        '    pass',
        '',
        'blueprint = Metrics("dashboard", __name__)',
        'commands = Commands()',
        '',
        '@blueprint.route("/activity")',
        'def activity():',
        '    time.sleep(1)',
        '',
        '@commands.route("/not-a-route")',
        'def not_a_route():',
        '    time.sleep(1)',
      ),
    });
    assert.deepStrictEqual(handlers.filter((h) => h.startsWith('app/dash')), ['app/dash/__init__.py activity flask /activity sync-worker']);
    assert.deepStrictEqual(findings.filter((f) => f.startsWith('app/dash')), ['app/dash/__init__.py:19 py/blocking-sleep']);
  });

  it("Flask: a blueprint a package's __init__ binds, imported by its views relatively (`from . import main`, the Flasky layout), and Flask-SocketIO events on a server imported from the package above (`from ... import socketio as sio`, pgAdmin's tools)", async () => {
    const { handlers, findings } = await scanTree({
      'app/__init__.py': py(
        'from flask import Flask',
        'from flask_socketio import SocketIO',
        '',
        'socketio = SocketIO(async_mode="threading")',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    from .main import main as main_blueprint',
        '    app.register_blueprint(main_blueprint)',
        '    socketio.init_app(app)',
        '    return app',
      ),
      'app/main/__init__.py': py('from flask import Blueprint', '', 'main = Blueprint("main", __name__)', '', 'from . import views'),
      'app/main/views.py': py('import time', 'from . import main', '', '@main.route("/")', 'def index():', '    time.sleep(1)', '    return "x"'),
      'app/tools/__init__.py': '',
      'app/tools/psql/__init__.py': py('import time', 'from ... import socketio as sio', '', '@sio.on("start", namespace="/pty")', 'def start(params):', '    time.sleep(1)'),
    });
    assert.deepStrictEqual(
      handlers.filter((h) => !h.startsWith('app/__init__')).sort(),
      ['app/main/views.py index flask / sync-worker', 'app/tools/psql/__init__.py start socketio start sync-worker'],
    );
    assert.deepStrictEqual(findings.sort(), ['app/main/views.py:6 py/blocking-sleep', 'app/tools/psql/__init__.py:6 py/blocking-sleep']);
  });

  it('flask-restful: add_resource, a project wrapper of it on an Api subclass, and an Api subclass from another module', async () => {
    const { handlers, findings } = await scanTree({
      'dash/__init__.py': '',
      'dash/handlers/__init__.py': '',
      'dash/handlers/base.py': py(
        'from flask_restful import Resource',
        '',
        'class BaseResource(Resource):',
        '    def dispatch_request(self, *args, **kwargs):',
        '        kwargs.pop("org_slug", None)',
        '        return super().dispatch_request(*args, **kwargs)',
      ),
      'dash/handlers/alerts.py': py(
        'import requests',
        'from dash.handlers.base import BaseResource',
        '',
        'class AlertResource(BaseResource):',
        '    def get(self, alert_id):',
        '        return requests.get("https://hooks.example.com/" + alert_id, timeout=5).json()',
        '',
        '    def delete(self, alert_id):',
        '        pass',
        '',
        'class AlertListResource(BaseResource):',
        '    def post(self):',
        '        pass',
      ),
      'dash/handlers/api.py': py(
        'from flask_restful import Api',
        'from dash.handlers.alerts import AlertResource, AlertListResource',
        '',
        'def org_scoped_rule(rule):',
        '    return "/<org_slug>" + rule',
        '',
        'class ApiExt(Api):',
        '    def add_org_resource(self, resource, *urls, **kwargs):',
        '        urls = [org_scoped_rule(url) for url in urls]',
        '        return self.add_resource(resource, *urls, **kwargs)',
        '',
        'api = ApiExt()',
        '',
        'api.add_org_resource(AlertResource, "/api/alerts/<alert_id>", endpoint="alert")',
        'api.add_resource(AlertListResource, "/api/alerts", endpoint="alerts")',
      ),
      'dash/extra/__init__.py': '',
      'dash/extra/api.py': py(
        'from dash.handlers.api import ApiExt',
        'from dash.extra.views import ExportResource',
        '',
        'extra_api = ApiExt()',
        'extra_api.add_resource(ExportResource, "/api/export")',
      ),
      'dash/extra/views.py': py(
        'import subprocess',
        '',
        'class ExportResource:',
        '    def get(self):',
        '        subprocess.run(["pg_dump"])',
      ),
    });
    assert.deepStrictEqual(handlers.filter((h) => !h.startsWith('dash/handlers/base.py')).sort(), [
      'dash/extra/views.py ExportResource.get flask /api/export sync-worker',
      // dispatch_request is inherited from BaseResource and runs for each resource's requests.
      'dash/handlers/alerts.py AlertListResource.dispatch_request flask /api/alerts sync-worker',
      'dash/handlers/alerts.py AlertListResource.post flask /api/alerts sync-worker',
      'dash/handlers/alerts.py AlertResource.delete flask /api/alerts/<alert_id> sync-worker',
      'dash/handlers/alerts.py AlertResource.dispatch_request flask /api/alerts/<alert_id> sync-worker',
      'dash/handlers/alerts.py AlertResource.get flask /api/alerts/<alert_id> sync-worker',
    ]);
    assert.ok(findings.includes('dash/handlers/alerts.py:6 py/blocking-http'), findings.join('\n'));
    assert.ok(findings.includes('dash/extra/views.py:5 py/blocking-subprocess'), findings.join('\n'));
  });

  it('Django: each view inheriting get() from a generic base is a handler, and the base body calls the subclass override', async () => {
    const { handlers, findings } = await scanTree({
      'site/__init__.py': '',
      'site/views/__init__.py': '',
      'site/views/generic.py': py(
        'from django.views import View',
        '',
        'class BaseObjectView(View):',
        '    def get_extra_context(self, request):',
        '        return {}',
        '',
        'class ObjectView(BaseObjectView):',
        '    def get(self, request, pk):',
        '        return self.get_extra_context(request)',
      ),
      'site/dcim/__init__.py': '',
      'site/dcim/views.py': py(
        'import requests',
        'from site.views import generic',
        'from site.utils import register_model_view',
        '',
        '@register_model_view("region")',
        'class RegionView(generic.ObjectView):',
        '    def get_extra_context(self, request):',
        '        return requests.get("https://geo.example.com", timeout=3).json()',
        '',
        '@register_model_view("site")',
        'class SiteView(generic.ObjectView):',
        '    pass',
      ),
      'site/utils.py': py('def register_model_view(name):', '    return lambda cls: cls'),
    });
    assert.deepStrictEqual(handlers.filter((h) => h.startsWith('site/dcim')).sort(), [
      'site/dcim/views.py RegionView.get django - sync-worker',
      'site/dcim/views.py SiteView.get django - sync-worker',
    ]);
    // RegionView.get runs ObjectView.get, whose self.get_extra_context() is RegionView's.
    assert.ok(findings.includes('site/dcim/views.py:8 py/blocking-http'), findings.join('\n'));
    assert.ok(findings.includes('site/views/generic.py:9 py/via-call'), findings.join('\n'));
  });
});

describe('python handlers: an add_resource wrapper defined in another module', () => {
  it('flask-restful: calls of a module function and of an Api subclass method that pass their resource on, from other modules', async () => {
    const { handlers, findings } = await scanTree({
      'dash/__init__.py': '',
      'dash/handlers/__init__.py': '',
      'dash/handlers/api.py': py(
        'from flask_restful import Api',
        '',
        'api = Api()',
        '',
        'def org_scoped_rule(rule):',
        '    return "/<org_slug>" + rule',
        '',
        'def add_org_resource(resource, *urls, **kwargs):',
        '    org_urls = [org_scoped_rule(url) for url in urls]',
        '    api.add_resource(resource, *org_urls, **kwargs)',
        '',
        'class ApiExt(Api):',
        '    def add_org_resource(self, resource, *urls, **kwargs):',
        '        return self.add_resource(resource, *[org_scoped_rule(url) for url in urls], **kwargs)',
        '',
        'ext = ApiExt()',
        '',
        'def log_event(kind, message):',
        '    pass',
      ),
      'dash/handlers/alerts.py': py(
        'import requests',
        'from flask_restful import Resource',
        '',
        'class AlertResource(Resource):',
        '    def get(self, alert_id):',
        '        return requests.get("https://hooks.example.com/" + alert_id, timeout=5).json()',
      ),
      'dash/handlers/queries.py': py(
        'import time',
        'from flask_restful import Resource',
        '',
        'class QueryResource(Resource):',
        '    def post(self, query_id):',
        '        time.sleep(1)',
        '',
        'class NotARoute(Resource):',
        '    pass',
      ),
      'dash/routes.py': py(
        'from dash.handlers.api import add_org_resource, ext, log_event',
        'from dash.handlers import api as api_module',
        'from dash.handlers.alerts import AlertResource',
        'from dash.handlers.queries import QueryResource, NotARoute',
        '',
        'add_org_resource(AlertResource, "/api/alerts/<alert_id>", endpoint="alert")',
        'ext.add_org_resource(QueryResource, "/api/queries/<query_id>")',
        'log_event(NotARoute, "/not/a/route")',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'dash/handlers/alerts.py AlertResource.get flask /api/alerts/<alert_id> sync-worker',
      'dash/handlers/queries.py QueryResource.post flask /api/queries/<query_id> sync-worker',
    ]);
    assert.ok(findings.includes('dash/handlers/alerts.py:6 py/blocking-http'), findings.join('\n'));
    assert.ok(findings.includes('dash/handlers/queries.py:6 py/blocking-sleep'), findings.join('\n'));
  });
});

describe('python handlers: an add_url_rule helper, in the same module and in another', () => {
  it('Flask: `add_route(rule, view)` and a method passing its parameters on to `add_url_rule` register the view they are given, with the rule they are given', async () => {
    const { handlers, findings } = await scanTree({
      'site/__init__.py': py(
        'from flask import Flask, Blueprint',
        '',
        'app = Flask(__name__)',
        'admin = Blueprint("admin", __name__)',
        '',
        'def add_route(rule, view, methods=("GET",)):',
        '    app.add_url_rule(rule, view.__name__, view, methods=list(methods))',
        '',
        'class Section:',
        '    def __init__(self, blueprint):',
        '        self.blueprint = blueprint',
        '',
        '    def page(self, handler, rule):',
        '        admin.add_url_rule(rule, view_func=handler)',
        '',
        'def track(name, fn):',
        '    return fn',
        '',
        'def health():',
        '    return "ok"',
        '',
        'add_route("/health", health)',
      ),
      'site/views.py': py(
        'import time',
        'import requests',
        'from site import add_route, Section, admin, track',
        '',
        'def report():',
        '    return requests.get("https://stats.example.com", timeout=5).text',
        '',
        'def audit():',
        '    time.sleep(1)',
        '',
        'def not_a_view():',
        '    time.sleep(2)',
        '',
        'add_route("/report", report)',
        'Section(admin).page(audit, "/admin/audit")',
        'track("/not/a/route", not_a_view)',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'site/__init__.py health flask /health sync-worker',
      'site/views.py audit flask /admin/audit sync-worker',
      'site/views.py report flask /report sync-worker',
    ]);
    assert.deepStrictEqual(findings.sort(), ['site/views.py:6 py/blocking-http', 'site/views.py:9 py/blocking-sleep']);
  });
});

describe('python handlers: router and class factories', () => {
  it('routes on what a project factory returns (same module, another module, a variable bound to its result) and a class a factory returns used as a base', async () => {
    const { handlers, findings } = await scanTree({
      'app/__init__.py': '',
      'app/factory.py': py(
        'import time',
        'from fastapi import APIRouter',
        'import tornado.web',
        '',
        'def make_router():',
        '    r = APIRouter()',
        '',
        '    @r.get("/inside")',
        '    async def inside():',
        '        time.sleep(1)',
        '',
        '    return r',
        '',
        'def make_cache():',
        '    return {}',
        '',
        'def make_base():',
        '    class Base(tornado.web.RequestHandler):',
        '        def prepare(self):',
        '            pass',
        '    return Base',
      ),
      'app/routes.py': py(
        'import time',
        'from app.factory import make_router, make_base, make_cache',
        '',
        'router = make_router()',
        'cache = make_cache()',
        '',
        '@router.get("/outside")',
        'async def outside():',
        '    time.sleep(1)',
        '',
        '@cache.get("/not-a-route")',
        'async def not_a_route():',
        '    time.sleep(1)',
        '',
        'class Main(make_base()):',
        '    async def get(self):',
        '        time.sleep(1)',
      ),
      'app/more.py': py(
        'import time',
        'from app.routes import router',
        '',
        '@router.post("/more")',
        'async def more():',
        '    time.sleep(1)',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'app/factory.py make_base.Base.prepare tornado - event-loop',
      'app/factory.py make_router.inside fastapi /inside event-loop',
      'app/more.py more fastapi /more event-loop',
      'app/routes.py Main.get tornado - event-loop',
      'app/routes.py Main.prepare tornado - event-loop',
      'app/routes.py outside fastapi /outside event-loop',
    ]);
    assert.ok(findings.includes('app/routes.py:9 py/blocking-sleep'), findings.join('\n'));
    assert.ok(findings.includes('app/routes.py:17 py/blocking-sleep'), findings.join('\n'));
    assert.ok(!findings.includes('app/routes.py:13 py/blocking-sleep'), findings.join('\n'));
  });
  it('routes on a router class a factory returns, bound to a module variable and imported by its absolute name (polar: APIRouter = get_api_router_class(APIRoute))', async () => {
    const { handlers, findings } = await scanTree({
      'app/__init__.py': '',
      'app/kit/__init__.py': '',
      'app/kit/routing.py': py(
        'from typing import Any',
        'from fastapi import APIRouter as _APIRouter',
        '',
        'def get_api_router_class(route_class: Any) -> type[_APIRouter]:',
        '    class _CustomAPIRouter(_APIRouter):',
        '        def __init__(self, *args: Any, **kwargs: Any) -> None:',
        '            kwargs["route_class"] = route_class',
        '            super().__init__(*args, **kwargs)',
        '    return _CustomAPIRouter',
        '',
        'def unannotated_router_class(route_class):',
        '    class _Router(_APIRouter):',
        '        pass',
        '    return _Router',
        '',
        'def registry_class():',
        '    class _Registry:',
        '        def get(self, path):',
        '            return lambda f: f',
        '    return _Registry',
      ),
      'app/routing.py': py(
        'from fastapi.routing import APIRoute',
        'from app.kit.routing import get_api_router_class, unannotated_router_class, registry_class',
        '',
        'APIRouter = get_api_router_class(APIRoute)',
        'PlainRouter = unannotated_router_class(APIRoute)',
        'Registry = registry_class()',
      ),
      'app/items.py': py(
        'import time',
        'from app.routing import APIRouter, PlainRouter, Registry',
        '',
        'router = APIRouter(prefix="/items")',
        'plain = PlainRouter(prefix="/plain")',
        'registry = Registry()',
        '',
        '@router.get("/{id}")',
        'async def get_item(id: str):',
        '    time.sleep(1)',
        '',
        '@plain.post("/")',
        'async def create_plain():',
        '    time.sleep(1)',
        '',
        '@registry.get("/not-a-route")',
        'async def not_a_route():',
        '    time.sleep(1)',
      ),
      'app/main.py': py(
        'from fastapi import FastAPI',
        'from app.items import router, plain',
        '',
        'app = FastAPI()',
        'app.include_router(router, prefix="/v1")',
        'app.include_router(plain)',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'app/items.py create_plain fastapi /plain/ event-loop',
      'app/items.py get_item fastapi /v1/items/{id} event-loop',
    ]);
    assert.deepStrictEqual(findings.sort(), ['app/items.py:10 py/blocking-sleep', 'app/items.py:14 py/blocking-sleep']);
  });
});
