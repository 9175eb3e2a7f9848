import * as assert from 'assert';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { render } from '../../src/core/report/markdown';
import { packageDir } from '../../src/core/paths';
import { makeTree, removeTree } from '../files/tree';

const examples = path.join(packageDir(), 'examples');

describe('report: readiness for an ASGI framework, per app', function () {
  this.timeout(30000);

  it('says an async, I/O-bound Flask app would gain from Quart/FastAPI, and a sync one from gevent workers', async () => {
    const result = await scan([examples]);
    const byApp = Object.fromEntries((result.readiness ?? []).map((r) => [path.relative(examples, r.appRoot), r]));
    assert.deepStrictEqual(Object.keys(byApp).sort(), ['flask-async', 'flask-gevent', 'flask-gunicorn', 'flask-sync']);
    const async = byApp['flask-async'];
    assert.deepStrictEqual([async.views, async.asyncViews], [3, 3]);
    assert.deepStrictEqual(async.syncLibraries.map((l) => l.call), ['requests.get', 'time.sleep']);
    assert.match(async.verdict, /^Mostly async \(3 of 3 views\): Quart .* one event loop per worker instead of a private loop per request; the blocking calls listed would then need their async twins/);
    assert.match(byApp['flask-sync'].verdict, /^Mostly sync \(3 of 3 views\): gevent workers .* buy more than a move to Quart/);
    assert.match(byApp['flask-gevent'].verdict, /already served cooperatively by gevent.*its 1 CPU-bound call needs a process pool/);
    const markdown = render(result);
    assert.match(markdown, /### Readiness for an ASGI framework\n\n- `flask-async` \(flask\): 3 of 3 views async; blocking: `requests\.get`, `time\.sleep`\. Mostly async/);
  });

  it('says a Django app already under an ASGI server (granian, from an s6 service script) needs no server move', async () => {
    const root = makeTree({
      'docker/rootfs/etc/s6-overlay/s6-rc.d/svc-webserver/run': '#!/command/with-contenv /usr/bin/bash\ncd ${PAPERLESS_SRC_DIR}\nexec s6-setuidgid paperless granian --interface asginl --ws "paperless.asgi:application"\n',
      'src/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperless.settings")\n',
      'src/paperless/__init__.py': '',
      'src/paperless/settings.py': 'ROOT_URLCONF = "paperless.urls"\n',
      'src/paperless/asgi.py': 'from django.core.asgi import get_asgi_application\napplication = get_asgi_application()\n',
      'src/paperless/urls.py': 'from django.urls import path\nfrom paperless.views import export\nurlpatterns = [path("export/", export)]\n',
      'src/paperless/views.py': 'import zipfile\nfrom django.http import HttpResponse\n\ndef export(request):\n    with zipfile.ZipFile("/tmp/export.zip", "w") as z:\n        z.write("/srv/documents/a.pdf")\n    return HttpResponse("ok")\n',
    }, 'unblock-readiness-');
    try {
      const result = await scan([root]);
      const [django] = result.readiness ?? [];
      assert.match(django?.verdict ?? '', /^Already served by granian \(ASGI\): 1 sync view each in a thread of its own; no server move is needed/);
    } finally {
      removeTree(root);
    }
  });

  it('is absent when the scan holds no Flask or Django app', async () => {
    const result = await scan([path.join(examples, 'fastapi-app')]);
    assert.strictEqual(result.readiness, undefined);
    assert.doesNotMatch(render(result), /Readiness/);
  });
});
