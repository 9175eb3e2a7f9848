/**
 * Input that must not stop a scan: each gets a clear message naming the file
 * or field, and the rest of the scan goes on. Shapes that need the CLI's
 * large-stack worker run through the real `unblock` process.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli, runInProcess } from '../cli/run-cli';
import { tempProject } from '../fixes/harness';
import { soapRule } from '../helpers/rules';

function project(files: Record<string, string>): string {
  const dir = tempProject('unblock-input-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const FASTAPI = 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    time.sleep(1)\n    return {}\n';

describe('input that must not stop a scan', function () {
  this.timeout(60000);

  it('parses Python with CR-only line endings and reports its findings', async () => {
    const dir = project({ 'app.py': FASTAPI.replace(/\n/g, '\r') });
    const run = await runInProcess(['scan', '.', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout);
    assert.deepStrictEqual(report.errors, []);
    assert.deepStrictEqual(report.findings.map((f: { rule: string; line: number }) => `${f.rule}:${f.line}`), ['py/blocking-sleep:9']);
  });

  it('analyses JS with a 1,000-term expression and a 5,000-deep nested call (the CLI runs on a large stack)', () => {
    const sum = Array.from({ length: 1000 }, (_, i) => `'a${i}'`).join(' + ');
    const deep = `${'f('.repeat(5000)}1${')'.repeat(5000)}`;
    const dir = project({
      'app.js': `const express = require("express");\nconst fs = require("fs");\nconst app = express();\nconst f = (x) => x;\napp.get("/", (req, res) => {\n  const s = ${sum};\n  const d = ${deep};\n  res.send(fs.readFileSync("/x") + s + d);\n});\n`,
      'deep.py': `import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    return ${'f('.repeat(5000)}time.sleep(1)${')'.repeat(5000)}\n`,
    });
    const run = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout);
    assert.deepStrictEqual(report.errors, []);
    assert.deepStrictEqual(report.findings.map((f: { rule: string }) => f.rule).sort(), ['js/sync-fs', 'py/blocking-sleep']);
  });

  it('exits 2 with one line when standard output cannot be written (a full disk)', function () {
    if (!fs.existsSync('/dev/full')) this.skip();
    const dir = project({ 'app.py': FASTAPI });
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const { spawnSync } = require('child_process') as typeof import('child_process');
      const result = spawnSync(process.execPath, [path.join(__dirname, '../../src/cli/main.js'), 'scan', '.'], { cwd: dir, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      assert.strictEqual(result.status, 2);
      assert.match(result.stderr, /^unblock: cannot write the report to standard output: ENOSPC\n$/);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('skips a minified bundle with a note and still scans the server code', async () => {
    const bundle = `var a=require("fs");${'function x(){return a.readFileSync("y")}'.repeat(2000)}`;
    const dir = project({ 'app.py': FASTAPI, 'web/one.js': bundle, 'web/two.js': bundle, 'static/js/vendor.js': 'const fs = require("fs");\n' });
    const run = await runInProcess(['scan', '.', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout);
    assert.strictEqual(report.findings.length, 1);
    assert.match(JSON.stringify(report.errors), /skipped 2 minified, bundled or vendored files .*scanBundles/);
    assert.match(JSON.stringify(report.errors), /static\/js\/vendor\.js.*a front-end or vendored file \(in static\/\)/);
    fs.writeFileSync(path.join(dir, '.unblock.json'), JSON.stringify({ scanBundles: true }));
    const all = JSON.parse((await runInProcess(['scan', '.', '--format', 'json'], { cwd: dir })).stdout);
    assert.deepStrictEqual(all.errors, []);
  });

  it('skips Python libraries copied into the app and resolves their imports as libraries (Medusa ext/, SickChill lib3/)', async () => {
    const tornadoApp = `import requests
import tornado.web


class FeedHandler(tornado.web.RequestHandler):
    def get(self):
        self.write(requests.get("https://example.com/feed").text)


app = tornado.web.Application([(r"/feed", FeedHandler)])
`;
    const library = 'import socket\n\n\ndef get(url):\n    return socket.create_connection((url, 80)).recv(1)\n';
    const dir = project({
      'medusa/__init__.py': '',
      'medusa/server.py': tornadoApp,
      'ext/requests/__init__.py': 'from .api import get\n',
      'ext/requests/api.py': library,
      'ext/urllib3/__init__.py': '',
      'ext/tornado/__init__.py': '',
      'ext/tornado/web.py': 'class RequestHandler:\n    pass\n',
      'lib3/Mako-1.1.3.dist-info/METADATA': 'Name: Mako\n',
      'lib3/mako/__init__.py': 'import time\n\n\ndef render():\n    time.sleep(1)\n',
      // A src layout holds the app's own package: not vendored.
      'src/shop/__init__.py': '',
      'src/shop/views.py': 'import time\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    time.sleep(1)\n    return "ok"\n',
    });
    const report = JSON.parse((await runInProcess(['scan', '.', '--format', 'json'], { cwd: dir })).stdout);
    const found = report.findings.map((f: { file: string; line: number; rule: string; call: string }) => `${f.file}:${f.line} ${f.rule} ${f.call}`).sort();
    assert.deepStrictEqual(found, ['medusa/server.py:7 py/blocking-http requests.get', 'src/shop/views.py:9 py/blocking-sleep time.sleep']);
    const notes = JSON.stringify(report.errors);
    assert.match(notes, /skipped \d+ minified, bundled or vendored files .*scanBundles/);
    assert.match(notes, /lib3\/mako\/__init__\.py.*a vendored library \(in lib3\/\)/);
  });
});

describe('config and arguments: clear errors naming the field', function () {
  this.timeout(60000);

  for (const value of ['', '1e9', '65', 'two']) {
    it(`--max-depth "${value}" is a usage error`, async () => {
      const run = await runInProcess(['scan', '.', '--max-depth', value], { cwd: project({ 'app.py': FASTAPI }) });
      assert.strictEqual(run.status, 2);
      assert.match(run.stderr, /invalid --max-depth .*: expected a whole number from 0 to 64/);
    });
  }

  it('refuses a project rule that reuses a built-in id, and one with an unknown matcher, scanning on', async () => {
    const dir = project({
      'app.py': FASTAPI,
      '.unblock.json': JSON.stringify({ rules: [soapRule('py/blocking-sleep'), soapRule('py/mine', { calls: undefined, matcher: 'telepathy' })] }),
    });
    const report = JSON.parse((await runInProcess(['scan', '.', '--format', 'json'], { cwd: dir })).stdout);
    const messages = report.errors.map((e: { message: string }) => e.message).join('\n');
    assert.match(messages, /"id" py\/blocking-sleep is a built-in rule/);
    assert.match(messages, /unknown "matcher" "telepathy" \(known: .*busy-wait/);
    assert.strictEqual(report.findings[0].rule, 'py/blocking-sleep');
    assert.match(report.findings[0].message, /time\.sleep/);
  });

  it('says when "ignore" excludes every file', async () => {
    const dir = project({ 'app.py': FASTAPI, '.unblock.json': JSON.stringify({ ignore: ['*'] }) });
    const report = JSON.parse((await runInProcess(['scan', '.', '--format', 'json'], { cwd: dir })).stdout);
    assert.match(report.errors[0].message, /config "ignore" \("\*"\) excludes all 1 source files: nothing was scanned/);
  });

  it('ignores a config nested 100,000 levels deep with a message, and scans', async () => {
    const dir = project({ 'app.py': FASTAPI, '.unblock.json': `{"severity":${'['.repeat(100000)}${']'.repeat(100000)}}` });
    const report = JSON.parse((await runInProcess(['scan', '.', '--format', 'json'], { cwd: dir })).stdout);
    assert.match(report.errors[0].message, /config (ignored: nested too deeply|field "severity")/);
    assert.strictEqual(report.findings.length, 1);
  });
});
