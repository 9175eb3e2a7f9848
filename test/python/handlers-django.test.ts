import * as assert from 'assert';
import { analyze, handlerSummary } from './helpers';
import { py, scanTree } from './scanTree';

const VERBS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
/** Generic views call these on every request they serve. */
const CBV = [...VERBS, 'dispatch', 'get_queryset', 'get_context_data', 'get_object', 'get_form_kwargs', 'form_valid', 'form_invalid', 'get_success_url'];
const DRF_HOOKS = ['initial', 'get_queryset', 'get_object', 'get_serializer_class', 'perform_create', 'perform_update', 'perform_destroy'];

describe('python handlers: django', () => {
  it('finds views referenced from urlpatterns, also wrapped in decorator calls', async () => {
    const model = await analyze(
      `
from django.urls import path, re_path, include
from . import views
from .views import ReportView, detail
from shop.views import checkout

urlpatterns = [
    path("", views.index, name="index"),
    path("detail/<int:pk>/", detail),
    re_path(r"^report/$", ReportView.as_view()),
    path("old/", views.OldView.as_view(template_name="x.html")),
    path("checkout/", checkout),
    path("api/", include("api.urls")),
    path("secret/", login_required(views.secret)),
    path("schema/", cache_page(60)(views.SchemaView.as_view())),
]
`,
      'shop/urls.py',
    );
    assert.deepStrictEqual(handlerSummary(model), [
      { ref: '.views:index', framework: 'django', route: '' },
      { ref: '.views:detail', framework: 'django', route: 'detail/<int:pk>/' },
      { ref: '.views:ReportView', framework: 'django', route: '^report/$', classMethods: CBV },
      { ref: '.views:OldView', framework: 'django', route: 'old/', classMethods: CBV },
      { ref: 'shop.views:checkout', framework: 'django', route: 'checkout/' },
      // Decorators applied in the URLconf wrap the view they are given.
      { ref: '.views:secret', framework: 'django', route: 'secret/' },
      { ref: '.views:SchemaView', framework: 'django', route: 'schema/', classMethods: CBV },
    ]);
    for (const h of model.handlers) assert.deepStrictEqual(h.contextByKind, { sync: 'sync-worker', async: 'private-loop' });
  });

  it('ignores path() calls outside a URLconf', async () => {
    const model = await analyze(`
from django.urls import path
from . import views
extra = [path("x/", views.x)]
`);
    assert.deepStrictEqual(model.handlers, []);
  });

  it('finds DRF api_view functions, APIView and ViewSet classes, and router registrations', async () => {
    const model = await analyze(`
from rest_framework.decorators import api_view, action
from rest_framework.views import APIView
from rest_framework import viewsets, routers

@api_view(["GET", "POST"])
def hello(request):
    pass

class Things(APIView):
    def get(self, request):
        pass

class UserViewSet(viewsets.ModelViewSet):
    def list(self, request):
        pass

    @action(detail=True, methods=["post"])
    def set_password(self, request, pk=None):
        pass

router = routers.DefaultRouter()
router.register(r"users", UserViewSet)
urlpatterns = router.urls
`);
    assert.deepStrictEqual(handlerSummary(model), [
      // A router gives the list and the detail actions their own routes.
      { ref: ':UserViewSet', framework: 'django', route: 'users/', methods: ['GET', 'POST'], classMethods: ['list', 'create', ...DRF_HOOKS] },
      { ref: ':UserViewSet', framework: 'django', route: 'users/<pk>/', methods: ['GET', 'PUT', 'PATCH', 'DELETE'], classMethods: ['retrieve', 'update', 'partial_update', 'destroy'] },
      { ref: ':hello', framework: 'django', route: null, methods: ['GET', 'POST'] },
      { ref: ':UserViewSet.set_password', framework: 'django', route: null, methods: ['POST'] },
      { ref: ':Things', framework: 'django', route: null, classMethods: [...VERBS, ...DRF_HOOKS] },
    ]);
  });

  it('DRF: a viewset declaring only its serializer_class serves through the serializer\'s validation, create and rendering hooks (paperless-ngx)', async () => {
    const found = await scanTree({
      'requirements.txt': 'django\ndjangorestframework\n',
      'app/__init__.py': '',
      'app/serializers.py': py(
        'import requests',
        'from PIL import Image',
        'from django.contrib.auth.models import User',
        'from rest_framework import serializers',
        '',
        'class LogoSerializer(serializers.ModelSerializer):',
        '    def validate_logo(self, value):',
        '        Image.open(value).save("/tmp/logo.png")',
        '        return value',
        '',
        '    def helper(self):',
        '        requests.get("https://example.com")',
        '',
        'class UserSerializer(serializers.ModelSerializer):',
        '    def create(self, validated_data):',
        '        user = User.objects.create(username=validated_data["username"])',
        '        user.set_password(validated_data["password"])',
        '        return user',
      ),
      'app/views.py': py(
        'from rest_framework.viewsets import ModelViewSet',
        'from .serializers import LogoSerializer, UserSerializer',
        '',
        'class LogoViewSet(ModelViewSet):',
        '    serializer_class = LogoSerializer',
        '',
        'class UserViewSet(ModelViewSet):',
        '    serializer_class = UserSerializer',
      ),
      'app/urls.py': py(
        'from rest_framework.routers import DefaultRouter',
        'from .views import LogoViewSet, UserViewSet',
        '',
        'router = DefaultRouter()',
        'router.register("logos", LogoViewSet)',
        'router.register("users", UserViewSet)',
        'urlpatterns = router.urls',
      ),
    });
    assert.deepStrictEqual(found.handlers.filter((h) => h.includes('Serializer')).sort(), [
      'app/serializers.py LogoSerializer.validate_logo django logos/ sync-worker',
      'app/serializers.py UserSerializer.create django users/ sync-worker',
    ]);
    assert.deepStrictEqual(found.findings.sort(), ['app/serializers.py:17 py/cpu-password-hash', 'app/serializers.py:8 py/cpu-image']);
  });
});
