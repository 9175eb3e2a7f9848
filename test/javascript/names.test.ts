import * as assert from 'assert';
import { analyze, externalNames, fn, handlerFn, targets } from './helpers';

describe('javascript: call names', () => {
  it('resolves require, node: prefixes, destructuring with renames and computed members to one name', () => {
    const model = analyze(`
const fs = require('fs');
const nfs = require('node:fs');
const { readFileSync: rf, statSync } = require('fs');
const cp = require('child_process').execSync;
function f() {
  fs.readFileSync('a');
  nfs.readFileSync('b');
  rf('c');
  statSync('d');
  fs['writeFileSync']('e', 'x');
  cp('ls');
}`, 'src/a.js');
    assert.deepStrictEqual(externalNames(model, 'f'), [
      'fs.readFileSync', 'fs.readFileSync', 'fs.readFileSync', 'fs.statSync', 'fs.writeFileSync', 'child_process.execSync',
    ]);
  });

  it('resolves ESM default, namespace and named imports with aliases', () => {
    const model = analyze(`
import fs from 'fs';
import * as nfs from 'node:fs';
import { execSync as run } from 'node:child_process';
import crypto from 'node:crypto';
import zlib from 'zlib';
import bcrypt from 'bcrypt';
export function f() {
  fs.existsSync('a');
  nfs.readdirSync('.');
  run('ls');
  crypto.pbkdf2Sync('p', 's', 1, 32, 'sha256');
  zlib.gzipSync('x');
  bcrypt.hashSync('p', 10);
}`);
    assert.deepStrictEqual(externalNames(model, 'f'), [
      'fs.existsSync', 'fs.readdirSync', 'child_process.execSync', 'crypto.pbkdf2Sync', 'zlib.gzipSync', 'bcrypt.hashSync',
    ]);
  });

  it('names promise APIs so that no blocking rule matches them', () => {
    const model = analyze(`
import fsSync from 'node:fs';
import fsp from 'fs/promises';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
const { promises } = require('fs');
const read = promisify(fsSync.readFile);
export async function f() {
  await fsSync.promises.readFile('a');
  await fsp.readFile('b');
  await readFile('c');
  await promises.stat('d');
  await read('e');
}`);
    const names = externalNames(model, 'f');
    assert.deepStrictEqual(names, [
      'fs.promises.readFile', 'fs.promises.readFile', 'fs.promises.readFile', 'fs.promises.stat', 'util.promisify()',
    ]);
    for (const name of names) assert.strictEqual(require('./helpers').rules().matchCall('javascript', name), undefined, name);
    assert.ok(fn(model, 'f').calls.every((c) => c.awaited));
  });

  it('does not take a passed function for a call, nor a user fooSync for a library call', () => {
    const model = analyze(`
import { flushSync } from 'react-dom';
function renderSync() { return 1; }
class Store { loadSync() { return 2; } read() { return this.loadSync(); } }
export function f() {
  setImmediate(flushSync);
  renderSync();
}`);
    assert.deepStrictEqual(targets(model, 'f'), ['external:setImmediate', 'project:#renderSync']);
    assert.deepStrictEqual(targets(model, 'Store.read'), ['project:#Store.loadSync']);
    assert.deepStrictEqual(fn(model, 'f').patterns, []);
  });

  it('gives crypto.randomBytes a distinct name when a callback makes it asynchronous', () => {
    const model = analyze(`
import crypto from 'crypto';
export function f(cb) {
  crypto.randomBytes(16);
  crypto.randomBytes(16, (err, buf) => cb(buf));
  crypto.randomInt(10, cb);
}`);
    assert.deepStrictEqual(externalNames(model, 'f'), ['crypto.randomBytes', 'crypto.randomBytes[callback]', 'crypto.randomInt[callback]']);
    const calls = fn(model, 'f').calls;
    assert.strictEqual(calls[0].hasCallback, undefined);
    assert.strictEqual(calls[1].hasCallback, true);
  });

  it('follows better-sqlite3 instances and prepared statements', () => {
    const model = analyze(`
import Database from 'better-sqlite3';
const db = new Database('app.db');
const stmt = db.prepare('select 1');
export function f() {
  stmt.get(1);
  db.prepare('x').run();
  db.exec('vacuum');
}`);
    assert.deepStrictEqual(externalNames(model, 'f'), [
      'better-sqlite3().prepare().get', 'better-sqlite3().prepare().run', 'better-sqlite3().prepare', 'better-sqlite3().exec',
    ]);
  });

  it('resolves project calls: functions, arrows, this-methods, imports, default imports and namespaces', () => {
    const model = analyze(`
import { build } from './svc';
import report from './report';
import * as util from '../util';
const helper = () => 1;
function local() { return 2; }
class A {
  run() { return this.step(); }
  step() { return 3; }
}
export function f() {
  helper();
  local();
  build();
  report();
  report.render();
  util.format();
  new A().run();
}`);
    assert.deepStrictEqual(targets(model, 'f'), [
      'project:#helper', 'project:#local', 'project:./svc#build', 'project:./report#default', 'project:./report#default.render',
      'project:../util#format', 'project:#A.run', 'project:#A',
    ]);
    assert.deepStrictEqual(targets(model, 'A.run'), ['project:#A.step']);
  });

  it('resolves NestJS constructor injection to the injected class in its module', () => {
    const model = analyze(`
import { Controller, Get } from '@nestjs/common';
import { ReportsService } from './reports.service';
@Controller('r')
export class RController {
  constructor(private readonly reports: ReportsService) {}
  @Get()
  list() { return this.reports.build(); }
}`);
    assert.deepStrictEqual(targets(model, 'RController.list'), ['project:./reports.service#ReportsService.build']);
  });

  it('resolves a parameter injected by token (@Inject / @InjectRepository) through its declared type', () => {
    const model = analyze(`
import { Controller, Get, Inject } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ReportsService } from './reports.service';
import { AuditLog } from './audit';
@Controller('r')
export class RController {
  constructor(@Inject('REPORTS') private readonly reports: ReportsService, @InjectRepository(AuditLog) private audit: AuditLog) {}
  @Get()
  list() { this.audit.write(); return this.reports.build(); }
}`);
    assert.deepStrictEqual(targets(model, 'RController.list'), ['project:./audit#AuditLog.write', 'project:./reports.service#ReportsService.build']);
  });

  it('builds the exports map for ESM and CommonJS forms', () => {
    const esm = analyze(`
import { q } from './q';
export function a() {}
export const b = () => {};
export class C {}
function d() {}
export { d as e };
export { x as y } from './x';
export * as ns from './ns';
export * from './star';
export default function () {}
`);
    assert.deepStrictEqual(Object.fromEntries(esm.exports), {
      a: { module: null, name: 'a' },
      b: { module: null, name: 'b' },
      C: { module: null, name: 'C' },
      e: { module: null, name: 'd' },
      y: { module: './x', name: 'x' },
      ns: { module: './ns', name: '' },
      default: { module: null, name: 'default' },
    });
    assert.deepStrictEqual(esm.facts?.exportStar, ['./star']);
    const cjs = analyze(`
const { list } = require('./users');
function create() {}
module.exports = { create, list, remove() {} };
exports.extra = function extra() {};
`, 'src/b.js');
    assert.deepStrictEqual(cjs.exports.get('create'), { module: null, name: 'create' });
    assert.deepStrictEqual(cjs.exports.get('list'), { module: './users', name: 'list' });
    assert.deepStrictEqual(cjs.exports.get('remove'), { module: null, name: 'remove' });
    assert.deepStrictEqual(cjs.exports.get('extra'), { module: null, name: 'extra' });
  });

  it('attributes inline callbacks to the enclosing handler and marks offloaded work', () => {
    const model = analyze(`
import express from 'express';
import fs from 'fs';
import Piscina from 'piscina';
const pool = new Piscina({ filename: 'w.js' });
const app = express();
app.get('/x', async (req, res) => {
  [1].map(() => fs.statSync('a'));
  setTimeout(() => fs.readFileSync('b'), 1);
  req.on('data', () => fs.appendFileSync('c', 'd'));
  await pool.run(() => fs.readFileSync('e'));
});`);
    const calls = handlerFn(model).calls;
    const byName = (n: string) => calls.filter((c) => c.target.kind === 'external' && c.target.name === n);
    assert.ok(!byName('fs.statSync')[0].offloaded);
    assert.ok(!byName('fs.appendFileSync')[0].offloaded);
    assert.deepStrictEqual(byName('fs.readFileSync').map((c) => c.offloaded === true), [false, true]);
  });
});
