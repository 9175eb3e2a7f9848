/**
 * Class-based handlers whose framework base lives in another module: the
 * shapes of real apps (jupyterhub's BaseHandler, netbox's generic views,
 * a flask-restful base resource, a DRF viewset base), scanned from disk.
 */
import * as assert from 'assert';
import { scan } from '../../src/core/scan';
import { makeTree, removeTree } from '../files/tree';
import * as path from 'path';

async function scanTree(files: Record<string, string>) {
  const root = makeTree(files, 'unblock-classes-');
  try {
    const result = await scan([root], { fixes: false });
    const handlers = result.handlers.map((h) => `${path.relative(root, h.file)} ${h.name} ${h.framework} ${h.context}`);
    const findings = result.findings.map((f) => `${path.relative(root, f.file)}:${f.range.line} ${f.rule}`);
    return { handlers, findings };
  } finally {
    removeTree(root);
  }
}

describe('class handlers across files', () => {
  it('Tornado: a handler whose RequestHandler base is in another module', async () => {
    const { handlers, findings } = await scanTree({
      'hub/__init__.py': '',
      'hub/handlers/__init__.py': '',
      'hub/handlers/base.py': 'from tornado import web\n\nclass BaseHandler(web.RequestHandler):\n    def prepare(self):\n        pass\n',
      'hub/handlers/pages.py': [
        'import time',
        'from .base import BaseHandler',
        '',
        'class HomeHandler(BaseHandler):',
        '    def get(self):',
        '        time.sleep(1)',
        '',
        'class Helper:',
        '    def get(self):',
        '        time.sleep(1)',
        '',
      ].join('\n'),
    });
    assert.ok(handlers.includes('hub/handlers/pages.py HomeHandler.get tornado event-loop'), handlers.join('\n'));
    assert.ok(!handlers.some((h) => h.includes('Helper')), handlers.join('\n'));
    assert.deepStrictEqual(findings, ['hub/handlers/pages.py:6 py/blocking-sleep']);
  });

  it('Django: a view inherits get() from a generic base view in another module, registered in urls.py', async () => {
    const { handlers, findings } = await scanTree({
      'site/__init__.py': '',
      'site/generic.py': [
        'from django.views.generic import View',
        'import requests',
        '',
        'class ObjectListView(View):',
        '    def get(self, request):',
        '        rows = self.get_queryset()',
        '        requests.post("https://audit.example.com", json={"n": len(rows)}, timeout=5)',
        '        return rows',
        '',
        '    def get_queryset(self):',
        '        return []',
        '',
      ].join('\n'),
      'site/views.py': [
        'import subprocess',
        'from . import generic',
        '',
        'class DeviceListView(generic.ObjectListView):',
        '    def get_queryset(self):',
        '        return subprocess.run(["ls"], capture_output=True).stdout.split()',
        '',
      ].join('\n'),
      'site/urls.py': 'from django.urls import path\nfrom . import views\n\nurlpatterns = [path("devices/", views.DeviceListView.as_view())]\n',
    });
    assert.ok(handlers.some((h) => h.startsWith('site/generic.py ObjectListView.get django sync-worker')), handlers.join('\n'));
    // The subclass's own hook runs per request too (the generic view calls it).
    assert.ok(handlers.some((h) => h.startsWith('site/views.py DeviceListView.get_queryset django')), handlers.join('\n'));
    assert.ok(findings.includes('site/generic.py:7 py/blocking-http'), findings.join('\n'));
    assert.ok(findings.includes('site/views.py:6 py/blocking-subprocess'), findings.join('\n'));
  });

  it('flask-restful: resources deriving from a project base resource, through an absolute import', async () => {
    const { handlers, findings } = await scanTree({
      'api/__init__.py': '',
      'api/base.py': 'from flask_restful import Resource\n\nclass BaseResource(Resource):\n    decorators = []\n',
      'api/items.py': [
        'import time',
        'from api.base import BaseResource',
        '',
        'class ItemList(BaseResource):',
        '    def post(self):',
        '        time.sleep(2)',
        '        return {}',
        '',
      ].join('\n'),
    });
    assert.ok(handlers.includes('api/items.py ItemList.post flask sync-worker'), handlers.join('\n'));
    assert.deepStrictEqual(findings.filter((f) => f.startsWith('api/items.py')), ['api/items.py:6 py/blocking-sleep']);
  });

  it('DRF: a viewset base in another module; the subclass hooks (perform_create) are handlers', async () => {
    const { handlers } = await scanTree({
      'core/__init__.py': '',
      'core/api.py': 'from rest_framework import viewsets\n\nclass BaseViewSet(viewsets.ModelViewSet):\n    pass\n',
      'core/views.py': [
        'import time',
        'from core.api import BaseViewSet',
        '',
        'class OrderViewSet(BaseViewSet):',
        '    def perform_create(self, serializer):',
        '        time.sleep(1)',
        '',
        '    def _private(self):',
        '        pass',
        '',
      ].join('\n'),
    });
    assert.ok(handlers.some((h) => h.startsWith('core/views.py OrderViewSet.perform_create django')), handlers.join('\n'));
    assert.ok(!handlers.some((h) => h.includes('_private')), handlers.join('\n'));
  });

  it('a base-class cycle across files ends, and a class with only library bases outside any framework is no handler', async () => {
    const { handlers } = await scanTree({
      'loop/__init__.py': '',
      'loop/a.py': 'from .b import B\n\nclass A(B):\n    def get(self):\n        pass\n',
      'loop/b.py': 'from .a import A\n\nclass B(A):\n    def get(self):\n        pass\n',
      'loop/c.py': 'import threading\n\nclass Worker(threading.Thread):\n    def get(self):\n        pass\n',
    });
    assert.deepStrictEqual(handlers, []);
  });

  it("graphene: a base imported with `from . import X` that the package's __init__ re-exports (saleor's SetPassword(CreateToken))", async () => {
    const { handlers, findings } = await scanTree({
      'app/__init__.py': '',
      'app/mutations/__init__.py': 'from .create_token import CreateToken\nfrom .set_password import SetPassword\n',
      'app/mutations/create_token.py': 'import graphene\n\nclass CreateToken(graphene.Mutation):\n    @classmethod\n    def mutate(cls, root, info):\n        return None\n',
      'app/mutations/set_password.py': [
        'import time',
        'from . import CreateToken',
        '',
        'class SetPassword(CreateToken):',
        '    @classmethod',
        '    def mutate(cls, root, info):',
        '        time.sleep(1)',
        '        return CreateToken.mutate(root, info)',
        '',
      ].join('\n'),
    });
    assert.ok(handlers.some((h) => h.startsWith('app/mutations/set_password.py SetPassword.mutate graphene')), handlers.join('\n'));
    assert.deepStrictEqual(findings, ['app/mutations/set_password.py:7 py/blocking-sleep']);
  });

  it('`from . import X` and star re-exports that lead back to each other end, and fast (mealie hung on such a loop)', async () => {
    // Each submodule binds `helpers` from the package, whose __init__ star-imports every submodule: the name
    // resolves nowhere, and each lookup used to branch into every star import again, 16 hops deep.
    const modules = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    const files: Record<string, string> = {
      'pkg/__init__.py': modules.map((m) => `from .${m} import *`).join('\n') + '\n',
      'pkg/main.py': 'import time\nfrom fastapi import FastAPI\nfrom . import helpers\n\napp = FastAPI()\n\n@app.get("/")\nasync def home():\n    helpers.run()\n    time.sleep(1)\n',
    };
    for (const m of modules) files[`pkg/${m}.py`] = `from . import helpers\n\ndef ${m}_task():\n    return helpers.run()\n`;
    const { findings } = await scanTree(files);
    assert.deepStrictEqual(findings, ['pkg/main.py:10 py/blocking-sleep']);
  });
});

