import * as assert from 'assert';
import { scan } from '../../src/core/scan';
import { reachedFindings, tempProject } from './helpers';

const project = (files: Record<string, string>): string => tempProject(files, { trim: true });
const reached = (root: string): Promise<string[]> => reachedFindings(root, { withCall: true });

const PACKAGE = '{ "dependencies": { "express": "4", "better-sqlite3": "9" } }';

describe('javascript values: what project functions return, what callers pass to parameters and constructors, module-level values', () => {
  it("follows a connection through a factory's return, a lazy getter and a local (actual-server's openDatabase)", async () => {
    const root = project({
      'package.json': PACKAGE,
      'db.js': `
const Database = require('better-sqlite3');
function openDb(file) { return new Database(file); }
let cached;
function getDb() {
  if (!cached) cached = new Database('app.db');
  return cached;
}
module.exports = { openDb, getDb };
`,
      'app.js': `
const express = require('express');
const { openDb, getDb } = require('./db');
const app = express();
const db = openDb('a.db');
app.get('/a', (req, res) => { res.json(db.prepare('select 1').all()); });
app.get('/b', (req, res) => { res.json(getDb().prepare('select 1').get()); });
app.get('/c', (req, res) => { const local = openDb('c.db'); local.exec('vacuum'); res.end(); });
app.listen(3000);
`,
    });
    assert.deepStrictEqual(await reached(root), [
      'express GET /a → app.js:5 better-sqlite3().prepare().all',
      'express GET /b → app.js:6 better-sqlite3().prepare().get',
      'express GET /c → app.js:7 better-sqlite3().exec',
    ]);
  });

  it('follows `this.db = db` to what every `new Wrapped(...)` passes, in another file, and a declared `Promise<Database>` return', async () => {
    const root = project({
      'package.json': PACKAGE,
      'db.ts': `
import Database from 'better-sqlite3';
export class Wrapped {
  constructor(db) { this.db = db; }
  all(sql: string) { const stmt = this.db.prepare(sql); return stmt.all(); }
}
export default function openDatabase(file: string) { return new Wrapped(new Database(file)); }
export async function connect(): Promise<Database.Database> { return (globalThis as any).pool; }
`,
      'app.ts': `
import express from 'express';
import openDatabase, { connect } from './db';
const app = express();
app.get('/rows', (req, res) => { res.json(openDatabase('x.db').all('select 1')); });
app.get('/conn', async (req, res) => { const conn = await connect(); res.json(conn.prepare('select 1').all()); });
`,
    });
    assert.deepStrictEqual(await reached(root), [
      'express GET /conn → app.ts:5 better-sqlite3.Database().prepare().all',
      'express GET /rows → db.ts:4 better-sqlite3().prepare().all',
    ]);
  });

  it("reads another module's exported instance and connection (`export const store = new Store()`)", async () => {
    const root = project({
      'package.json': PACKAGE,
      'db.ts': `
import Database from 'better-sqlite3';
export const db = new Database('a.db');
`,
      'store.ts': `
import { db } from './db';
export class Store { list() { return db.prepare('select 1').all(); } }
export const store = new Store();
`,
      'app.ts': `
import express from 'express';
import { db } from './db';
import { store } from './store';
const app = express();
app.get('/a', (req, res) => { res.json(store.list()); });
app.get('/b', (req, res) => { db.exec('vacuum'); res.end(); });
`,
    });
    assert.deepStrictEqual(await reached(root), ['express GET /a → store.ts:2 better-sqlite3().prepare().all', 'express GET /b → app.ts:6 better-sqlite3().exec']);
  });

  it("follows a parameter to what the function's callers pass, through helpers and a method's field (actual-server's verifyFileExists)", async () => {
    const root = project({
      'package.json': PACKAGE,
      'queries.js': `
function rows(conn, sql) { return conn.prepare(sql).all(); }
function count(conn) { return rows(conn, 'select count(*)')[0]; }
class Cache {
  attach(db) { this.db = db; }
  get(key) { return this.db.prepare('select v from kv where k = ?').get(key); }
}
module.exports = { count, Cache };
`,
      'app.js': `
const express = require('express');
const Database = require('better-sqlite3');
const { count, Cache } = require('./queries');
const db = new Database('app.db');
const cache = new Cache();
cache.attach(db);
const app = express();
app.get('/count', (req, res) => { res.json(count(db)); });
app.get('/kv', (req, res) => { res.json(cache.get(req.query.k)); });
`,
    });
    assert.deepStrictEqual(await reached(root), [
      'express GET /count → queries.js:1 better-sqlite3().prepare().all',
      'express GET /kv → queries.js:5 better-sqlite3().prepare().get',
    ]);
  });

  it('a `*Sync` call on what a project function returns is named by the rule it resolves to, else still guessed at', async () => {
    const root = project({
      'package.json': '{ "dependencies": { "express": "4" } }',
      'app.js': `
const express = require('express');
const helpers = require('./helpers');
const fs = require('fs');
const app = express();
function disk() { return fs; }
app.get('/a', (req, res) => { res.send(disk().readFileSync('/etc/hosts')); });
app.get('/b', (req, res) => { res.send(helpers.make().renderSync()); });
`,
      'helpers.js': 'module.exports = { make: () => globalThis.renderer };\n',
    });
    const result = await scan([root], { fixes: false });
    assert.deepStrictEqual(
      result.findings.map((f) => `${f.handler?.name} ${f.rule} ${f.call}`).sort(),
      ['express GET /a js/sync-fs fs.readFileSync', 'express GET /b js/unknown-sync-call helpers.make().renderSync'],
    );
  });

  it('stays silent where what is returned or passed is an async client', async () => {
    const root = project({
      'package.json': '{ "dependencies": { "express": "4", "pg": "8" } }',
      'db.js': `
const { Pool } = require('pg');
function pool() { return new Pool(); }
async function run(client, sql) { return client.query(sql); }
class Repo {
  constructor(db) { this.db = db; }
  async query() { return this.db.query('select 1'); }
}
const repo = new Repo(pool());
module.exports = { pool, repo, run };
`,
      'app.js': `
const express = require('express');
const { pool, repo, run } = require('./db');
const app = express();
app.get('/a', async (req, res) => { res.json(await pool().query('select 1')); });
app.get('/b', async (req, res) => { res.json(await repo.query()); });
app.get('/c', async (req, res) => { res.json(await run(pool(), 'select 1')); });
`,
    });
    assert.deepStrictEqual(await reached(root), []);
  });
});
