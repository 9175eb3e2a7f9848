import * as assert from 'assert';
import { analyze, handlerSummary } from './helpers';

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
});
