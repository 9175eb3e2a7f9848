import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import type { Finding } from '../../src/core/model';
import { scratchDir } from '../helpers/scratch';

/** Writes a small project to a temp dir and loads every file into a fresh engine. */
async function project(files: Record<string, string>, options = {}): Promise<{ engine: Engine; dir: string }> {
  const dir = scratchDir('unblock-ip-');
  const engine = await Engine.create([dir], undefined, options);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    engine.setFile(file, text);
  }
  return { engine, dir };
}

function summary(findings: Finding[], dir: string): string[] {
  return findings.map((f) => `${path.relative(dir, f.file)}:${f.range.line} ${f.rule} ${f.severity}`);
}

const FASTAPI_MAIN = `from fastapi import FastAPI
from .services import get_rates

app = FastAPI()

@app.get("/rates")
async def rates():
    return get_rates("EUR")
`;

describe('interprocedural analysis (Python)', () => {
  it('reports the call site and the blocking call across modules, with the chain', async () => {
    const { engine, dir } = await project({
      'app/__init__.py': '',
      'app/main.py': FASTAPI_MAIN,
      'app/services.py': 'from .client import fetch\n\ndef get_rates(c):\n    return fetch(c)\n',
      'app/client.py': 'import requests\n\ndef fetch(c):\n    return requests.get("https://x/" + c)\n',
    });
    const findings = engine.findings();
    assert.deepStrictEqual(summary(findings, dir), [
      'app/client.py:4 py/blocking-http error',
      'app/main.py:8 py/via-call error',
    ]);
    const via = findings.find((f) => f.rule === 'py/via-call')!;
    assert.deepStrictEqual(
      via.chain.map((h) => `${path.relative(dir, h.file)}:${h.line} ${h.name}`),
      ['app/main.py:7 rates', 'app/main.py:8 get_rates', 'app/services.py:4 fetch', 'app/client.py:4 requests.get'],
    );
    assert.strictEqual(via.category, 'network');
    assert.strictEqual(via.handler?.name, 'rates');
    const leaf = findings.find((f) => f.rule === 'py/blocking-http')!;
    assert.deepStrictEqual(leaf.chain, via.chain);
  });

  it('follows self.method() and methods of annotated parameters', async () => {
    const { engine, dir } = await project({
      'svc/__init__.py': '',
      'svc/main.py': `from fastapi import Depends, FastAPI
from .reports import ReportService

app = FastAPI()

@app.get("/r")
async def r(svc: ReportService = Depends(ReportService)):
    return svc.build()
`,
      'svc/reports.py': `import time

class ReportService:
    def build(self):
        return self._slow()

    def _slow(self):
        time.sleep(1)
`,
    });
    assert.deepStrictEqual(summary(engine.findings(), dir), ['svc/main.py:8 py/via-call error', 'svc/reports.py:8 py/blocking-sleep error']);
  });

  it('terminates on mutual recursion and still finds the blocking call', async () => {
    const { engine, dir } = await project({
      'm/__init__.py': '',
      'm/main.py': `from fastapi import FastAPI
from .a import ping

app = FastAPI()

@app.get("/")
async def home():
    return ping(3)
`,
      'm/a.py': 'from .b import pong\n\ndef ping(n):\n    return pong(n - 1) if n else 0\n',
      'm/b.py': 'import time\nfrom .a import ping\n\ndef pong(n):\n    time.sleep(0.1)\n    return ping(n)\n',
    });
    assert.deepStrictEqual(summary(engine.findings(), dir), ['m/b.py:5 py/blocking-sleep error', 'm/main.py:8 py/via-call error']);
  });

  it('does not follow offloaded helpers, and reports a shared helper only through the handler', async () => {
    const { engine, dir } = await project({
      'o/__init__.py': '',
      'o/main.py': `import asyncio
from fastapi import FastAPI
from .helpers import load, warm

app = FastAPI()

@app.get("/a")
async def a():
    return await asyncio.to_thread(load)

@app.get("/b")
def b():
    return warm()
`,
      'o/helpers.py': 'import requests\n\ndef load():\n    return requests.get("x")\n\ndef warm():\n    return open("f").read()\n',
      'o/script.py': 'from o.helpers import load\n\nload()\n',
    });
    // /a offloads; /b is a plain def endpoint (threadpool): I/O not reported; the script is no request path.
    assert.deepStrictEqual(summary(engine.findings(), dir), []);
  });

  it('honours the maximum chain depth', async () => {
    const files: Record<string, string> = {
      'd/__init__.py': '',
      'd/main.py': 'from fastapi import FastAPI\nfrom .chain import f0\n\napp = FastAPI()\n\n@app.get("/")\nasync def h():\n    return f0()\n',
    };
    const body = Array.from({ length: 6 }, (_, i) => `def f${i}():\n    return f${i + 1}()\n`).join('\n');
    files['d/chain.py'] = `import time\n\n${body}\ndef f6():\n    time.sleep(1)\n`;
    const deep = await project(files, { maxDepth: 8 });
    assert.strictEqual(deep.engine.findings().filter((f) => f.rule === 'py/via-call').length, 1);
    const shallow = await project(files, { maxDepth: 3 });
    assert.deepStrictEqual(shallow.engine.findings(), []);
  });

  it('updates incrementally: editing the helper re-parses only that file', async () => {
    const { engine, dir } = await project({
      'inc/__init__.py': '',
      'inc/main.py': FASTAPI_MAIN,
      'inc/services.py': 'import requests\n\ndef get_rates(c):\n    return requests.get(c)\n',
      'inc/other.py': 'def unrelated():\n    return 1\n',
    });
    assert.strictEqual(engine.findings().length, 2);
    const parsesBefore = engine.stats.parses;
    engine.setFile(path.join(dir, 'inc/services.py'), 'def get_rates(c):\n    return {"c": c}\n');
    assert.deepStrictEqual(engine.findings(), []);
    assert.strictEqual(engine.stats.parses - parsesBefore, 1);
  });

  it('counts the other blocking calls a callee reaches in the via-call message', async () => {
    const { engine } = await project({
      'c/__init__.py': '',
      'c/main.py': FASTAPI_MAIN.replace('.services', '.services'),
      'c/services.py': 'import time, requests\n\ndef get_rates(c):\n    time.sleep(1)\n    requests.get(c)\n    return open(c).read()\n',
    });
    const via = engine.findings().find((f) => f.rule === 'py/via-call')!;
    assert.match(via.message, /and \d+ other blocking calls/);
  });
});

describe('interprocedural analysis (JS/TS)', () => {
  it('follows imports through an index file with `export *`, and names inline handlers by route', async () => {
    const { engine, dir } = await project({
      'src/server.ts': `import express from 'express';
import { loadUser } from './lib';

const app = express();
app.get('/users/:id', (req, res) => {
  res.json(loadUser(req.params.id));
});
app.listen(3000);
`,
      'src/lib/index.ts': "export * from './store';\n",
      'src/lib/store.ts': `import { readFileSync } from 'node:fs';

export function loadUser(id: string) {
  return JSON.parse(readFileSync('/data/' + id + '.json', 'utf8'));
}
`,
    });
    const findings = engine.findings();
    const rules = summary(findings, dir).filter((s) => !s.includes('json-large-payload'));
    assert.deepStrictEqual(rules, ['src/lib/store.ts:4 js/sync-fs error', 'src/server.ts:6 js/via-call error']);
    const via = findings.find((f) => f.rule === 'js/via-call')!;
    assert.strictEqual(via.chain[0].name, 'express GET /users/:id');
    assert.deepStrictEqual(via.chain.slice(1).map((h) => h.name), ['loadUser', 'fs.readFileSync']);
  });
});
