import * as assert from 'assert';
import { analyze, edges, fn } from './helpers';

describe('python: call edges that are no call by name', () => {
  it('records callbacks handed to loop schedulers, partials and builtins that call them', async () => {
    const model = await analyze(`
import asyncio, functools, signal
def cb(): pass
class Job:
    def run(self): pass
async def handler(job: Job, items):
    loop = asyncio.get_running_loop()
    loop.call_soon(cb)
    loop.call_later(1, job.run)
    loop.call_soon(functools.partial(cb, 1))
    fut = loop.create_future()
    fut.add_done_callback(cb)
    sorted(items, key=cb)
    p = functools.partial(job.run)
    p()
    await loop.run_in_executor(None, functools.partial(cb))
    await asyncio.to_thread(cb)
    loop.add_signal_handler(signal.SIGTERM, job.run)
`);
    assert.deepStrictEqual(edges(model, 'handler'), [
      'callback passed to call_soon → project::cb',
      'callback passed to call_later → project::Job.run',
      'partial passed to call_soon → project::cb',
      'callback passed to add_done_callback → project::cb',
      'callback passed to sorted → project::cb',
      'via partial → project::Job.run',
      'callback passed to add_signal_handler → project::Job.run',
    ]);
    const later = fn(model, 'handler').calls.find((c) => c.edge?.label === 'callback passed to call_later')!;
    assert.strictEqual(later.dispatch, true, 'a bound method may be overridden');
  });

  it('names the coroutine a task runs', async () => {
    const model = await analyze(`
import asyncio
async def refresh(): pass
async def handler():
    asyncio.create_task(refresh())
    await asyncio.gather(refresh())
`);
    assert.deepStrictEqual(edges(model, 'handler'), ['task created by create_task → project::refresh']);
  });

  it('records properties and descriptors read, not methods, setters or plain attributes', async () => {
    const model = await analyze(`
import functools
class Lazy:
    def __get__(self, obj, owner): pass
class Settings:
    lazy = Lazy()
    def __init__(self):
        self.name = "x"
    @property
    def dsn(self): pass
    @dsn.setter
    def dsn(self, value): pass
    @functools.cached_property
    def totals(self): pass
    def load(self): pass
async def handler(s: Settings):
    s.dsn = "y"
    return s.dsn, s.totals, s.name, s.load, s.load(), s.lazy
`);
    assert.deepStrictEqual(edges(model, 'handler'), [
      'property → project::Settings.dsn',
      'property → project::Settings.totals',
      'descriptor → project::Lazy.__get__',
    ]);
    assert.strictEqual(fn(model, 'Settings.dsn').accessor, 'getter');
    assert.strictEqual(model.functions.filter((f) => f.name === 'Settings.dsn')[1].accessor, 'setter');
  });

  it('records with-statements, operators and iteration on project instances only', async () => {
    const model = await analyze(`
import contextlib
class Box:
    def __enter__(self): pass
    def __exit__(self, *a): pass
    def __eq__(self, o): pass
@contextlib.contextmanager
def scope():
    yield
async def handler(a: Box, b: Box, x, y):
    with Box():
        pass
    with scope():
        pass
    with open("f"):
        pass
    x == y
    a == b
    k in a
    a[1]
    a[1] = 2
    for i in a:
        pass
    if not a:
        pass
    len(a)
`);
    assert.deepStrictEqual(edges(model, 'handler'), [
      'via `with` → project::Box.__enter__',
      'via `with` → project::Box.__exit__',
      'via `with` → project::scope',
      'via `==` → project::Box.__eq__',
    ]);
  });

  it('finds the wrappers of decorators and decorator factories, not registering decorators', async () => {
    const model = await analyze(`
import functools
def timed(fn):
    @functools.wraps(fn)
    def wrapper(*a):
        return fn(*a)
    return wrapper
def retry(times):
    def decorator(fn):
        async def wrapper(*a):
            return await fn(*a)
        return wrapper
    return decorator
def register(fn):
    def helper():
        return 1
    return fn
@timed
@retry(3)
@register
async def handler(): pass
`);
    assert.deepStrictEqual(fn(model, 'timed').wrappers, ['timed.wrapper']);
    assert.deepStrictEqual(fn(model, 'retry').wrappers, ['retry.decorator.wrapper']);
    assert.strictEqual(fn(model, 'register').wrappers, undefined);
    assert.deepStrictEqual(edges(model, 'handler'), [
      'via decorator `@timed` → project::timed',
      'via decorator `@retry` → project::retry',
      'via decorator `@register` → project::register',
    ]);
  });

  it('marks method calls on instances for overrides, not super() or class-qualified calls', async () => {
    const model = await analyze(`
class Base:
    def save(self): pass
class Child(Base):
    def save(self):
        super().save()
        Base.save(self)
        self.save()
`);
    const calls = fn(model, 'Child.save').calls.map((c) => `${c.text}${c.dispatch ? ' dispatch' : ''}`);
    assert.deepStrictEqual(calls, ['super', 'super().save', 'Base.save', 'self.save dispatch']);
  });
});
