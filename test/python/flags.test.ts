import * as assert from 'assert';
import type { CallSite } from '../../src/core/model';
import { analyze, callNamed, fn } from './helpers';
import { rangeOfSite } from '../helpers/siteRange';

function flags(call: CallSite): string {
  return `${call.text}${call.awaited ? ' awaited' : ''}${call.offloaded ? ' offloaded' : ''}`;
}

describe('python: awaited and offloaded calls', () => {
  it('marks directly awaited calls, async with and async for', async () => {
    const model = await analyze(`
import asyncio, httpx, aiofiles
async def handler():
    await (asyncio.sleep(1))
    x = await client().get("u")
    asyncio.sleep(2)
    async with httpx.AsyncClient() as c:
        pass
    async for row in stream():
        pass
`);
    assert.deepStrictEqual(fn(model, 'handler').calls.map(flags), [
      'asyncio.sleep awaited',
      'client',
      'client().get awaited',
      'asyncio.sleep',
      'httpx.AsyncClient awaited',
      'stream awaited',
    ]);
  });

  it('counts coroutines handed to gather/create_task as awaited', async () => {
    const model = await analyze(`
import asyncio
async def handler(client):
    await asyncio.gather(client.get("a"), client.get("b"))
    asyncio.create_task(refresh())
    loop = asyncio.get_running_loop()
    loop.create_task(refresh())
    await asyncio.wait_for(slow(), 5)
    fire(refresh())
`);
    assert.deepStrictEqual(fn(model, 'handler').calls.map(flags), [
      'asyncio.gather awaited',
      'client.get awaited',
      'client.get awaited',
      'asyncio.create_task',
      'refresh awaited',
      'asyncio.get_running_loop',
      'loop.create_task',
      'refresh awaited',
      'asyncio.wait_for awaited',
      'slow awaited',
      'fire',
      'refresh',
    ]);
  });

  it('marks calls in lambdas and nested defs handed to offload helpers', async () => {
    const model = await analyze(`
import asyncio, functools, time, requests
from starlette.concurrency import run_in_threadpool
from anyio import to_thread
from asgiref.sync import sync_to_async
from concurrent.futures import ThreadPoolExecutor
from quart.utils import run_sync
import trio

pool = ThreadPoolExecutor()

async def handler():
    await asyncio.to_thread(lambda: time.sleep(1))
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, lambda: requests.get("a"))
    await loop.run_in_executor(None, functools.partial(lambda u: requests.get(u), "b"))
    await run_in_threadpool(lambda: open("f").read())
    await to_thread.run_sync(lambda: time.sleep(2))
    await sync_to_async(lambda: time.sleep(3))()
    await trio.to_thread.run_sync(lambda: time.sleep(4))
    await run_sync(lambda: time.sleep(5))()
    pool.submit(lambda: time.sleep(6))
    def work():
        time.sleep(7)
    await asyncio.to_thread(work)
    await loop.run_in_executor(None, blocking())
    await asyncio.to_thread(requests.get, "c")
    (lambda: time.sleep(8))()
    lambda: time.sleep(9)
`);
    const offloaded = fn(model, 'handler')
      .calls.filter((c) => c.offloaded)
      .map((c) => c.text);
    assert.deepStrictEqual(offloaded, [
      'time.sleep',
      'requests.get',
      'requests.get',
      'open',
      'open("f").read',
      'time.sleep',
      'time.sleep',
      'time.sleep',
      'time.sleep',
      'time.sleep',
    ]);
    assert.ok(fn(model, 'handler.work').calls.every((c) => c.offloaded));
    assert.ok(!callNamed(model, 'handler', 'blocking').offloaded);
    // `to_thread(requests.get, url)` passes a reference: no call of requests.get there.
    assert.strictEqual(fn(model, 'handler').calls.filter((c) => c.text === 'requests.get').length, 2);
    // The same lambda called directly runs on the loop.
    const direct = fn(model, 'handler').calls.filter((c) => c.text === 'time.sleep').pop()!;
    assert.strictEqual(rangeOfSite(model, direct).line, 28);
    // A lambda built and dropped never runs: no call of its body is recorded.
    assert.ok(!fn(model, 'handler').calls.some((c) => rangeOfSite(model, c).line === 29), 'the dropped lambda\'s body was recorded');
    assert.strictEqual(flags(direct), 'time.sleep');
  });

  it('does not mark a module-level function passed by reference, nor make it a call', async () => {
    const model = await analyze(`
import asyncio, time
def blocking():
    time.sleep(1)
async def handler():
    await asyncio.to_thread(blocking)
`);
    assert.ok(!fn(model, 'blocking').calls[0].offloaded);
    assert.deepStrictEqual(
      fn(model, 'handler').calls.map((c) => c.text),
      ['asyncio.to_thread'],
    );
  });

  it('does not treat from_thread helpers as offloading', async () => {
    const model = await analyze(`
import anyio, time
def worker():
    anyio.from_thread.run_sync(lambda: time.sleep(1))
`);
    assert.deepStrictEqual(fn(model, 'worker').calls.map(flags), ['anyio.from_thread.run_sync', 'time.sleep']);
  });

  it('marks callables handed to a thread of their own', async () => {
    const model = await analyze(`
import threading, time
def handler():
    def work():
        time.sleep(1)
    threading.Thread(target=work).start()
    threading.Timer(5, lambda: time.sleep(2)).start()
`);
    assert.ok(fn(model, 'handler.work').calls.every((c) => c.offloaded));
    assert.deepStrictEqual(
      fn(model, 'handler').calls.filter((c) => c.offloaded).map((c) => c.text),
      ['time.sleep'],
    );
  });

  it('marks the body of a function decorated with an offload helper', async () => {
    const model = await analyze(`
import time
from asgiref.sync import sync_to_async
@sync_to_async
def fetch():
    time.sleep(1)
`);
    assert.strictEqual(fn(model, 'fetch').calls[0].offloaded, true);
  });
});
