import * as assert from 'assert';
import { analyze, fn, targets } from './helpers';

describe('python: type tracking', () => {
  it('tracks module-level instances, self attributes, with-targets and locals', async () => {
    const model = await analyze(`
import requests, httpx, threading

session = requests.Session()
lock = threading.Lock()

class Client:
    def fetch(self):
        self.http.get("u")
        self.pool.get("u")
    def __init__(self, pool: httpx.Client):
        self.http = requests.Session()
        self.pool = pool

def handler():
    session.get("a")
    with lock:
        pass
    with open("f") as fh, httpx.Client() as c:
        fh.readlines()
        c.post("u")
    resp = requests.get("x")
    resp.json()
    alias = session
    alias.put("b")
`);
    assert.deepStrictEqual(targets(model, 'Client.fetch'), ['external:requests.Session().get', 'external:httpx.Client().get']);
    assert.deepStrictEqual(targets(model, 'handler'), [
      'external:requests.Session().get',
      'external:builtins.open',
      'external:httpx.Client',
      // `with` targets carry `__enter__()`; the workspace drops it for library names.
      'external:builtins.open().__enter__().readlines',
      'external:httpx.Client().__enter__().post',
      'external:requests.get',
      'external:requests.get().json',
      'external:requests.Session().put',
    ]);
  });

  it('types parameters from annotations (Optional, Annotated, unions, strings)', async () => {
    const model = await analyze(`
from typing import Annotated, Optional
from fastapi import Depends
from sqlalchemy.orm import Session
from .services import ReportService
import redis

def a(db: Session):
    db.query(1)
def b(db: Optional[Session] = None):
    db.execute("q")
def c(db: Annotated[Session, Depends(get_db)]):
    db.commit()
def d(r: redis.Redis | None, s: "Session"):
    r.get("k")
    s.flush()
def e(svc: ReportService = Depends()):
    svc.build()
`);
    assert.deepStrictEqual(targets(model, 'a'), ['external:sqlalchemy.orm.Session().query']);
    assert.deepStrictEqual(targets(model, 'b'), ['external:sqlalchemy.orm.Session().execute']);
    assert.deepStrictEqual(targets(model, 'c'), ['external:sqlalchemy.orm.Session().commit']);
    assert.deepStrictEqual(targets(model, 'd'), ['external:redis.Redis().get', 'external:sqlalchemy.orm.Session().flush']);
    assert.deepStrictEqual(targets(model, 'e'), ['value:svc.build']);
  });

  it('treats sessionmaker(...)() and scoped_session(...) as Session instances', async () => {
    const model = await analyze(`
from sqlalchemy.orm import sessionmaker, scoped_session
SessionLocal = sessionmaker(bind=None)
Scoped = scoped_session(SessionLocal)

def handler():
    db = SessionLocal()
    db.query(1).all()
    with SessionLocal() as s:
        s.commit()
    Scoped.query(2)
`);
    assert.deepStrictEqual(targets(model, 'handler'), [
      'external:sqlalchemy.orm.sessionmaker()',
      'external:sqlalchemy.orm.Session().query',
      'external:sqlalchemy.orm.Session().query().all',
      'external:sqlalchemy.orm.sessionmaker()',
      'external:sqlalchemy.orm.Session().__enter__().commit',
      'external:sqlalchemy.orm.Session().query',
    ]);
  });

  it('sees module bindings made after the function (bodies are analyzed last)', async () => {
    const model = await analyze(`
import httpx
def handler():
    client.get("u")
client = httpx.Client()
`);
    assert.deepStrictEqual(targets(model, 'handler'), ['external:httpx.Client().get']);
  });

  it('does not let a None placeholder erase a known type', async () => {
    const model = await analyze(`
import requests
class A:
    session = None
    def __init__(self):
        self.session = requests.Session()
        self.other = None
    def go(self):
        self.session.get("u")
`);
    assert.deepStrictEqual(targets(model, 'A.go'), ['external:requests.Session().get']);
  });

  it('leaves what a project function returns to the workspace (a value target: `make` then `().get`)', async () => {
    const model = await analyze(`
import requests
def make():
    return requests.Session()
def handler():
    s = make()
    s.get("u")
`);
    assert.deepStrictEqual(targets(model, 'handler'), ['project::make', 'value:s.get']);
    const call = fn(model, 'handler').calls[1].target;
    assert.deepStrictEqual(call, { kind: 'value', of: { module: null, name: 'make' }, path: '().get', name: 's.get' });
    assert.deepStrictEqual(fn(model, 'make').returns, [{ kind: 'external', name: 'requests.Session()' }]);
  });
});

describe('python: type tracking (globals and super)', () => {
  it('types a module name assigned through `global` in a function', async () => {
    const model = await analyze(`
import httpx
client = None
def startup():
    global client
    client = httpx.Client()
def handler():
    client.get("u")
`);
    assert.deepStrictEqual(targets(model, 'handler'), ['external:httpx.Client().get']);
  });

  it('resolves super() calls to the base class method', async () => {
    const model = await analyze(`
from .base import BaseService
class Base:
    def save(self):
        pass
class Child(Base):
    def save(self):
        super().save()
class Remote(BaseService):
    def run(self):
        super().run()
`);
    assert.deepStrictEqual(targets(model, 'Child.save'), ['external:builtins.super', 'project::Base.save']);
    assert.deepStrictEqual(targets(model, 'Remote.run'), ['external:builtins.super', 'value:super().run']);
  });
});
