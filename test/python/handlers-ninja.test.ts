import * as assert from 'assert';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { tempProject } from '../javascript/helpers';

const NINJA_API = `
import time
from ninja import NinjaAPI, Router

api = NinjaAPI()
router = Router()

@api.get("/add")
def add(request, a: int, b: int):
    time.sleep(1)
    return {"result": a + b}

@router.post("/items")
async def create_item(request):
    time.sleep(1)
    return {}

@api.api_operation(["PUT", "patch"], "/both")
def both(request):
    return {}

def plain(request):
    return {}

api.add_router("/r", router)
`;

describe('python handlers: django-ninja', () => {
  it('finds operations on a NinjaAPI and a ninja Router, api_operation methods, and nothing undecorated', async () => {
    const result = await scan([tempProject({ 'app/api.py': NINJA_API })], { scope: 'handlers', fixes: false });
    assert.deepStrictEqual(result.handlers.map((h) => `${h.name} ${h.framework} ${(h.methods ?? []).join('|')} ${h.route}`).sort(), [
      'add django-ninja GET /add',
      'both django-ninja PUT|PATCH /both',
      'create_item django-ninja POST /items',
    ]);
  });

  it('runs its operations where Django runs views: a worker under WSGI; under ASGI the event loop (async) or a thread of its own (sync: a sleep there is not reported)', async () => {
    const contexts = async (files: Record<string, string>) => {
      const root = tempProject(files);
      const result = await scan([root], { fixes: false });
      return result.findings.map((f) => `${path.basename(f.file)}:${f.range.line} ${f.context}`).sort();
    };
    assert.deepStrictEqual(await contexts({ 'app/api.py': NINJA_API }), ['api.py:10 sync-worker', 'api.py:15 private-loop']);
    assert.deepStrictEqual(await contexts({ 'app/api.py': NINJA_API, 'Procfile': 'web: uvicorn app.asgi:application\n', 'app/asgi.py': 'from django.core.asgi import get_asgi_application\napplication = get_asgi_application()\n' }), ['api.py:15 event-loop']);
  });
});
