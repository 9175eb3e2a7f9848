import * as assert from 'assert';
import { analyze, targets } from './helpers';

describe('python: call names', () => {
  it('resolves module functions, aliases and from-imports', async () => {
    const model = await analyze(`
import time
import requests as rq
import urllib.request
import os.path
from time import sleep as snooze
from subprocess import run
import hashlib

def handler():
    time.sleep(1)
    rq.get("u")
    urllib.request.urlopen("x")
    os.path.exists("p")
    snooze(2)
    run(["ls"])
    hashlib.pbkdf2_hmac("sha256", b"", b"", 1)
`);
    assert.deepStrictEqual(targets(model, 'handler'), [
      'external:time.sleep',
      'external:requests.get',
      'external:urllib.request.urlopen',
      'external:os.path.exists',
      'external:time.sleep',
      'external:subprocess.run',
      'external:hashlib.pbkdf2_hmac',
    ]);
  });

  it('names builtins and methods of returned instances', async () => {
    const model = await analyze(`
import requests, httpx, sqlite3, psycopg2, threading, queue, redis, pymongo
from pathlib import Path
from PIL import Image

def handler():
    open("f").read()
    input()
    requests.Session().get("u")
    httpx.Client().get("u")
    sqlite3.connect("db").cursor().execute("q")
    psycopg2.connect("").cursor().execute("q")
    Path("x").read_text()
    Image.open("i").resize((1, 1))
    threading.Lock().acquire()
    queue.Queue().get()
    redis.Redis().get("k")
    pymongo.MongoClient().db.users.find_one({})
`);
    const names = targets(model, 'handler');
    for (const expected of [
      'external:builtins.open().read',
      'external:builtins.input',
      'external:requests.Session().get',
      'external:httpx.Client().get',
      'external:sqlite3.connect().cursor().execute',
      'external:psycopg2.connect().cursor().execute',
      'external:pathlib.Path().read_text',
      'external:PIL.Image.open().resize',
      'external:threading.Lock().acquire',
      'external:queue.Queue().get',
      'external:redis.Redis().get',
      'external:pymongo.MongoClient().db.users.find_one',
    ]) {
      assert.ok(names.includes(expected), `${expected} missing from ${names.join(', ')}`);
    }
  });

  it('matches dotted names with an unbound root by text, and leaves untyped locals unknown', async () => {
    const model = await analyze(`
def handler(request):
    subprocess.run(["ls"])
    x = compute()
    x.fetch()
    request.get_json()
    mystery()
`);
    assert.deepStrictEqual(targets(model, 'handler'), [
      'external:subprocess.run',
      'unknown:compute',
      'unknown:x.fetch',
      'unknown:request.get_json',
      'unknown:mystery',
    ]);
  });

  it('a local or parameter shadows an import of the same name', async () => {
    const model = await analyze(`
import time
def handler(time):
    time.sleep(1)
`);
    assert.deepStrictEqual(targets(model, 'handler'), ['unknown:time.sleep']);
  });

  it('gives project refs for same-file functions, methods and nested defs', async () => {
    const model = await analyze(`
def helper():
    pass

class Service:
    def build(self):
        self.step()
        Service.static_step()
    def step(self):
        pass
    @staticmethod
    def static_step():
        pass
    @classmethod
    def make(cls):
        cls.static_step()
        return cls()

class Child(Service):
    def run(self):
        self.step()

def outer():
    def inner():
        helper()
    inner()
    Service().build()
`);
    assert.deepStrictEqual(targets(model, 'Service.build'), ['project::Service.step', 'project::Service.static_step']);
    assert.deepStrictEqual(targets(model, 'Service.make'), ['project::Service.static_step', 'project::Service']);
    assert.deepStrictEqual(targets(model, 'Child.run'), ['project::Service.step']);
    assert.deepStrictEqual(targets(model, 'outer'), ['project::outer.inner', 'project::Service', 'project::Service.build']);
    assert.deepStrictEqual(targets(model, 'outer.inner'), ['project::helper']);
    const inner = model.functions.find((f) => f.name === 'outer.inner')!;
    assert.strictEqual(inner.parent, 'outer');
    assert.strictEqual(model.functions.find((f) => f.name === 'Service.build')!.className, 'Service');
  });

  it('refers to relatively imported code by module, and to absolute imports by full name', async () => {
    const model = await analyze(`
from .services import get_rates, ReportService
from . import services
from ..core import utils
from app.services import absolute_fn
import pkg.mod

def handler():
    get_rates()
    services.get_rates()
    utils.tools.run()
    absolute_fn()
    pkg.mod.f()
    svc = ReportService()
    svc.build()
`);
    assert.deepStrictEqual(targets(model, 'handler'), [
      'project:.services:get_rates',
      'project:.services:get_rates',
      'project:..core:utils.tools.run',
      'external:app.services.absolute_fn',
      'external:pkg.mod.f',
      'project:.services:ReportService',
      // A method of an imported class's instance: the workspace looks it up (bases and attributes too).
      'value:svc.build',
    ]);
  });

  it('takes unbound names from a single star import', async () => {
    const relative = await analyze(`
from .views import *
def f():
    index()
    len([])
    subprocess.run("x")
`);
    assert.deepStrictEqual(targets(relative, 'f'), ['project:.views:index', 'external:builtins.len', 'external:subprocess.run']);
    assert.deepStrictEqual(relative.facts?.starImports, ['.views']);
    const absolute = await analyze('from time import *\ndef f():\n    sleep(1)\n');
    assert.deepStrictEqual(targets(absolute, 'f'), ['external:time.sleep']);
    const two = await analyze('from time import *\nfrom os import *\ndef f():\n    sleep(1)\n');
    assert.deepStrictEqual(targets(two, 'f'), ['unknown:sleep']);
  });

  it('exports names bound by from-imports at module level', async () => {
    const model = await analyze(
      `
from .services import get_rates
from . import views
from app.models import User as Member
import os

def f():
    from .inner import hidden
`,
      'app/__init__.py',
    );
    assert.deepStrictEqual(Object.fromEntries(model.exports), {
      get_rates: { module: '.services', name: 'get_rates' },
      views: { module: '.views', name: '' },
      Member: { module: 'app.models', name: 'User' },
    });
    assert.strictEqual(model.moduleName, 'app');
  });

  it('records module-level imports in order', async () => {
    const model = await analyze(`
from gevent import monkey
monkey.patch_all()
import requests, os.path
from .x import y
def f():
    import late
`);
    assert.deepStrictEqual(model.facts?.topLevelImports, [
      { line: 2, module: 'gevent' },
      { line: 4, module: 'requests' },
      { line: 4, module: 'os.path' },
      { line: 5, module: '.x' },
    ]);
    assert.deepStrictEqual(targets(model, '<module>'), ['external:gevent.monkey.patch_all']);
  });

  it('puts top-level and class-body calls in <module>', async () => {
    const model = await analyze(`
import requests
CONFIG = requests.get("cfg").json()
class Settings:
    data = open("settings.json").read()
    def method(self):
        pass
`);
    assert.deepStrictEqual(targets(model, '<module>'), [
      'external:requests.get',
      'external:requests.get().json',
      'external:builtins.open',
      'external:builtins.open().read',
    ]);
    assert.strictEqual(model.moduleCode.name, '<module>');
  });
});

describe('python: Django ORM names', () => {
  it('names manager and queryset calls, and model instance saves', async () => {
    const model = await analyze(`
from django.db import models
from .models import Order

class User(models.Model):
    def full_name(self):
        return ""

def view(request):
    User.objects.filter(a=1).first()
    users = User.objects.all()
    users.count()
    u = User(name="x")
    u.save()
    u.full_name()
    o = Order.objects.get(id=1)
    o.delete()
    for item in Order.objects.filter(x=1):
        item.save()
`);
    assert.deepStrictEqual(targets(model, 'view'), [
      'external:django.db.models.Manager.filter',
      'external:django.db.models.QuerySet.first',
      'external:django.db.models.Manager.all',
      'external:django.db.models.QuerySet.count',
      'project::User',
      'external:django.db.models.Model().save',
      'project::User.full_name',
      'external:django.db.models.Manager.get',
      'external:django.db.models.Model().delete',
      'external:django.db.models.Manager.filter',
      'external:django.db.models.QuerySet.__iter__',
      'external:django.db.models.Model().save',
    ]);
  });

  it('leaves `.objects` alone in files that do not import Django', async () => {
    const model = await analyze(`
def f(store):
    Thing.objects.filter(a=1)
`);
    assert.deepStrictEqual(targets(model, 'f'), ['external:Thing.objects.filter']);
  });
});
