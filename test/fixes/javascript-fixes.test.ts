/**
 * JS/TS fix units on real files scanned by the real engine: promise twins,
 * handler made async (Express 4 try/catch, Express 5 without), import style,
 * CRLF, unsafe cases and the piscina multi-file offload.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Finding, Fix } from '../../src/core/model';
import { scan } from '../../src/core/scan';
import { applyEdits } from '../../src/core/fixes/edits';
import { parseJavaScript } from '../../src/core/javascript/parse';
import { tempProject, tsSyntax } from './harness';

async function project(files: Record<string, string>): Promise<{ dir: string; findings: Finding[] }> {
  const dir = tempProject();
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return { dir, findings: (await scan([dir])).findings };
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

function fixed(fix: Fix, file: string): string {
  const out = applyEdits(fs.readFileSync(file, 'utf8'), fix.edits.filter((e) => e.file === file));
  assert.ok(parseJavaScript(out, file).program, `does not parse:\n${out}`);
  assert.strictEqual(tsSyntax(file, out), undefined);
  return out;
}

const EXPRESS_APP = `const express = require('express');
const fs = require('fs');

const app = express();

app.get('/config', (req, res) => {
  const data = fs.readFileSync('/etc/app.json', 'utf8');
  res.json(JSON.parse(data));
});

app.listen(3000);
`;

describe('javascript fixes', () => {
  it('Express 4: makes the handler async, awaits fs.promises and forwards errors to next', async () => {
    const { dir, findings } = await project({ 'package.json': '{"dependencies":{"express":"^4.21.0"}}', 'app.js': EXPRESS_APP });
    const fix = fixOf(findingOf(findings, 'fs.readFileSync'), 'make-async');
    assert.ok(fix.preferred && fix.safe);
    const out = fixed(fix, path.join(dir, 'app.js'));
    assert.ok(
      out.includes(
        "app.get('/config', async (req, res, next) => {\n  try {\n    const data = await fs.promises.readFile('/etc/app.json', 'utf8');\n    res.json(JSON.parse(data));\n  } catch (err) {\n    next(err);\n  }\n});",
      ),
      out,
    );
  });

  it('Express 5: no try/catch, rejections are forwarded by Express', async () => {
    const { dir, findings } = await project({ 'package.json': '{"dependencies":{"express":"^5.1.0"}}', 'app.js': EXPRESS_APP });
    const out = fixed(fixOf(findingOf(findings, 'fs.readFileSync'), 'make-async'), path.join(dir, 'app.js'));
    assert.ok(out.includes("app.get('/config', async (req, res) => {\n  const data = await fs.promises.readFile('/etc/app.json', 'utf8');"), out);
    assert.ok(!out.includes('catch'));
  });

  it('keeps the arguments as written between the parentheses: parenthesized, commented, trailing comma', async () => {
    const app = EXPRESS_APP.replace("fs.readFileSync('/etc/app.json', 'utf8')", "fs.readFileSync /* sync */ (\n    ('/etc/' + 'app.json'),\n    'utf8',\n  )");
    const { dir, findings } = await project({ 'package.json': '{"dependencies":{"express":"^5.1.0"}}', 'app.js': app });
    const out = fixed(fixOf(findingOf(findings, 'fs.readFileSync'), 'make-async'), path.join(dir, 'app.js'));
    assert.ok(out.includes("const data = await fs.promises.readFile(\n    ('/etc/' + 'app.json'),\n    'utf8',\n  );"), out);
  });

  it('keeps CRLF, double quotes and no-semicolon style when adding an import', async () => {
    const text = 'import express from "express"\r\nimport { readFileSync, existsSync } from "node:fs"\r\n\r\nconst app = express()\r\n\r\napp.get("/", async (req, res) => {\r\n  res.send(existsSync("/tmp/x") ? readFileSync("/tmp/x", "utf8") : "")\r\n})\r\n';
    const { dir, findings } = await project({ 'package.json': '{"type":"module","dependencies":{"express":"^5.0.0"}}', 'app.mjs': text });
    const out = fixed(fixOf(findingOf(findings, 'fs.existsSync'), 'await'), path.join(dir, 'app.mjs'));
    assert.ok(out.includes('import { readFileSync, existsSync } from "node:fs"\r\nimport * as fsPromises from "node:fs/promises"\r\n'), out);
    assert.ok(out.includes('res.send(await fsPromises.access("/tmp/x").then(() => true, () => false) ? readFileSync'), out);
    assert.ok(!/[^\r]\n/.test(out), 'a bare LF slipped in');
  });

  it('execSync without an encoding is offered but not safe (Buffer becomes string)', async () => {
    const { findings } = await project({
      'app.js': "const express = require('express');\nconst cp = require('child_process');\nconst app = express();\napp.get('/', async (req, res) => {\n  res.send(cp.execSync('ls'));\n});\n",
    });
    const fix = fixOf(findingOf(findings, 'child_process.execSync'), 'await');
    assert.strictEqual(fix.safe, false);
    assert.match(fix.description ?? '', /Buffer/);
    assert.ok(fix.edits.some((e) => e.newText === "(await promisify(cp.exec)('ls')).stdout"));
  });

  it('does not silently make a plain http callback async', async () => {
    const { findings } = await project({
      'server.js': "const http = require('http');\nconst fs = require('fs');\nhttp.createServer((req, res) => {\n  res.end(fs.readFileSync('/tmp/x'));\n}).listen(8080);\n",
    });
    const fix = fixOf(findingOf(findings, 'fs.readFileSync'), 'make-async');
    assert.strictEqual(fix.safe, false);
    assert.ok(!fix.preferred);
    assert.match(fix.description ?? '', /unhandled rejection/);
  });

  it('offloads CPU work to a generated piscina worker as an unsafe multi-file fix', async () => {
    const { dir, findings } = await project({
      'app.js': "const express = require('express');\nconst crypto = require('crypto');\nconst app = express();\napp.post('/login', async (req, res) => {\n  const key = crypto.pbkdf2Sync(req.body.pw, 'salt', 100000, 64, 'sha512');\n  res.send(key.toString('hex'));\n});\n",
    });
    const finding = findingOf(findings, 'crypto.pbkdf2Sync');
    assert.ok(fixOf(finding, 'await').preferred, 'the promisified twin is the preferred fix');
    const pool = fixOf(finding, 'offload');
    assert.strictEqual(pool.safe, false);
    const worker = pool.edits.find((e) => e.file.endsWith('pbkdf2Sync.worker.cjs'));
    assert.ok(worker);
    assert.ok(parseJavaScript(worker.newText, worker.file).program);
    const out = fixed(pool, path.join(dir, 'app.js'));
    assert.match(out, /const pbkdf2SyncPool = new Piscina\(\{ filename: path\.join\(__dirname, 'pbkdf2Sync\.worker\.cjs'\) \}\);/);
    assert.match(out, /await pbkdf2SyncPool\.run\(\[req\.body\.pw, 'salt', 100000, 64, 'sha512'\]\)/);
  });
});

describe('javascript fixes: the project\'s own fs/promises import', () => {
  it('adds to an existing named fs/promises import instead of a new one', async () => {
    const { dir, findings } = await project({
      'app.ts': "import fs from 'fs';\nimport { writeFile } from 'fs/promises';\nimport express from 'express';\n\nconst app = express();\napp.get('/', async (req, res) => {\n  await writeFile('/tmp/y', 'x');\n  res.send(fs.readFileSync('/tmp/x', 'utf8'));\n});\n",
    });
    const out = fixed(fixOf(findingOf(findings, 'fs.readFileSync'), 'await'), path.join(dir, 'app.ts'));
    assert.ok(out.includes("import { writeFile, readFile } from 'fs/promises';"), out);
    assert.ok(out.includes("res.send(await readFile('/tmp/x', 'utf8'));"), out);
  });

  it('renames an imported sync function its only call stopped using, or drops it when the twin is imported already (noUnusedLocals would fail the build)', async () => {
    const { dir, findings } = await project({
      'app.ts': "import { pbkdf2Sync, randomUUID } from 'node:crypto';\nimport { compareSync, compare } from 'bcrypt';\nimport express from 'express';\n\nconst app = express();\napp.post('/key', async (req, res) => {\n  const key = pbkdf2Sync(req.body.key, '', 100000, 64, 'sha512');\n  const ok = compareSync(req.body.password, await compare('a', 'b') ? 'x' : 'y');\n  res.json({ id: randomUUID(), key: key.toString('hex'), ok });\n});\n",
      'z.mjs': "import express from 'express';\nimport zlib from 'node:zlib';\nimport { gunzipSync } from 'zlib';\n\nexpress().get('/z', async (req, res) => res.send(gunzipSync(req.body)));\n",
      'lib.js': "const { execSync } = require('child_process');\nconst express = require('express');\nconst app = express();\napp.get('/a', async (req, res) => res.send(execSync('ls', { encoding: 'utf8' })));\napp.get('/b', (req, res) => res.send(execSync('pwd', { encoding: 'utf8' })));\n",
    });
    const app = path.join(dir, 'app.ts');
    const key = fixed(fixOf(findingOf(findings, 'crypto.pbkdf2Sync'), 'await'), app);
    assert.ok(key.includes("import { pbkdf2, randomUUID } from 'node:crypto';"), key);
    assert.ok(key.includes('const key = await promisify(pbkdf2)(req.body.key'), key);
    const ok = fixed(fixOf(findingOf(findings, 'bcrypt.compareSync'), 'await'), app);
    assert.ok(ok.includes("import { compare } from 'bcrypt';"), ok);
    // Two calls of execSync: the name stays imported for the other.
    const lib = fixed(fixOf(findings.filter((f) => f.call === 'child_process.execSync').sort((a, b) => a.range.line - b.range.line)[0], 'await'), path.join(dir, 'lib.js'));
    assert.ok(lib.includes("const { execSync, exec } = require('child_process');"), lib);
    // The only name of its import statement, with the twin reachable through another: the statement goes, and the import added takes its place.
    const z = fixed(fixOf(findingOf(findings, 'zlib.gunzipSync'), 'await'), path.join(dir, 'z.mjs'));
    assert.ok(z.startsWith("import express from 'express';\nimport zlib from 'node:zlib';\nimport { promisify } from 'node:util';\n\n"), z);
    assert.ok(z.includes('res.send(await promisify(zlib.gunzip)(req.body))'), z);
    for (const out of [key, ok, lib, z]) assert.ok(parseJavaScript(out, 'out.ts').program, out);
  });
});

describe('javascript fixes: helpers made async', () => {
  it('makes a helper method async and awaits it in its async caller', async () => {
    const { dir, findings } = await project({
      'app.ts':
        "import express from 'express';\nimport * as fs from 'fs';\n\nclass Templates {\n  private load(name: string): string {\n    return fs.readFileSync(name, 'utf8');\n  }\n  async page(name: string) {\n    return this.load(name).trim();\n  }\n}\n\nconst templates = new Templates();\nconst app = express();\napp.get('/', async (req, res) => {\n  res.send(await templates.page('index.html'));\n});\n",
    });
    const fix = fixOf(findingOf(findings, 'fs.readFileSync'), 'make-async');
    assert.strictEqual(fix.unavailable, undefined);
    assert.ok(fix.safe && fix.preferred, fix.description);
    const out = fixed(fix, path.join(dir, 'app.ts'));
    assert.ok(out.includes('  private async load(name: string): Promise<string> {'), out);
    assert.ok(out.includes("    return await fs.promises.readFile(name, 'utf8');"), out);
    assert.ok(out.includes('    return (await this.load(name)).trim();'), out);
  });

  it('does not apply on its own to a public check that returns a truth value (an outside caller without await would pass every check); a private one stays safe', async () => {
    const { dir, findings } = await project({
      'app.ts':
        "import express from 'express';\nimport bcrypt from 'bcrypt';\n\nexport class Account {\n  hash = '';\n  verifyPassword(password: string): boolean {\n    return bcrypt.compareSync(password, this.hash);\n  }\n  private sameAs(password: string) {\n    return bcrypt.compareSync(password, this.hash) === true;\n  }\n  async changed(password: string) {\n    return !this.sameAs(password);\n  }\n}\n\nconst app = express();\napp.post('/login', async (req, res) => {\n  const account = new Account();\n  if (!account.verifyPassword(req.body.password)) return res.sendStatus(401);\n  res.json({ changed: await account.changed(req.body.next) });\n});\n",
    });
    const [check, own] = findings.filter((f) => f.call === 'bcrypt.compareSync').sort((a, b) => a.range.line - b.range.line).map((f) => fixOf(f, 'make-async'));
    assert.strictEqual(check.unavailable, undefined);
    assert.strictEqual(check.safe, false);
    assert.match(check.description ?? '', /verifyPassword returns a truth value and is public/);
    assert.ok(fixed(check, path.join(dir, 'app.ts')).includes('if (!await account.verifyPassword(req.body.password)) return'), fixed(check, path.join(dir, 'app.ts')));
    assert.ok(own.safe, own.description);
  });

  it('makes a CommonJS export (`exports.verify = function …`) async and awaits its callers in other modules; documented `@returns {boolean}`, it is a public check and not safe', async () => {
    const { dir, findings } = await project({
      'password-hash.js': "const bcrypt = require('bcryptjs');\n\n/**\n * @param {string} password\n * @returns {boolean} Does the password match the hash?\n */\nexports.verify = function (password, hash) {\n  return bcrypt.compareSync(password, hash);\n};\n",
      'server.js': "const express = require('express');\nconst passwordHash = require('./password-hash');\nconst app = express();\napp.post('/login', async (req, res) => {\n  if (!passwordHash.verify(req.body.password, req.body.hash)) return res.sendStatus(401);\n  res.sendStatus(204);\n});\n",
    });
    const fix = fixOf(findingOf(findings, 'bcryptjs.compareSync'), 'make-async');
    assert.strictEqual(fix.unavailable, undefined);
    assert.strictEqual(fix.safe, false);
    assert.match(fix.description ?? '', /verify returns a truth value and is public/);
    assert.ok(fixed(fix, path.join(dir, 'password-hash.js')).includes('exports.verify = async function (password, hash) {'), fixed(fix, path.join(dir, 'password-hash.js')));
    assert.ok(fixed(fix, path.join(dir, 'server.js')).includes('if (!await passwordHash.verify(req.body.password, req.body.hash))'), fixed(fix, path.join(dir, 'server.js')));
  });

  it('is unavailable, with the caller named, when a sync function calls the helper', async () => {
    const { findings } = await project({
      'app.js': "const express = require('express');\nconst fs = require('fs');\nfunction read(p) {\n  return fs.readFileSync(p, 'utf8');\n}\nfunction render(p) {\n  return read(p).toUpperCase();\n}\nconst app = express();\napp.get('/', (req, res) => res.send(render('/x')));\n",
    });
    const fix = fixOf(findingOf(findings, 'fs.readFileSync'), 'make-async');
    assert.match(fix.unavailable ?? '', /called from the sync function render \(app\.js:7\), which would get a promise/);
  });

  it('NestJS passport: makes a strategy\'s validate and a guard\'s handleRequest async (both awaited), never getRequest (taken as the request at once)', async () => {
    const { dir, findings } = await project({
      'package.json': '{"dependencies":{"@nestjs/common":"^10.0.0","@nestjs/passport":"^10.0.0","passport-jwt":"^4.0.0"}}',
      'auth.ts': `import { Injectable, ExecutionContext } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import * as fs from 'fs';

@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  getRequest(context: ExecutionContext) {
    const allowed = fs.readFileSync('/etc/allowed', 'utf8');
    return context.switchToHttp().getRequest();
  }
  handleRequest(err: unknown, user: unknown) {
    fs.appendFileSync('/var/log/auth.log', 'checked');
    return user;
  }
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  validate(payload: { sub: string }) {
    const key = fs.readFileSync('/etc/key', 'utf8');
    return { id: payload.sub, key };
  }
}
`,
    });
    const file = path.join(dir, 'auth.ts');
    assert.match(fixOf(findingOf(findings, 'fs.readFileSync'), 'make-async').unavailable ?? '', /uses what JwtAuthGuard\.getRequest returns at once/);
    const guardFix = fixOf(findingOf(findings, 'fs.appendFileSync'), 'make-async');
    assert.ok(guardFix.safe && !guardFix.unavailable);
    assert.match(fixed(guardFix, file), /async handleRequest\(err: unknown, user: unknown\) \{\n    await fs\.promises\.appendFile\('\/var\/log\/auth\.log', 'checked'\);/);
    const validate = findings.find((f) => f.call === 'fs.readFileSync' && f.handler?.name === 'JwtStrategy.validate');
    assert.ok(validate, 'the strategy\'s validate is a handler');
    const validateFix = fixOf(validate, 'make-async');
    assert.ok(validateFix.safe && !validateFix.unavailable);
    assert.match(fixed(validateFix, file), /async validate\(payload: \{ sub: string \}\) \{\n    const key = await fs\.promises\.readFile\('\/etc\/key', 'utf8'\);/);
  });
});
