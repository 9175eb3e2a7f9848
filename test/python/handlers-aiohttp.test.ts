import * as assert from 'assert';
import { analyze, handlerSummary } from './helpers';
import { py, scanTree } from './scanTree';

describe('python handlers: aiohttp', () => {
  it('finds RouteTableDef decorators, router.add_*, web.get in add_routes, views and middleware', async () => {
    const model = await analyze(`
from aiohttp import web
from .handlers import health

routes = web.RouteTableDef()

@routes.get("/")
async def index(request):
    pass

@routes.view("/things")
class Things(web.View):
    async def get(self):
        pass

class Other(web.View):
    async def post(self):
        pass

async def create(request):
    pass

def legacy(request):
    pass

@web.middleware
async def mw(request, handler):
    pass

app = web.Application(middlewares=[mw])
app.router.add_post("/create", create)
app.router.add_route("PUT", "/legacy", legacy)
app.add_routes([web.get("/health", health), web.view("/other", Other)])
app.add_routes(routes)
`);
    const view = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':index', framework: 'aiohttp', route: '/', methods: ['GET'] },
      { ref: ':mw', framework: 'aiohttp', route: 'middleware' },
      { ref: ':Things', framework: 'aiohttp', route: '/things', classMethods: view },
      { ref: ':create', framework: 'aiohttp', route: '/create', methods: ['POST'] },
      { ref: ':legacy', framework: 'aiohttp', route: '/legacy', methods: ['PUT'] },
      { ref: '.handlers:health', framework: 'aiohttp', route: '/health', methods: ['GET'] },
      { ref: ':Other', framework: 'aiohttp', route: '/other', classMethods: view },
    ]);
    for (const h of model.handlers) assert.deepStrictEqual(h.contextByKind, { sync: 'event-loop', async: 'event-loop' });
  });

  it('methods of API objects made from classes of other modules, also through functools.partial (home-assistant supervisor)', async () => {
    const found = await scanTree({
      'supervisor/__init__.py': '',
      'supervisor/api/__init__.py': py(
        'from functools import partial',
        'from aiohttp import web',
        'from .host import APIHost',
        'from . import network',
        '',
        'class RestAPI:',
        '    def __init__(self):',
        '        self.webapp = web.Application()',
        '',
        '    def _register_host(self):',
        '        api_host = APIHost()',
        '        self.webapp.add_routes([',
        '            web.get("/host/info", api_host.info),',
        '            web.get("/host/logs/follow", partial(api_host.advanced_logs, follow=True)),',
        '        ])',
        '',
        '    def _register_network(self):',
        '        api_network = network.APINetwork()',
        '        self.webapp.add_routes([web.post("/network/reload", api_network.reload)])',
      ),
      'supervisor/api/host.py': py(
        'import time',
        '',
        'class APIHost:',
        '    async def info(self, request):',
        '        return {}',
        '',
        '    async def advanced_logs(self, request, follow=False):',
        '        time.sleep(1)',
      ),
      'supervisor/api/network.py': py('class APINetwork:', '    async def reload(self, request):', '        return {}'),
    });
    assert.deepStrictEqual(found.handlers.sort(), [
      'supervisor/api/host.py APIHost.advanced_logs aiohttp /host/logs/follow event-loop',
      'supervisor/api/host.py APIHost.info aiohttp /host/info event-loop',
      'supervisor/api/network.py APINetwork.reload aiohttp /network/reload event-loop',
    ]);
    assert.deepStrictEqual(found.findings, ['supervisor/api/host.py:8 py/blocking-sleep']);
  });
  it("caldera's shapes: a plugin hook registering a method of an instance of a class imported absolutely (`api = AccessApi(services)`, `api.landing`), and a pack importing only aiohttp_jinja2 whose routes are added on an untyped app", async () => {
    const found = await scanTree({
      'plugins/__init__.py': '',
      'plugins/access/__init__.py': '',
      'plugins/access/app/__init__.py': '',
      'plugins/access/app/access_api.py': py('class AccessApi:', '    def __init__(self, services):', '        self.services = services', '', '    async def landing(self, request):', '        with open("/etc/access.yml") as f:', '            return f.read()'),
      'plugins/access/hook.py': py(
        'from aiohttp import web',
        'from plugins.access.app.access_api import AccessApi',
        '',
        'async def enable(services):',
        '    api = AccessApi(services)',
        '    app = services.get("app_svc").application',
        '    app.router.add_route("GET", "/plugin/access/gui", api.landing)',
      ),
      'app/__init__.py': '',
      'app/objects/__init__.py': '',
      'app/objects/campaign.py': py(
        'from aiohttp_jinja2 import template',
        '',
        'class CampaignPack:',
        '    def __init__(self, services):',
        '        self.app_svc = services.get("app_svc")',
        '',
        '    async def enable(self):',
        '        self.app_svc.application.router.add_route("GET", "/campaign/agents", self._section_agent)',
        '',
        '    @template("agents.html")',
        '    async def _section_agent(self, request):',
        '        return {"agents": open("/srv/agents.json").read()}',
      ),
    });
    assert.deepStrictEqual(found.handlers.sort(), [
      'app/objects/campaign.py CampaignPack._section_agent aiohttp /campaign/agents event-loop',
      'plugins/access/app/access_api.py AccessApi.landing aiohttp /plugin/access/gui event-loop',
    ]);
  });
});
