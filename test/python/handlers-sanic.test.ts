import * as assert from 'assert';
import { analyze, handlerSummary } from './helpers';

describe('python handlers: sanic', () => {
  it('finds routes, blueprints, middleware, HTTPMethodView and add_route', async () => {
    const model = await analyze(`
from sanic import Sanic, Blueprint
from sanic.views import HTTPMethodView

app = Sanic("app")
bp = Blueprint("bp")

@app.route("/", methods=["GET", "POST"])
async def index(request):
    pass

@bp.get("/sync")
def sync_handler(request):
    pass

@app.middleware("request")
async def mw(request):
    pass

@app.on_request
async def on_req(request):
    pass

@app.listener("before_server_start")
async def setup(app, loop):
    pass

class ItemView(HTTPMethodView):
    async def get(self, request):
        pass

async def extra(request):
    pass

app.add_route(extra, "/extra", methods=["PUT"])
app.add_route(ItemView.as_view(), "/items")
`);
    const view = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':index', framework: 'sanic', route: '/', methods: ['GET', 'POST'] },
      { ref: ':sync_handler', framework: 'sanic', route: '/sync', methods: ['GET'] },
      { ref: ':mw', framework: 'sanic', route: 'middleware' },
      { ref: ':on_req', framework: 'sanic', route: 'on_request' },
      { ref: ':extra', framework: 'sanic', route: '/extra', methods: ['PUT'] },
      { ref: ':ItemView', framework: 'sanic', route: '/items', classMethods: view },
    ]);
    for (const h of model.handlers) assert.deepStrictEqual(h.contextByKind, { sync: 'event-loop', async: 'event-loop' });
  });
});
