/**
 * Django URL configuration across modules, in netbox's shape: a root URLconf
 * including app URLconfs by dotted path, by module and as `(patterns, app)`
 * tuples; DRF routers of a project router class; and views registered with a
 * project decorator into a registry that a project function turns into
 * `path()` entries. Written from scratch and scanned from disk.
 */
import * as assert from 'assert';
import { py, scanTree } from './scanTree';

describe('python handlers: django include chains and URL registries', () => {
  it('joins routes along include() chains: dotted paths, modules, inline lists, a list appended to under a condition', async () => {
    const { handlers, findings } = await scanTree({
      'site/__init__.py': '',
      'site/urls.py': py(
        'from django.conf import settings',
        'from django.urls import include, path',
        'from site import views',
        'from site.extra import urls as extra_urls',
        '',
        '_patterns = [',
        '    path("", views.home, name="home"),',
        '    path("shop/", include("shop.urls")),',
        '    path("extra/", include(extra_urls)),',
        '    path("inline/", include([path("ping/", views.ping)])),',
        ']',
        'if settings.METRICS:',
        '    _patterns.append(path("metrics/", include("shop.urls")))',
        '',
        'urlpatterns = [path(settings.BASE_PATH, include(_patterns))]',
      ),
      'site/views.py': py('def home(request):', '    pass', '', 'def ping(request):', '    pass'),
      'site/extra/__init__.py': '',
      'site/extra/urls.py': py('from django.urls import path', 'from site.extra.views import report', '', 'urlpatterns = [path("report/", report)]'),
      'site/extra/views.py': py('import time', '', 'def report(request):', '    time.sleep(1)'),
      'shop/__init__.py': '',
      'shop/urls.py': py(
        'from django.urls import include, path, re_path',
        'from . import views',
        '',
        'app_name = "shop"',
        'urlpatterns = [',
        '    path("orders/<int:pk>/", views.OrderView.as_view(), name="order"),',
        '    re_path(r"^cart/$", views.cart),',
        ']',
      ),
      'shop/views.py': py(
        'import requests',
        'from django.views.generic import View',
        '',
        'class OrderView(View):',
        '    def get(self, request, pk):',
        '        return requests.get("https://erp.example.com/orders/" + str(pk), timeout=5)',
        '',
        'def cart(request):',
        '    pass',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'shop/views.py OrderView.get django shop/orders/<int:pk>/ sync-worker',
      'shop/views.py cart django shop/cart/$ sync-worker',
      'site/extra/views.py report django extra/report/ sync-worker',
      'site/views.py home django  sync-worker',
      'site/views.py ping django inline/ping/ sync-worker',
    ]);
    assert.ok(findings.includes('shop/views.py:6 py/blocking-http'), findings.join('\n'));
    assert.ok(findings.includes('site/extra/views.py:4 py/blocking-sleep'), findings.join('\n'));
  });

  it('a list included as (patterns, app) mounts its entries under the prefix', async () => {
    const { handlers } = await scanTree({
      'site/__init__.py': '',
      'site/urls.py': py(
        'from django.urls import include, path',
        'from site.plugins import plugin_patterns',
        '',
        'urlpatterns = [path("plugins/", include((plugin_patterns, "plugins")))]',
      ),
      'site/views.py': py('def ping(request):', '    pass'),
      'site/plugins.py': py('from django.urls import path', 'from site.views import ping', '', 'plugin_patterns = []', 'urlpatterns = []', 'plugin_patterns.append(path("p/", ping))'),
    });
    assert.deepStrictEqual(handlers, ['site/views.py ping django plugins/p/ sync-worker']);
  });

  it('DRF: a project router subclass in another module, router.urls as urlpatterns, each action (and @action, inherited too) on its own route', async () => {
    const { handlers, findings } = await scanTree({
      'app/__init__.py': '',
      'app/urls.py': py('from django.urls import include, path', '', 'urlpatterns = [path("api/dcim/", include("dcim.api.urls"))]'),
      'app/routers.py': py(
        'from rest_framework.routers import DefaultRouter',
        '',
        'class AppRouter(DefaultRouter):',
        '    def get_api_root_view(self, api_urls=None):',
        '        return super().get_api_root_view(api_urls)',
      ),
      'dcim/__init__.py': '',
      'dcim/api/__init__.py': '',
      'dcim/api/urls.py': py(
        'from app.routers import AppRouter',
        'from . import views',
        '',
        'router = AppRouter()',
        'router.register("devices", views.DeviceViewSet)',
        'urlpatterns = router.urls',
      ),
      'dcim/api/mixins.py': py(
        'from rest_framework.decorators import action',
        '',
        'class TraceMixin:',
        '    @action(detail=True, url_path="trace")',
        '    def trace(self, request, pk):',
        '        pass',
      ),
      'dcim/api/views.py': py(
        'import subprocess',
        'from rest_framework.decorators import action',
        'from rest_framework.viewsets import ModelViewSet',
        'from dcim.api.mixins import TraceMixin',
        '',
        'class DeviceViewSet(TraceMixin, ModelViewSet):',
        '    @action(detail=False, methods=["post"])',
        '    def bulk_sync(self, request):',
        '        pass',
        '',
        '    def list(self, request):',
        '        pass',
        '',
        '    def retrieve(self, request, pk=None):',
        '        subprocess.run(["ping", "-c", "1", pk])',
        '',
        '    def destroy(self, request, pk=None):',
        '        pass',
      ),
    });
    assert.deepStrictEqual(handlers.filter((h) => !h.startsWith('dcim/api/mixins.py')).sort(), [
      'dcim/api/views.py DeviceViewSet.bulk_sync django api/dcim/devices/bulk_sync/ sync-worker',
      'dcim/api/views.py DeviceViewSet.destroy django api/dcim/devices/<pk>/ sync-worker',
      'dcim/api/views.py DeviceViewSet.list django api/dcim/devices/ sync-worker',
      'dcim/api/views.py DeviceViewSet.retrieve django api/dcim/devices/<pk>/ sync-worker',
      // An @action inherited from a mixin in another module, served for this viewset.
      'dcim/api/views.py DeviceViewSet.trace django api/dcim/devices/<pk>/trace/ sync-worker',
    ]);
    assert.ok(findings.includes('dcim/api/views.py:15 py/blocking-subprocess'), findings.join('\n'));
  });

  it('views registered by a project decorator into a registry that a path()-building function reads', async () => {
    const { handlers, findings } = await scanTree({
      'core/__init__.py': '',
      'core/registry.py': py('import collections', '', 'registry = {"views": collections.defaultdict(dict)}'),
      'core/views.py': py(
        'from django.views.generic import View',
        'from core.registry import registry',
        '',
        'def register_model_view(model, name="", path=None, detail=True):',
        '    def _wrapper(cls):',
        '        app_label = model._meta.app_label',
        '        registry["views"][app_label].setdefault(model._meta.model_name, []).append({"name": name, "view": cls, "detail": detail})',
        '        return cls',
        '    return _wrapper',
        '',
        'def unrelated(model):',
        '    def _wrapper(cls):',
        '        cls.model = model',
        '        return cls',
        '    return _wrapper',
      ),
      'core/urls.py': py(
        'from django.urls import path',
        'from core.registry import registry',
        '',
        'def get_model_urls(app_label, model_name, detail=True):',
        '    paths = []',
        '    for config in registry["views"][app_label][model_name]:',
        '        if config["detail"] == detail:',
        '            paths.append(path(config["name"] + "/", config["view"].as_view()))',
        '    return paths',
      ),
      'dcim/__init__.py': '',
      'dcim/models.py': py('class Site:', '    pass'),
      'dcim/urls.py': py(
        'from django.urls import include, path',
        'from core.urls import get_model_urls',
        '',
        'urlpatterns = [path("sites/<int:pk>/", include(get_model_urls("dcim", "site")))]',
      ),
      'dcim/views.py': py(
        'import time',
        'from core.views import register_model_view, unrelated',
        'from dcim.models import Site',
        'from django.views.generic import View',
        '',
        '@register_model_view(Site)',
        'class SiteView:',
        '    def get(self, request, pk):',
        '        time.sleep(1)',
        '',
        '@register_model_view(Site, "edit")',
        'class SiteEditView:',
        '    def post(self, request, pk):',
        '        pass',
        '',
        '@unrelated(Site)',
        'class NotAView:',
        '    def get(self, request):',
        '        time.sleep(1)',
      ),
    });
    assert.deepStrictEqual(handlers.sort(), [
      'dcim/views.py SiteEditView.post django register_model_view(Site, "edit") sync-worker',
      'dcim/views.py SiteView.get django register_model_view(Site) sync-worker',
    ]);
    assert.ok(findings.includes('dcim/views.py:9 py/blocking-sleep'), findings.join('\n'));
    assert.ok(!findings.includes('dcim/views.py:19 py/blocking-sleep'), findings.join('\n'));
  });
});
