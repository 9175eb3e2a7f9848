import * as assert from 'assert';
import { analyze, handlerSummary } from './helpers';

describe('python handlers: litestar', () => {
  it('finds decorated functions and controller methods, honouring sync_to_thread', async () => {
    const model = await analyze(`
from litestar import Litestar, Controller, get, post

@get("/")
async def index() -> str:
    return "x"

@get("/sync", sync_to_thread=True)
def threaded() -> str:
    return "x"

@post(path="/loop", sync_to_thread=False)
def on_loop() -> None:
    pass

class Users(Controller):
    path = "/users"

    @get("/{user_id:int}")
    async def get_user(self, user_id: int) -> None:
        pass

app = Litestar([index, threaded, on_loop, Users])
`);
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: ':index', framework: 'litestar', route: '/', methods: ['GET'] },
      { ref: ':threaded', framework: 'litestar', route: '/sync', methods: ['GET'] },
      { ref: ':on_loop', framework: 'litestar', route: '/loop', methods: ['POST'] },
      { ref: ':Users.get_user', framework: 'litestar', route: '/{user_id:int}', methods: ['GET'] },
    ]);
    assert.deepStrictEqual(model.handlers[1].contextByKind, { sync: 'threadpool', async: 'event-loop' });
    assert.deepStrictEqual(model.handlers[2].contextByKind, { sync: 'event-loop', async: 'event-loop' });
  });
});
