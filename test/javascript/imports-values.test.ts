import * as assert from 'assert';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { reachedFindings, tempProject } from './helpers';

const project = (files: Record<string, string>): string => tempProject(files, { trim: true });
const reached = (root: string): Promise<string[]> => reachedFindings(root);

const ZIP = `
import fs from "fs";
export default class ZipHelper {
  static toBuffer(p: string) {
    return fs.readFileSync(p);
  }
}
export function helper(p: string) {
  return fs.readFileSync(p);
}
`;

describe('javascript imports: default and namespace imports of project modules by alias', () => {
  it('follows a default import through tsconfig paths (outline: `import X from "@server/..."`) and a namespace import', async () => {
    const root = project({
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@server/*": ["./server/*"] } } }',
      'server/utils/zip.ts': ZIP,
      'server/routes/files.ts': `
import Router from "koa-router";
import ZipHelper from "@server/utils/zip";
import * as zip from "server/utils/zip";
const router = new Router();
router.get("/a", async (ctx) => { ctx.body = ZipHelper.toBuffer("x"); });
router.get("/b", async (ctx) => { ctx.body = zip.helper("x"); });
export default router;
`,
    });
    assert.deepStrictEqual(await reached(root), ['koa GET /a → server/utils/zip.ts:4', 'koa GET /b → server/utils/zip.ts:8']);
  });

  it('follows package.json subpath imports (`#lib/*`, with condition objects)', async () => {
    const root = project({
      'package.json': '{ "name": "app", "imports": { "#lib/*": { "types": "./server/utils/*.ts", "default": "./dist/utils/*.js" } } }',
      'server/utils/zip.ts': ZIP,
      'server/app.ts': `
import express from "express";
import { helper } from "#lib/zip";
const app = express();
app.get("/a", (req, res) => res.send(helper("x")));
`,
    });
    assert.deepStrictEqual(await reached(root), ['express GET /a → server/utils/zip.ts:8']);
  });
});

const STORE = `
import fs from "fs";
export class Store {
  read(key: string) {
    return fs.readFileSync(key);
  }
}
`;

/** The lines of `file` whose call reaches a blocking call in another file (the via-call findings). */
async function reachingLines(root: string, file: string): Promise<number[]> {
  const result = await scan([root], { fixes: false });
  return result.findings
    .filter((f) => f.rule === 'js/via-call' && path.relative(root, f.file).split(path.sep).join('/') === file)
    .map((f) => f.range.line)
    .sort((a, b) => a - b);
}

describe('javascript values: declared types (TypeScript annotations and JSDoc)', () => {
  it('types parameters, variables and fields from TypeScript annotations, unions and qualified names included', async () => {
    const root = project({
      'server/store.ts': STORE,
      'server/app.ts': `
import express from "express";
import * as stores from "./store";
import { Store } from "./store";
const app = express();
let cache: Store | null;
function load(store: Store) { return store.read("a"); }
function loadQualified(store: stores.Store) { return store.read("b"); }
class Reports {
  private store: Store;
  constructor(store) { this.store = store; }
  build() { return this.store.read("c"); }
}
app.get("/p", async (req, res) => res.send(load(getStore())));
app.get("/q", async (req, res) => res.send(loadQualified(getStore())));
app.get("/v", async (req, res) => res.send(cache.read("d")));
app.get("/f", async (req, res) => res.send(new Reports(getStore()).build()));
`,
    });
    // The routes' lines: a typed parameter (13), a qualified type (14), a declared variable (15), a declared field (16).
    assert.deepStrictEqual(await reachingLines(root, 'server/app.ts'), [13, 14, 15, 16]);
  });

  it('types plain JavaScript through JSDoc @type and @param, import() types included; primitives and request names stay untyped', async () => {
    const root = project({
      'server/store.ts': STORE,
      'server/app.js': `
const express = require("express");
const { Store } = require("./store");
const app = express();
/** @type {Store} */
const shared = makeStore();
/**
 * Reads through the store it is given.
 * @param {import('./store').Store} store the store
 * @param {string} key
 */
function viaDoc(store, key) { return store.read(key); }
class Controller {
  /** @param {?Store} store */
  constructor(store) { this.store = store; }
  get() { return this.store.read("x"); }
}
/** @param {Store} req */
function notTyped(req) { return req.read("y"); }
app.get("/t", async (req, res) => res.send(shared.read("a")));
app.get("/p", async (req, res) => res.send(viaDoc(makeStore(), "b")));
app.get("/c", async (req, res) => res.send(new Controller(makeStore()).get()));
app.get("/n", async (req, res) => res.send(notTyped(req)));
`,
    });
    // The routes' lines: @type (19), @param with import() (20), a constructor @param kept in a field (21); `notTyped(req)` (22) is not followed.
    assert.deepStrictEqual(await reachingLines(root, 'server/app.js'), [19, 20, 21]);
  });
});
