/**
 * Python fix units on real files in temp projects, scanned by the real engine:
 * import insertion, formatting kept (tabs, CRLF), Python version detection,
 * async propagation to callers, and the reasons a fix is unavailable.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Finding, Fix } from '../../src/core/model';
import { scan } from '../../src/core/scan';
import { applyEdits } from '../../src/core/fixes/edits';
import { initPythonParser, parsePython } from '../../src/core/python/parse';
import { hasImport, importEdits } from '../../src/core/python/fixes/imports';
import { minimumMinor, minimumPythonMinor, requiresPythonIn } from '../../src/core/python/fixes/pythonVersion';
import { requirementChange } from '../../src/core/python/fixes/requirements';
import { pyCompile, tempProject } from './harness';

async function project(files: Record<string, string>): Promise<{ dir: string; findings: Finding[] }> {
  const dir = tempProject();
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const result = await scan([dir]);
  return { dir, findings: result.findings };
}

function findingOf(findings: Finding[], call: string): Finding {
  const found = findings.find((f) => f.call === call);
  assert.ok(found, `no finding for ${call}; got ${findings.map((f) => f.call).join(', ')}`);
  return found;
}

function fixOf(finding: Finding, kind: Fix['kind']): Fix {
  const fix = finding.fixes.find((f) => f.kind === kind);
  assert.ok(fix, `no ${kind} fix; got ${finding.fixes.map((f) => `${f.kind}: ${f.title}`).join(' | ')}`);
  return fix;
}

/** The text of `file` after applying the fix's edits for it. */
function fixed(fix: Fix, file: string): string {
  return applyEdits(fs.readFileSync(file, 'utf8'), fix.edits.filter((e) => e.file === file));
}

describe('python fixes: imports', () => {
  before(() => initPythonParser());
  const edit = (text: string, statements: string[]) => applyEdits(text, importEdits(parsePython(text), text, statements));

  it('adds an import after the last top-level import, once', () => {
    const text = 'import os\nfrom x import y\n\n\ndef f():\n    import json\n';
    assert.strictEqual(edit(text, ['import asyncio', 'import asyncio']), 'import os\nfrom x import y\nimport asyncio\n\n\ndef f():\n    import json\n');
  });

  it('does not add an import the file already has', () => {
    const text = 'import asyncio\nimport os\n';
    assert.ok(hasImport(parsePython(text), 'import asyncio'));
    assert.strictEqual(edit(text, ['import asyncio']), text);
  });

  it('merges a from-import into an existing one-line import of the same module', () => {
    const text = 'from starlette.concurrency import iterate_in_threadpool\n';
    assert.strictEqual(edit(text, ['from starlette.concurrency import run_in_threadpool']), 'from starlette.concurrency import iterate_in_threadpool, run_in_threadpool\n');
  });

  it('goes after the docstring when the file has no imports, and keeps CRLF', () => {
    const text = '"""Doc."""\r\n\r\nX = 1\r\n';
    assert.strictEqual(edit(text, ['import asyncio']), '"""Doc."""\r\nimport asyncio\r\n\r\n\r\nX = 1\r\n');
  });
});

describe('python fixes: python version detection', () => {
  it('reads the lowest allowed minor from specifiers', () => {
    assert.strictEqual(minimumMinor('>=3.8'), 8);
    assert.strictEqual(minimumMinor('>=3.8,<4'), 8);
    assert.strictEqual(minimumMinor('^3.7'), 7);
    assert.strictEqual(minimumMinor('~=3.10'), 10);
    assert.strictEqual(minimumMinor('>3.8'), 9);
    assert.strictEqual(minimumMinor('*'), undefined);
  });

  it('finds requires-python, poetry python and python_requires', () => {
    assert.strictEqual(requiresPythonIn('pyproject.toml', '[project]\nrequires-python = ">=3.11"\n'), '>=3.11');
    assert.strictEqual(requiresPythonIn('pyproject.toml', '[tool.poetry.dependencies]\npython = "^3.8"\n'), '^3.8');
    assert.strictEqual(requiresPythonIn('setup.cfg', '[options]\npython_requires = >=3.7\n'), '>=3.7');
    assert.strictEqual(requiresPythonIn('setup.py', 'setup(python_requires=">=3.6")'), '>=3.6');
  });

  it('uses the nearest config above the file', () => {
    const dir = tempProject();
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nrequires-python = ">=3.8"\n');
    fs.mkdirSync(path.join(dir, 'pkg'));
    assert.strictEqual(minimumPythonMinor(path.join(dir, 'pkg', 'app.py')), 8);
    fs.writeFileSync(path.join(dir, 'pkg', 'setup.cfg'), '[options]\npython_requires = >=3.12\n');
    assert.strictEqual(minimumPythonMinor(path.join(dir, 'pkg', 'app.py')), 12);
  });

  it('offloads with run_in_executor below 3.9 and asyncio.to_thread otherwise', async () => {
    const app = 'import asyncio\nimport socket\nfrom aiohttp import web\n\nroutes = web.RouteTableDef()\n\n\n@routes.get("/")\nasync def index(request):\n    host = socket.gethostbyname("example.org")\n    return web.Response(text=host)\n';
    const old = await project({ 'pyproject.toml': '[project]\nrequires-python = ">=3.8"\n', 'app.py': app });
    const oldFix = fixOf(findingOf(old.findings, 'socket.gethostbyname'), 'offload');
    assert.match(fixed(oldFix, path.join(old.dir, 'app.py')), /await asyncio\.get_running_loop\(\)\.run_in_executor\(None, socket\.gethostbyname, "example\.org"\)/);
    const modern = await project({ 'pyproject.toml': '[project]\nrequires-python = ">=3.10"\n', 'app.py': app });
    const newFix = fixOf(findingOf(modern.findings, 'socket.gethostbyname'), 'offload');
    assert.match(fixed(newFix, path.join(modern.dir, 'app.py')), /await asyncio\.to_thread\(socket\.gethostbyname, "example\.org"\)/);
  });
});

describe('python fixes: formatting is kept', () => {
  it('wraps requests in async with using the file\'s tabs and CRLF', async () => {
    const text = 'import requests\r\nfrom fastapi import FastAPI\r\n\r\napp = FastAPI()\r\n\r\n\r\n@app.get("/")\r\nasync def index():\r\n\tr = requests.get(\'https://example.org\', timeout=3)  # keep me\r\n\tawait something()\r\n\treturn r.json()\r\n';
    const { dir, findings } = await project({ 'app.py': text });
    const fix = fixOf(findingOf(findings, 'requests.get'), 'await');
    const out = fixed(fix, path.join(dir, 'app.py'));
    assert.ok(out.includes("\tasync with httpx.AsyncClient(follow_redirects=True) as client:\r\n\t\tr = await client.get('https://example.org', timeout=3)  # keep me\r\n"), out);
    assert.ok(out.includes('import requests\r\nfrom fastapi import FastAPI\r\nimport httpx\r\n'), out);
    assert.ok(!/[^\r]\n/.test(out), 'a bare LF slipped in');
    assert.strictEqual(pyCompile(out, dir), undefined);
  });

  it('parenthesises await where precedence needs it', async () => {
    const { dir, findings } = await project({
      'app.py': 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    return {"n": len(open("/tmp/x").read())}\n',
    });
    const finding = findings.find((f) => f.call.startsWith('builtins.open'));
    assert.ok(finding);
    const out = fixed(fixOf(finding, 'offload'), path.join(dir, 'app.py'));
    assert.ok(out.includes('len((await run_in_threadpool(open, "/tmp/x")).read())'), out);
    assert.strictEqual(pyCompile(out, dir), undefined);
  });
});

describe('python fixes: async propagation', () => {
  it('makes a helper async and awaits it in its async callers, in the same fix', async () => {
    const { dir, findings } = await project({
      'app.py': 'from fastapi import FastAPI\n\nfrom helpers import pause\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    pause()\n    return {}\n',
      'helpers.py': 'import time\n\n\ndef pause():\n    time.sleep(1)\n',
    });
    const fix = fixOf(findingOf(findings, 'time.sleep'), 'make-async');
    assert.strictEqual(fix.unavailable, undefined);
    assert.ok(fix.safe, fix.description);
    const helper = fixed(fix, path.join(dir, 'helpers.py'));
    assert.match(helper, /async def pause\(\):\n    await asyncio\.sleep\(1\)/);
    assert.match(helper, /^import time\nimport asyncio\n/);
    assert.match(fixed(fix, path.join(dir, 'app.py')), /\n    await pause\(\)\n/);
  });

  it('does not apply on its own to a public check that returns a truth value: an outside caller without await would pass every check (lnbits verify_password)', async () => {
    const { dir, findings } = await project({
      'app.py': 'from fastapi import FastAPI, HTTPException\n\nfrom models import Account\n\napp = FastAPI()\n\n\n@app.post("/login")\nasync def login(password: str):\n    account = Account()\n    if not account.verify_password(password):\n        raise HTTPException(401)\n    return {"hash": account.hash_password(password)}\n',
      'models.py': 'import bcrypt\n\n\nclass Account:\n    password_hash = ""\n\n    def verify_password(self, password: str) -> bool:\n        if not self.password_hash:\n            return False\n        return bcrypt.checkpw(password.encode(), self.password_hash.encode())\n\n    def hash_password(self, password: str) -> str:\n        return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()\n',
    });
    const check = fixOf(findingOf(findings, 'bcrypt.checkpw'), 'make-async');
    assert.strictEqual(check.unavailable, undefined);
    assert.strictEqual(check.safe, false);
    assert.match(check.description ?? '', /verify_password returns a truth value and is public/);
    // Offered all the same, and whole: the project's own caller awaits it.
    assert.match(fixed(check, path.join(dir, 'app.py')), /if not await account\.verify_password\(password\):/);
    const hash = fixOf(findingOf(findings, 'bcrypt.hashpw'), 'make-async');
    assert.ok(hash.safe, hash.description);
  });

  it('is unavailable when a caller runs at module level', async () => {
    const { findings } = await project({
      'app.py': 'from fastapi import FastAPI\n\nfrom helpers import pause\n\napp = FastAPI()\npause()\n\n\n@app.get("/")\nasync def index():\n    pause()\n    return {}\n',
      'helpers.py': 'import time\n\n\ndef pause():\n    time.sleep(1)\n',
    });
    const fix = fixOf(findingOf(findings, 'time.sleep'), 'make-async');
    assert.match(fix.unavailable ?? '', /called at module level/);
    assert.deepStrictEqual(fix.edits, []);
  });

  it('is unavailable when the function is also passed around as a value', async () => {
    const { findings } = await project({
      'app.py': 'import asyncio\nimport time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\ndef pause():\n    time.sleep(1)\n\n\n@app.get("/")\nasync def index():\n    pause()\n    await asyncio.to_thread(pause)\n    return {}\n',
    });
    const fix = fixOf(findingOf(findings, 'time.sleep'), 'make-async');
    assert.match(fix.unavailable ?? '', /used as a value/);
  });

  it('does not make a Flask view async for one call: the view would still hold its worker', async () => {
    const { findings } = await project({
      'requirements.txt': 'Flask==3.0.3\n',
      'app.py': 'import time\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    time.sleep(1)\n    return "ok"\n',
    });
    const finding = findingOf(findings, 'time.sleep');
    assert.match(fixOf(finding, 'make-async').unavailable ?? '', /holds its worker.*two or more independent awaits/);
  });

  it('makes a Flask view with two independent calls async (naming gather) and adds flask[async]', async () => {
    const { dir, findings } = await project({
      'requirements.txt': 'Flask==3.0.3\n',
      'app.py': 'import time\nimport requests\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    time.sleep(1)\n    r = requests.get("https://example.com")\n    return r.text\n',
    });
    const fix = fixOf(findingOf(findings, 'time.sleep'), 'make-async');
    assert.ok(fix.safe && !fix.unavailable);
    assert.match(fix.title, /its 2 independent calls together with asyncio\.gather/);
    assert.match(fixed(fix, path.join(dir, 'app.py')), /async def index\(\):\n    await asyncio\.sleep\(1\)/);
    assert.strictEqual(fixed(fix, path.join(dir, 'requirements.txt')), 'Flask[async]==3.0.3\n');
  });

  it('counts a call that uses an earlier result as one chain, not two awaits', async () => {
    const { findings } = await project({
      'requirements.txt': 'Flask==3.0.3\n',
      'app.py': 'import requests\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    first = requests.get("https://example.com/a")\n    second = requests.get(first.json()["next"])\n    return second.text\n',
    });
    assert.match(fixOf(findingOf(findings, 'requests.get'), 'make-async').unavailable ?? '', /two or more independent awaits/);
  });
});

describe('python fixes: FastAPI make-sync and unavailable reasons', () => {
  it('offers a plain def for an async endpoint that never awaits', async () => {
    const { dir, findings } = await project({
      'app.py': 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    time.sleep(1)\n    return {}\n',
    });
    const fix = fixOf(findingOf(findings, 'time.sleep'), 'make-sync');
    assert.match(fixed(fix, path.join(dir, 'app.py')), /\ndef index\(\):/);
  });

  it('keeps async when the endpoint awaits', async () => {
    const { findings } = await project({
      'app.py': 'import asyncio\nimport time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    time.sleep(1)\n    await asyncio.sleep(0)\n    return {}\n',
    });
    assert.match(fixOf(findingOf(findings, 'time.sleep'), 'make-sync').unavailable ?? '', /awaits/);
  });

  it('explains why a subprocess command that is not a literal list cannot be rewritten', async () => {
    const { findings } = await project({
      'app.py': 'import subprocess\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index(cmd: str):\n    subprocess.run(cmd, shell=True)\n    return {}\n',
    });
    const finding = findingOf(findings, 'subprocess.run');
    assert.match(fixOf(finding, 'await').unavailable ?? '', /not a literal list/);
    assert.ok(finding.fixes.some((f) => f.preferred && f.kind === 'offload'), 'offload should be preferred instead');
  });

  it('refuses the httpx rewrite for client-level options, and marks thread-affine offloads unsafe', async () => {
    const { findings } = await project({
      'app.py':
        'import requests\nfrom fastapi import FastAPI\nfrom sqlalchemy.orm import Session\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index(db: Session):\n    requests.get("https://x", verify=False)\n    db.execute("select 1")\n    return {}\n',
    });
    assert.match(fixOf(findingOf(findings, 'requests.get'), 'await').unavailable ?? '', /verify=/);
    const orm = findings.find((f) => f.rule === 'py/sqlalchemy-sync-session');
    assert.ok(orm, 'the SQLAlchemy session call should be reported');
    const offload = fixOf(orm, 'offload');
    assert.strictEqual(offload.safe, false);
    assert.ok(offload.description && offload.description.length > 0);
  });

  it('does not offload an awaited coroutine call', async () => {
    const { findings } = await project({
      'app.py': 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\nasync def helper():\n    time.sleep(1)\n\n\n@app.get("/")\nasync def index():\n    await helper()\n    return {}\n',
    });
    const via = findings.find((f) => f.rule === 'py/via-call');
    assert.ok(via, 'the awaited helper should be reported as a via-call');
    assert.match(fixOf(via, 'offload').unavailable ?? '', /awaited/);
  });

  it('writes requirements once, merging extras', () => {
    const dir = tempProject();
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'flask[dotenv]>=3\nhttpx\n');
    const file = path.join(dir, 'app.py');
    assert.deepStrictEqual(requirementChange(file, 'httpx').edits, []);
    const extras = requirementChange(file, 'flask[async]').edits;
    assert.strictEqual(applyEdits(fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8'), extras), 'flask[dotenv,async]>=3\nhttpx\n');
  });

  it('marks the httpx rewrite unsafe unless httpx is (or can be) declared', async () => {
    const app = 'import requests\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    r = requests.get("https://x")\n    return r.json()\n';
    // A pyproject.toml without a dependency list: nowhere to declare httpx.
    const nowhere = await project({ 'pyproject.toml': '[tool.black]\nline-length = 100\n', 'app.py': app });
    const unsafe = fixOf(findingOf(nowhere.findings, 'requests.get'), 'await');
    assert.strictEqual(unsafe.safe, false);
    assert.match(unsafe.description ?? '', /needs httpx/);
    const declared = await project({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["httpx>=0.27", "fastapi"]\n', 'app.py': app });
    const safe = fixOf(findingOf(declared.findings, 'requests.get'), 'await');
    assert.ok(safe.safe && safe.preferred, safe.description);
    assert.ok(safe.edits.every((e) => e.file.endsWith('app.py')));
    const listed = await project({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["fastapi"]\n', 'app.py': app });
    const adds = fixOf(findingOf(listed.findings, 'requests.get'), 'await');
    assert.ok(adds.safe);
    const pyproject = path.join(listed.dir, 'pyproject.toml');
    assert.match(applyEdits(fs.readFileSync(pyproject, 'utf8'), adds.edits.filter((e) => e.file === pyproject)), /dependencies = \["fastapi", "httpx"\]/);
  });

  it('does not await inside a generator expression', async () => {
    const { findings } = await project({
      'app.py': 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    return {"n": sum(time.sleep(0.1) or 1 for _ in range(3))}\n',
    });
    const finding = findingOf(findings, 'time.sleep');
    assert.match(fixOf(finding, 'await').unavailable ?? '', /generator expression/);
    assert.ok(!finding.fixes.some((f) => f.preferred));
  });
});
