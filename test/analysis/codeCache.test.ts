import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { makeTree, removeTree } from '../files/tree';

const REPO = path.resolve(__dirname, '..', '..', '..');
const DIST = path.join(REPO, 'dist');

/** The cache folder a child run with `tmp` as its temp dir uses, made beforehand. */
function cacheFolder(tmp: string, mode?: number): string {
  const folder = path.join(tmp, `unblock-code-cache-${process.getuid?.() ?? 0}`);
  fs.mkdirSync(folder, mode === undefined ? undefined : { mode });
  return folder;
}

/** Loads dist/typescript.js through requireBundle in a process of its own (no V8 flags set, as the language server) and parses a line. */
function loadInChild(tmp: string): { parsed: string; status: number | null; stderr: string } {
  const script = `
    const { requireBundle } = require(${JSON.stringify(path.join(REPO, 'out', 'src', 'core', 'codeCache.js'))});
    const side = requireBundle('typescript.js', () => { throw new Error('fell back'); }, ${JSON.stringify(DIST)});
    const program = side.parseText('const x: number = f(1);', { range: true, filePath: 'x.ts', jsx: false });
    process.stdout.write(JSON.stringify(program.body[0].declarations[0].init.callee));
  `;
  const child = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8', timeout: 60_000 });
  return { parsed: child.stdout, status: child.status, stderr: child.stderr };
}

describe('code cache of the lazily loaded bundles', function () {
  this.timeout(120_000);
  let tmp: string;
  afterEach(() => removeTree(tmp));

  before(function () {
    assert.ok(fs.existsSync(path.join(DIST, 'typescript.js')), 'npm test builds dist/ before the unit tests');
  });

  it('writes V8 code for dist/typescript.js when the process ends, and the next process runs from it with the same result', () => {
    tmp = makeTree({}, 'unblock-code-cache-test-');
    const first = loadInChild(tmp);
    assert.strictEqual(first.status, 0, first.stderr);
    const folder = fs.readdirSync(tmp).find((name) => name.startsWith('unblock-code-cache-'));
    assert.ok(folder, 'a cache folder in the temp dir');
    assert.strictEqual(fs.statSync(path.join(tmp, folder)).mode & 0o077, 0, 'only its owner can read or write it');
    const [cacheFile] = fs.readdirSync(path.join(tmp, folder));
    assert.match(cacheFile, /^typescript\.js-\d+-\d+-v[\d.]+-\w+\.bin$/);
    const written = fs.statSync(path.join(tmp, folder, cacheFile));
    assert.ok(written.size > 100_000);

    const second = loadInChild(tmp);
    assert.strictEqual(second.status, 0, second.stderr);
    assert.strictEqual(second.parsed, first.parsed);
    const callee = JSON.parse(second.parsed) as { type: string; name: string; range: number[] };
    assert.deepStrictEqual([callee.type, callee.name, callee.range], ['Identifier', 'f', [18, 19]]);
    // Accepted by V8: nothing to write again.
    assert.strictEqual(fs.statSync(path.join(tmp, folder, cacheFile)).mtimeMs, written.mtimeMs);
  });

  it('runs the CLI\'s engine (dist/scanCommand.js, its Python parser included) from the cache its first scan wrote, with the same report', () => {
    tmp = makeTree({}, 'unblock-code-cache-test-');
    const scanExamples = () => spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'scan', path.join(REPO, 'examples'), '--no-cache', '--format', 'json', '--exit-zero'], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8', timeout: 60_000 });
    const first = scanExamples();
    assert.strictEqual(first.status, 0, first.stderr);
    const folder = path.join(tmp, fs.readdirSync(tmp).find((name) => name.startsWith('unblock-code-cache-'))!);
    const cacheFile = fs.readdirSync(folder).find((name) => name.startsWith('scanCommand.js-'));
    assert.ok(cacheFile, 'written when the scan\'s thread ended');
    const written = fs.statSync(path.join(folder, cacheFile));
    const second = scanExamples();
    assert.strictEqual(second.status, 0, second.stderr);
    const report = (stdout: string) => (JSON.parse(stdout) as { findings: unknown[] }).findings;
    assert.ok(report(first.stdout).length > 20);
    assert.deepStrictEqual(report(second.stdout), report(first.stdout));
    // Accepted by V8 (a bundle with a dynamic import() is refused): nothing to write again.
    assert.strictEqual(fs.statSync(path.join(folder, cacheFile)).mtimeMs, written.mtimeMs);
  });

  it('keeps apart the caches of processes with other V8 flags: the CLI (heap flags) and a process without flags each run from their own', () => {
    tmp = makeTree({}, 'unblock-code-cache-test-');
    const scanExamples = () => spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'scan', path.join(REPO, 'examples'), '--no-cache', '--exit-zero'], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8', timeout: 60_000 });
    const typescriptCaches = () => {
      const folder = path.join(tmp, fs.readdirSync(tmp).find((name) => name.startsWith('unblock-code-cache-'))!);
      return new Map(fs.readdirSync(folder).filter((name) => name.startsWith('typescript.js-')).map((name) => [name, fs.statSync(path.join(folder, name)).mtimeMs]));
    };
    assert.strictEqual(scanExamples().status, 0);
    assert.strictEqual(loadInChild(tmp).status, 0);
    const written = typescriptCaches();
    assert.strictEqual(written.size, 2, `one cache per set of flags: ${[...written.keys()].join(', ')}`);
    assert.strictEqual(scanExamples().status, 0);
    assert.strictEqual(loadInChild(tmp).status, 0);
    // Each accepted by V8: neither process wrote over the other's.
    assert.deepStrictEqual(typescriptCaches(), written);
  });

  it('removes the cache files other builds of the bundle wrote over a week ago when it writes its own, and keeps recent ones and other bundles\'', () => {
    tmp = makeTree({}, 'unblock-code-cache-test-');
    const folder = cacheFolder(tmp, 0o700);
    const old = ['typescript.js-100-1000-v20.0.0-x64.bin', 'scanCommand.js-100-1000-v20.0.0-x64.bin'];
    const recent = 'typescript.js-200-2000-v20.0.0-x64.bin';
    for (const name of [...old, recent]) fs.writeFileSync(path.join(folder, name), 'old build');
    const monthAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    for (const name of old) fs.utimesSync(path.join(folder, name), monthAgo, monthAgo);
    const run = loadInChild(tmp);
    assert.strictEqual(run.status, 0, run.stderr);
    const left = fs.readdirSync(folder).sort();
    assert.ok(left.some((name) => /^typescript\.js-\d+-\d+-v[\d.]+-\w+\.bin$/.test(name) && !name.startsWith('typescript.js-200-')), `its own: ${left.join(', ')}`);
    assert.ok(!left.includes(old[0]), 'a month-old build of typescript.js is gone');
    assert.ok(left.includes(old[1]), 'another bundle\'s file is that bundle\'s to clean');
    assert.ok(left.includes(recent), 'a recent build of another version stays (two versions may run side by side)');
  });

  it("removes the bundle's temporary files a killed process left over an hour ago, and keeps one being written now", () => {
    tmp = makeTree({}, 'unblock-code-cache-test-');
    const folder = cacheFolder(tmp, 0o700);
    const abandoned = 'typescript.js-100-1000-v20.0.0-x64_1.bin.4242.1000.tmp';
    const writing = 'typescript.js-100-1000-v20.0.0-x64_1.bin.4343.2000.tmp';
    const otherBundle = 'scanCommand.js-100-1000-v20.0.0-x64_1.bin.4444.1000.tmp';
    for (const name of [abandoned, writing, otherBundle]) fs.writeFileSync(path.join(folder, name), '');
    const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
    for (const name of [abandoned, otherBundle]) fs.utimesSync(path.join(folder, name), dayAgo, dayAgo);
    const run = loadInChild(tmp);
    assert.strictEqual(run.status, 0, run.stderr);
    const left = fs.readdirSync(folder);
    assert.ok(!left.includes(abandoned), 'a day-old temporary file of the bundle is gone');
    assert.ok(left.includes(writing), 'a fresh one may be another process writing');
    assert.ok(left.includes(otherBundle), "another bundle's temporary file is that bundle's to clean");
    assert.ok(!left.some((name) => name.endsWith('.tmp') && ![writing, otherBundle].includes(name)), `no temporary file of its own write: ${left.join(', ')}`);
  });

  it('keeps the files of the three most recent other builds of the bundle, whatever their age', () => {
    tmp = makeTree({}, 'unblock-code-cache-test-');
    const folder = cacheFolder(tmp, 0o700);
    // Five builds of the last hours, the first the most recently used.
    const builds = [1, 2, 3, 4, 5].map((n) => `typescript.js-${n}00-${n}000-v20.0.0-x64.bin`);
    builds.forEach((name, i) => {
      fs.writeFileSync(path.join(folder, name), 'earlier build');
      const used = new Date(Date.now() - (i + 1) * 3600 * 1000);
      fs.utimesSync(path.join(folder, name), used, used);
    });
    const run = loadInChild(tmp);
    assert.strictEqual(run.status, 0, run.stderr);
    const left = fs.readdirSync(folder);
    assert.deepStrictEqual(builds.filter((name) => left.includes(name)), builds.slice(0, 3));
    assert.strictEqual(left.length, 4, `its own file and three others: ${left.join(', ')}`);
  });

  it('ignores a cache folder other users can write, and still loads the bundle', () => {
    tmp = makeTree({}, 'unblock-code-cache-test-');
    const folder = cacheFolder(tmp);
    fs.chmodSync(folder, 0o777);
    const run = loadInChild(tmp);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.deepStrictEqual(JSON.parse(run.parsed).name, 'f');
    assert.deepStrictEqual(fs.readdirSync(folder), []);
  });

  it('falls back to a plain load when the cache file is damaged, and writes a sound one', () => {
    tmp = makeTree({}, 'unblock-code-cache-test-');
    assert.strictEqual(loadInChild(tmp).status, 0);
    const folder = path.join(tmp, fs.readdirSync(tmp).find((name) => name.startsWith('unblock-code-cache-'))!);
    const cacheFile = path.join(folder, fs.readdirSync(folder)[0]);
    fs.writeFileSync(cacheFile, Buffer.from('not V8 code'));
    const run = loadInChild(tmp);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.deepStrictEqual(JSON.parse(run.parsed).name, 'f');
    assert.ok(fs.statSync(cacheFile).size > 100_000, 'rewritten');
  });
});
