/**
 * Pyramid views in the shapes of PyPI's warehouse: `@view_config` functions
 * and methods (with a class's `@view_defaults`), `config.add_view`, exception
 * views, and route names joined with the patterns `config.add_route` gives
 * them in another module. Written from scratch.
 */
import * as assert from 'assert';
import { py, scanTree } from './scanTree';

describe('python handlers: Pyramid', () => {
  it('views serve the pattern of their named route, in a worker; exception views are hooks; a plain function is not a view', async () => {
    const { handlers, findings } = await scanTree({
      'requirements.txt': 'pyramid\nrequests\n',
      'shop/__init__.py': py(
        'from pyramid.config import Configurator',
        'from shop.views import report',
        '',
        'def main(global_config, **settings):',
        '    config = Configurator(settings=settings)',
        '    config.add_route("profile", "/user/{name}/")',
        '    config.add_route("manage.account", "/manage/account/")',
        '    config.add_route("report", "/report")',
        '    config.add_view(report, route_name="report", request_method="POST")',
        '    config.scan()',
        '    return config.make_wsgi_app()',
      ),
      'shop/views.py': py(
        'import time',
        'import requests',
        'from pyramid.view import view_config, view_defaults',
        '',
        '@view_config(route_name="profile", renderer="profile.html")',
        'def profile(user, request):',
        '    return requests.get("https://avatars.example.com/" + user.name, timeout=5).json()',
        '',
        '@view_config(context=ValueError)',
        'def failed(exc, request):',
        '    time.sleep(0.1)',
        '',
        '@view_defaults(route_name="manage.account", renderer="manage.html")',
        'class ManageAccountViews:',
        '    def __init__(self, request):',
        '        self.request = request',
        '',
        '    @view_config(request_method="GET")',
        '    def show(self):',
        '        time.sleep(1)',
        '',
        '    @view_config(request_method="POST", request_param="delete")',
        '    def delete(self):',
        '        time.sleep(2)',
        '',
        'def report(request):',
        '    time.sleep(3)',
        '',
        'def helper():',
        '    time.sleep(4)',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'shop/views.py ManageAccountViews.delete pyramid /manage/account/ sync-worker',
      'shop/views.py ManageAccountViews.show pyramid /manage/account/ sync-worker',
      'shop/views.py failed pyramid exception view sync-worker',
      'shop/views.py profile pyramid /user/{name}/ sync-worker',
      'shop/views.py report pyramid /report sync-worker',
    ]);
    assert.deepStrictEqual(findings.sort(), ['shop/views.py:11 py/blocking-sleep', 'shop/views.py:20 py/blocking-sleep', 'shop/views.py:24 py/blocking-sleep', 'shop/views.py:27 py/blocking-sleep', 'shop/views.py:7 py/blocking-http']);
  });
});
