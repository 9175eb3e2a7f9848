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
});
