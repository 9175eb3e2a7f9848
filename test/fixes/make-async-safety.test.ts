/**
 * Making a function async must update every caller or not be offered: a
 * login flow where `if not account.verify_password(...)` would test a
 * coroutine object (always truthy: any password logs in) is the case that
 * motivated it. Real files on disk, the real engine, the real parsers.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Finding, Fix } from '../../src/core/model';
import { scan } from '../../src/core/scan';
import { applyEdits } from '../../src/core/fixes/edits';
import { pyCompile, tempProject } from './harness';

async function project(files: Record<string, string>): Promise<{ dir: string; findings: Finding[] }> {
  const dir = tempProject();
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const result = await scan([dir], { scope: 'all' });
  return { dir, findings: result.findings };
}

function makeAsyncFixAt(findings: Finding[], file: string, call: string): Fix {
  const finding = findings.find((f) => f.call === call && f.file.endsWith(file));
  assert.ok(finding, `no finding for ${call} in ${file}; got ${findings.map((f) => `${path.basename(f.file)}:${f.call}`).join(', ')}`);
  const fix = finding.fixes.find((f) => f.kind === 'make-async');
  assert.ok(fix, `no make-async fix; got ${finding.fixes.map((f) => `${f.kind}: ${f.title}`).join(' | ')}`);
  return fix;
}

/** Applies a fix to the files on disk and returns the new texts by relative name. */
function apply(dir: string, fix: Fix): Record<string, string> {
  const byFile = new Map<string, Fix['edits']>();
  for (const edit of fix.edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  const out: Record<string, string> = {};
  for (const [file, edits] of byFile) {
    const text = applyEdits(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "", edits);
    fs.writeFileSync(file, text);
    out[path.relative(dir, file)] = text;
  }
  return out;
}

const SECURITY = [
  'import requests',
  '',
  '',
  'def verify_password(plain, hashed):',
  '    r = requests.post("https://auth.internal/verify", json={"plain": plain, "hashed": hashed}, timeout=5)',
  '    return r.json()["ok"]',
  '',
].join('\n');

const LOGIN_ASYNC_CALLERS = [
  'from fastapi import FastAPI, HTTPException',
  '',
  'from security import verify_password',
  '',
  'app = FastAPI()',
  '',
  '',
  '@app.post("/login")',
  'async def login(form: dict):',
  '    if not verify_password(form["password"], form["hash"]):',
  '        raise HTTPException(401)',
  '    return {"ok": True, "check": f"{verify_password(form[\'p\'], form[\'h\'])}"}',
  '',
  '',
  '@app.post("/check")',
  'async def check(form: dict):',
  '    return verify_password(form["password"], form["hash"]) == True',
  '',
].join('\n');

describe('fix safety: making a function async', () => {
  it('awaits every caller, including truthiness, comparison, return and f-string uses', async () => {
    const { dir, findings } = await project({ 'security.py': SECURITY, 'main.py': LOGIN_ASYNC_CALLERS });
    const fix = makeAsyncFixAt(findings, 'security.py', 'requests.post');
    assert.ok(!fix.unavailable, fix.unavailable);
    const out = apply(dir, fix);
    assert.match(out['security.py'], /async def verify_password/);
    assert.match(out['main.py'], /if not await verify_password\(form\["password"\], form\["hash"\]\):/);
    assert.match(out['main.py'], /f"\{await verify_password\(/);
    assert.match(out['main.py'], /return await verify_password\(form\["password"\], form\["hash"\]\) == True/);
    for (const file of Object.keys(out)) assert.strictEqual(pyCompile(out[file], dir), undefined, file);
  });

  it('is unavailable when a caller is a method call on a value the index cannot type (the login bypass)', async () => {
    const models = [
      'from security import verify_password as check_hash',
      '',
      '',
      'class Account:',
      '    def __init__(self, hashed):',
      '        self.hashed = hashed',
      '',
      '    def verify_password(self, plain):',
      '        return check_hash(plain, self.hashed)',
      '',
    ].join('\n');
    const security = SECURITY.replace('def verify_password(plain, hashed):', 'def verify_password(plain, hashed):  # noqa');
    const main = [
      'from fastapi import FastAPI, HTTPException',
      '',
      'from store import find_account',
      '',
      'app = FastAPI()',
      '',
      '',
      '@app.post("/login")',
      'async def login(form: dict):',
      '    account = find_account(form["user"])',
      '    if not account.verify_password(form["password"]):',
      '        raise HTTPException(401)',
      '    return {"ok": True}',
      '',
    ].join('\n');
    const { findings } = await project({ 'security.py': security, 'models.py': models, 'main.py': main, 'store.py': 'def find_account(name):\n    return None\n' });
    const fix = makeAsyncFixAt(findings, 'security.py', 'requests.post');
    assert.ok(fix.unavailable, 'the fix must not be offered');
    // Either blocker names the place: the sync method calling it, or the untyped call.
    assert.match(fix.unavailable!, /(models\.py:9|main\.py:11)/);
    assert.strictEqual(fix.edits.length, 0);
  });

  it('is unavailable when a sync function calls it, naming that caller', async () => {
    const main = LOGIN_ASYNC_CALLERS + '\n\ndef first_install(password):\n    assert verify_password(password, "x")\n';
    const { findings } = await project({ 'security.py': SECURITY, 'main.py': main });
    const fix = makeAsyncFixAt(findings, 'security.py', 'requests.post');
    assert.match(fix.unavailable ?? '', /sync function first_install \(main\.py:21\)/);
  });

  for (const [label, extra, reason] of [
    ['passed as a callback to map', '\n\nasync def many(items):\n    return list(map(verify_password, items, items))\n', /runs without a call at main\.py:21 \(callback passed to map\)/],
    ['named in getattr', '\n\nasync def dyn(mod, a, b):\n    return getattr(mod, "verify_password")(a, b)\n', /named in a string at main\.py:21/],
    ['called from a test in a sync test function', '', /sync function test_login \(tests\/test_login\.py:5\)/],
  ] as const) {
    it(`is unavailable when it is ${label}`, async () => {
      const files: Record<string, string> = { 'security.py': SECURITY, 'main.py': LOGIN_ASYNC_CALLERS + extra };
      if (!extra) files['tests/test_login.py'] = 'from security import verify_password\n\n\ndef test_login():\n    assert verify_password("a", "b")\n';
      const { findings } = await project(files);
      const fix = makeAsyncFixAt(findings, 'security.py', 'requests.post');
      assert.match(fix.unavailable ?? '', reason);
    });
  }

  it('is unavailable for a generator (async def would make an async generator)', async () => {
    const security = SECURITY.replace('    return r.json()["ok"]', '    yield r.json()["ok"]');
    const { findings } = await project({ 'security.py': security, 'main.py': LOGIN_ASYNC_CALLERS });
    const fix = makeAsyncFixAt(findings, 'security.py', 'requests.post');
    assert.match(fix.unavailable ?? '', /is a generator/);
  });

  it('is unavailable when a decorator may call it without awaiting', async () => {
    const security = SECURITY.replace('import requests\n', 'import functools\n\nimport requests\n').replace('def verify_password', '@functools.lru_cache(maxsize=64)\ndef verify_password');
    const { findings } = await project({ 'security.py': security, 'main.py': LOGIN_ASYNC_CALLERS });
    const fix = makeAsyncFixAt(findings, 'security.py', 'requests.post');
    assert.match(fix.unavailable ?? '', /decorated with @functools\.lru_cache/);
  });

  it('is unavailable for a method another class overrides', async () => {
    const models = [
      'import requests',
      '',
      '',
      'class Hasher:',
      '    def check(self, plain):',
      '        return requests.post("https://h", json={"p": plain}, timeout=5).ok',
      '',
      '',
      'class LocalHasher(Hasher):',
      '    def check(self, plain):',
      '        return plain == "x"',
      '',
      '',
      'class Service:',
      '    def __init__(self):',
      '        self.hasher = Hasher()',
      '',
      '    async def login(self, plain):',
      '        return self.check_with(Hasher(), plain)',
      '',
      '    def check_with(self, hasher, plain):',
      '        return hasher.check(plain)',
      '',
    ].join('\n');
    const { findings } = await project({ 'models.py': models });
    const fix = makeAsyncFixAt(findings, 'models.py', 'requests.post');
    assert.match(fix.unavailable ?? '', /another class also defines check \(models\.py:10\)|cannot tell whether/);
  });
});

describe('fix safety: making a JS helper async', () => {
  const auth = 'const bcrypt = require("bcrypt");\n\nfunction verifyPassword(plain, hash) {\n  return bcrypt.compareSync(plain, hash);\n}\n\nmodule.exports = { verifyPassword };\n';

  it('awaits a resolved async caller whose truthiness is tested', async () => {
    const app = 'const express = require("express");\nconst { verifyPassword } = require("./auth");\n\nconst app = express();\napp.post("/login", async (req, res) => {\n  if (!verifyPassword(req.body.password, req.user.hash)) return res.sendStatus(401);\n  res.send("ok");\n});\n';
    const { dir, findings } = await project({ 'auth.js': auth, 'app.js': app, 'package.json': '{"dependencies":{"express":"^5.0.0","bcrypt":"^5.0.0"}}' });
    const fix = makeAsyncFixAt(findings, 'auth.js', 'bcrypt.compareSync');
    assert.ok(!fix.unavailable, fix.unavailable);
    const out = apply(dir, fix);
    assert.match(out['app.js'], /if \(!await verifyPassword\(req\.body\.password, req\.user\.hash\)\)/);
  });

  it('is unavailable when the helper is also called as a method of an untyped object', async () => {
    const app = 'const express = require("express");\nconst auth = require("./auth");\nconst { verifyPassword } = auth;\n\nconst app = express();\napp.post("/login", async (req, res) => {\n  if (!verifyPassword(req.body.password, req.user.hash)) return res.sendStatus(401);\n  if (!req.strategy.verifyPassword(req.body.password)) return res.sendStatus(401);\n  res.send("ok");\n});\n';
    const { findings } = await project({ 'auth.js': auth, 'app.js': app, 'package.json': '{"dependencies":{"express":"^5.0.0","bcrypt":"^5.0.0"}}' });
    const fix = makeAsyncFixAt(findings, 'auth.js', 'bcrypt.compareSync');
    assert.match(fix.unavailable ?? '', /req\.strategy\.verifyPassword|…\.verifyPassword|app\.js:8/);
  });

  it('never plans callers for the enclosing function when the nested one is made async (outline\'s ssl.ts shape)', async () => {
    const ssl = 'import fs from "node:fs";\n\nexport async function getSSLOptions() {\n  function safeReadFile(name: string) {\n    try {\n      return fs.readFileSync(name, "utf8");\n    } catch (_err) {\n      return undefined;\n    }\n  }\n  return { key: safeReadFile("private.key") || safeReadFile("private.pem") };\n}\n';
    const { findings } = await project({ 'ssl.ts': ssl, 'package.json': '{"dependencies":{}}' });
    const finding = findings.find((f) => f.call === 'fs.readFileSync');
    assert.ok(finding);
    for (const fix of finding.fixes.filter((f) => f.kind === 'make-async' && !f.unavailable)) {
      assert.match(fix.title, /safeReadFile/);
      const edited = applyEdits(ssl, fix.edits.filter((e) => e.file.endsWith('ssl.ts')));
      assert.match(edited, /await safeReadFile\("private\.key"\) \|\| await safeReadFile\("private\.pem"\)/);
    }
  });
});

describe('fix safety: making a function async that a caller calls under another name (`if verify(p):` would test a coroutine)', () => {
  it('Python: `from security import verify_password as verify`: the aliased calls are awaited too', async () => {
    const main = LOGIN_ASYNC_CALLERS.replaceAll('verify_password(', 'verify(').replace('from security import verify_password', 'from security import verify_password as verify');
    const { dir, findings } = await project({ 'security.py': SECURITY, 'main.py': main });
    const fix = makeAsyncFixAt(findings, 'security.py', 'requests.post');
    assert.ok(!fix.unavailable, fix.unavailable);
    const out = apply(dir, fix);
    assert.match(out['main.py'], /if not await verify\(form\["password"\], form\["hash"\]\):/);
    assert.match(out['main.py'], /return await verify\(form\["password"\], form\["hash"\]\) == True/);
    for (const file of Object.keys(out)) assert.strictEqual(pyCompile(out[file], dir), undefined, file);
  });

  it('Python: an alias also used as a value makes the change unavailable, naming the place', async () => {
    const main = LOGIN_ASYNC_CALLERS.replaceAll('verify_password(', 'verify(').replace('from security import verify_password', 'from security import verify_password as verify') + '\nCHECKS = [verify]\n';
    const { findings } = await project({ 'security.py': SECURITY, 'main.py': main });
    const fix = makeAsyncFixAt(findings, 'security.py', 'requests.post');
    assert.match(fix.unavailable ?? '', /verify is used as a value at main\.py:19/);
    assert.deepStrictEqual(fix.edits, []);
  });

  it('JS: a default export imported as `verify`: its call is awaited too', async () => {
    const check = 'import fs from "fs";\n\nexport default function checkPassword(password) {\n  const stored = fs.readFileSync("/etc/app/password", "utf8");\n  return stored === password;\n}\n';
    const routes = 'import express from "express";\nimport verify from "./check";\n\nexport const router = express.Router();\n\nrouter.post("/login", async (req, res) => {\n  if (verify(req.body.password)) res.send("welcome");\n  else res.status(403).send("no");\n});\n';
    const { dir, findings } = await project({ 'check.js': check, 'routes.js': routes, 'package.json': '{"dependencies":{"express":"^4.18.0"}}' });
    const fix = makeAsyncFixAt(findings, 'check.js', 'fs.readFileSync');
    assert.ok(!fix.unavailable, fix.unavailable);
    const out = apply(dir, fix);
    assert.match(out['routes.js'], /if \(await verify\(req\.body\.password\)\) res\.send/);
    assert.match(out['check.js'], /export default async function checkPassword/);
  });
});
