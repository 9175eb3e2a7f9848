/**
 * Falcon (resources routed by `add_route`, middleware objects, hooks; WSGI
 * and ASGI apps) and Bottle (decorators on the default app and on `Bottle()`
 * objects, `callback=` routes, error pages and request hooks), written from
 * scratch in the shapes of their documentation's examples.
 */
import * as assert from 'assert';
import { py, scanTree } from './scanTree';

describe('python handlers: Falcon and Bottle', () => {
  it('Falcon: each resource responder serves its route (in a worker under falcon.App, on the loop under falcon.asgi.App); middleware and hooks run on the request path', async () => {
    const { handlers, findings } = await scanTree({
      'requirements.txt': 'falcon\nrequests\n',
      'things/__init__.py': '',
      'things/app.py': py(
        'import time',
        'import falcon',
        'import requests',
        'from things.hooks import validate',
        '',
        'class AuthMiddleware:',
        '    def process_request(self, req, resp):',
        '        time.sleep(0.1)',
        '',
        'class ThingsResource:',
        '    @falcon.before(validate)',
        '    def on_get(self, req, resp):',
        '        resp.media = requests.get("https://things.example.com", timeout=5).json()',
        '',
        '    def on_get_item(self, req, resp, thing_id):',
        '        time.sleep(1)',
        '',
        '    def helper(self):',
        '        time.sleep(2)',
        '',
        'app = falcon.App(middleware=[AuthMiddleware()])',
        'things = ThingsResource()',
        'app.add_route("/things", things)',
        'app.add_route("/things/{thing_id}", things, suffix="item")',
      ),
      'things/hooks.py': py(
        'import subprocess',
        '',
        'def validate(req, resp, resource, params):',
        '    subprocess.run(["check"], check=True)',
      ),
      'things/asgi.py': py(
        'import time',
        'import falcon.asgi',
        '',
        'class Health:',
        '    async def on_get(self, req, resp):',
        '        time.sleep(1)',
        '',
        'app = falcon.asgi.App()',
        'app.add_route("/health", Health())',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'things/app.py AuthMiddleware.process_request falcon middleware sync-worker',
      'things/app.py ThingsResource.on_get falcon /things sync-worker',
      'things/app.py ThingsResource.on_get_item falcon /things/{thing_id} sync-worker',
      'things/asgi.py Health.on_get falcon /health event-loop',
      'things/hooks.py validate falcon hook:before sync-worker',
    ]);
    assert.deepStrictEqual(findings.sort(), [
      'things/app.py:13 py/blocking-http',
      'things/app.py:16 py/blocking-sleep',
      'things/app.py:8 py/blocking-sleep',
      'things/asgi.py:6 py/blocking-sleep',
      'things/hooks.py:4 py/blocking-subprocess',
    ]);
  });

  it('Bottle: decorators on the default app and on a Bottle() object, callback= routes, error pages and request hooks serve in a worker', async () => {
    const { handlers, findings } = await scanTree({
      'requirements.txt': 'bottle\nrequests\n',
      'site.py': py(
        'import time',
        'import requests',
        'from bottle import Bottle, route, post, error, hook',
        '',
        '@route("/hello/<name>")',
        'def hello(name):',
        '    time.sleep(1)',
        '',
        '@post("/login")',
        'def login():',
        '    return requests.post("https://auth.example.com", timeout=5).text',
        '',
        '@error(404)',
        'def missing(err):',
        '    time.sleep(0.1)',
        '',
        '@hook("before_request")',
        'def strip_path():',
        '    pass',
        '',
        'api = Bottle()',
        '',
        '@api.get("/items")',
        'def items():',
        '    time.sleep(2)',
        '',
        'def report():',
        '    time.sleep(3)',
        '',
        'api.route("/report", callback=report)',
        '',
        'def helper():',
        '    time.sleep(4)',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'site.py hello bottle /hello/<name> sync-worker',
      'site.py items bottle /items sync-worker',
      'site.py login bottle /login sync-worker',
      'site.py missing bottle error sync-worker',
      'site.py report bottle /report sync-worker',
      'site.py strip_path bottle before_request sync-worker',
    ]);
    assert.deepStrictEqual(findings.sort(), ['site.py:11 py/blocking-http', 'site.py:15 py/blocking-sleep', 'site.py:25 py/blocking-sleep', 'site.py:28 py/blocking-sleep', 'site.py:7 py/blocking-sleep']);
  });
});
