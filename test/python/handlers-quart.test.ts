import * as assert from 'assert';
import { analyze, handlerSummary } from './helpers';

describe('python handlers: quart', () => {
  it('finds routes and hooks with threadpool/event-loop contexts', async () => {
    const model = await analyze(`
from quart import Quart, Blueprint
app = Quart(__name__)
bp = Blueprint("x", __name__)

@app.route("/")
async def index():
    pass

@bp.get("/sync")
def sync_view():
    pass

@app.before_request
async def hook():
    pass
`);
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':index', framework: 'quart', route: '/', methods: ['GET'] },
      { ref: ':sync_view', framework: 'quart', route: '/sync', methods: ['GET'] },
      { ref: ':hook', framework: 'quart', route: 'before_request' },
    ]);
    for (const h of model.handlers) assert.deepStrictEqual(h.contextByKind, { sync: 'threadpool', async: 'event-loop' });
  });
});
