/**
 * Flask-AppBuilder (Superset, Airflow's UI and its plugins) and Flask-Admin
 * views: methods decorated with the extension's `@expose`, in the shapes of
 * Flask-AppBuilder's own examples, written from scratch.
 */
import * as assert from 'assert';
import { py, scanTree } from './scanTree';

describe('python handlers: Flask-AppBuilder and Flask-Admin @expose views', () => {
  it('each @expose method serves its path (under the class route_base when it has one) in a worker; a project decorator of the same name does not', async () => {
    const { handlers, findings } = await scanTree({
      'requirements.txt': 'flask-appbuilder\nflask-admin\nrequests\n',
      'app/__init__.py': '',
      'app/api.py': py(
        'import requests',
        'from flask_appbuilder.api import BaseApi, expose',
        '',
        'class ExampleApi(BaseApi):',
        '    resource_name = "example"',
        '',
        '    @expose("/greeting", methods=["POST", "GET"])',
        '    def greeting(self):',
        '        return requests.get("https://hello.example.com", timeout=5).text',
      ),
      'app/views.py': py(
        'import time',
        'from flask_appbuilder import BaseView, expose',
        '',
        'class MyView(BaseView):',
        '    route_base = "/myview/"',
        '',
        '    @expose("/method1/<string:param1>")',
        '    def method1(self, param1):',
        '        time.sleep(1)',
        '        return param1',
        '',
        '    def helper(self):',
        '        time.sleep(2)',
      ),
      'app/admin.py': py(
        'import subprocess',
        'from flask_admin import BaseView, expose',
        '',
        'class ReportsView(BaseView):',
        '    @expose("/")',
        '    def index(self):',
        '        return subprocess.run(["report"], check=True).stdout',
      ),
      'app/other.py': py(
        'import time',
        '',
        'def expose(path):',
        '    return lambda f: f',
        '',
        'class Plain:',
        '    @expose("/not-a-route")',
        '    def run(self):',
        '        time.sleep(3)',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'app/admin.py ReportsView.index flask / sync-worker',
      'app/api.py ExampleApi.greeting flask /greeting sync-worker',
      'app/views.py MyView.method1 flask /myview/method1/<string:param1> sync-worker',
    ]);
    assert.deepStrictEqual(findings.sort(), ['app/admin.py:7 py/blocking-subprocess', 'app/api.py:9 py/blocking-http', 'app/views.py:9 py/blocking-sleep']);
  });
});
