import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { scratchDir } from '../helpers/scratch';

/** Writes a small project to a temp dir; keys are relative paths. */
function project(files: Record<string, string>): string {
  const dir = scratchDir('unblock-py-');
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text.trimStart());
  }
  return dir;
}

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

describe('python: names resolve across files through the engine', () => {
  it('follows a Django URLconf into views and the ORM', async () => {
    const root = project({
      'shop/__init__.py': '',
      'shop/models.py': 'from django.db import models\nclass Order(models.Model):\n    pass\n',
      'shop/views.py': `
from django.http import JsonResponse
from .models import Order

async def order_detail(request, pk):
    order = Order.objects.get(pk=pk)
    return JsonResponse({"id": order.id})

def order_list(request):
    return JsonResponse({"n": Order.objects.count()})
`,
      'shop/urls.py': `
from django.urls import path
from . import views

urlpatterns = [
    path("orders/<int:pk>/", views.order_detail),
    path("orders/", views.order_list),
]
`,
    });
    const result = await scan([root]);
    const handlers = result.handlers.map((h) => `${rel(root, h.file)}:${h.name}:${h.framework}:${h.route}`).sort();
    assert.deepStrictEqual(handlers, [
      'shop/views.py:order_detail:django:orders/<int:pk>/',
      'shop/views.py:order_list:django:orders/',
    ]);
    const orm = result.findings.filter((f) => f.rule === 'py/django-orm-sync').map((f) => `${rel(root, f.file)}:${f.range.line}:${f.call}`);
    // The async view's ORM call is reported; whether sync views are is the rule's policy, not the analyzer's.
    assert.ok(orm.includes('shop/views.py:5:django.db.models.Manager.get'), orm.join(', '));
  });

  it('follows relative, absolute and re-exported imports and project class instances', async () => {
    const root = project({
      'app/__init__.py': '',
      'app/clients/__init__.py': 'from .http import RatesClient\n',
      'app/clients/http.py': `
import requests

class RatesClient:
    def __init__(self):
        self.session = requests.Session()

    def fetch(self):
        return self.session.get("https://rates")
`,
      'app/services.py': `
import time
from .clients import RatesClient

def get_rates():
    return RatesClient().fetch()

def slow():
    time.sleep(1)
`,
      'app/main.py': `
from fastapi import FastAPI
from . import services
from app.services import slow

app = FastAPI()

@app.get("/rates")
async def rates():
    return services.get_rates()

@app.get("/slow")
async def slow_endpoint():
    slow()
`,
    });
    const result = await scan([root]);
    const chains = result.findings
      .filter((f) => f.rule !== 'py/via-call')
      .map((f) => `${f.call} <- ${f.chain.map((h) => h.name).join(' > ')}`)
      .sort();
    assert.deepStrictEqual(chains, [
      'requests.Session().get <- rates > get_rates > RatesClient.fetch > requests.Session().get',
      'time.sleep <- slow_endpoint > slow > time.sleep',
    ]);
  });
});
