/**
 * A deterministic synthetic project for `npm run bench` when no corpus is
 * given: Flask, FastAPI and Django-style Python packages, Express and Koa
 * TypeScript/JavaScript services, each with the shapes real apps have (routes
 * calling services calling clients, models, utilities, tests), a share of
 * them blocking. Same seed, same bytes.
 */
import * as fs from 'fs';
import * as path from 'path';

/** mulberry32: small, fast, deterministic (the robustness fuzz cases use it too). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PY_BLOCKING = ['requests.get(url, timeout=5)', 'time.sleep(0.1)', 'open(path).read()', 'subprocess.run(["ls"], check=True)', 'hashlib.pbkdf2_hmac("sha256", data, salt, 100000)'];
const JS_BLOCKING = ['fs.readFileSync(path, "utf8")', 'execSync("ls")', 'crypto.pbkdf2Sync(data, salt, 100000, 64, "sha512")', 'zlib.gzipSync(data)'];

function pyHelpers(rnd: () => number, module: number, count: number): string {
  const lines = ['import hashlib', 'import subprocess', 'import time', '', 'import requests', '', ''];
  for (let i = 0; i < count; i++) {
    const blocking = rnd() < 0.3 ? PY_BLOCKING[Math.floor(rnd() * PY_BLOCKING.length)] : 'len(url)';
    lines.push(
      `def helper_${module}_${i}(url, path="/tmp/x", data=b"", salt=b""):`,
      `    """Helper ${i} of module ${module}: formats, validates and fetches."""`,
      `    values = [item * 2 for item in range(10) if item % 3]`,
      `    result = {"url": url, "values": values, "count": len(values)}`,
      `    if result["count"] > ${i % 7}:`,
      `        result["extra"] = ${blocking}`,
      `    return result`,
      '',
      '',
    );
  }
  lines.push(`class Service${module}:`, `    def __init__(self, base):`, `        self.base = base`, '');
  for (let i = 0; i < Math.min(count, 6); i++) {
    lines.push(`    def call_${i}(self, name):`, `        return helper_${module}_${i}(self.base + name)`, '');
  }
  return lines.join('\n');
}

function pyRoutes(rnd: () => number, framework: 'flask' | 'fastapi', module: number, helperModules: number, count: number): string {
  const lines = framework === 'flask'
    ? ['from flask import Blueprint, jsonify, request', '']
    : ['from fastapi import APIRouter', '', ''];
  const imported = new Set<number>();
  const body: string[] = [];
  body.push(framework === 'flask' ? `bp = Blueprint("views_${module}", __name__)` : `router = APIRouter()`, '', '');
  for (let i = 0; i < count; i++) {
    const target = Math.floor(rnd() * helperModules);
    imported.add(target);
    const isAsync = framework === 'fastapi' && rnd() < 0.7;
    body.push(
      framework === 'flask' ? `@bp.route("/items/${module}/${i}", methods=["GET", "POST"])` : `@router.get("/items/${module}/${i}")`,
      `${isAsync ? 'async ' : ''}def view_${module}_${i}(${framework === 'flask' ? '' : 'item_id: int = 0'}):`,
      `    data = helpers_${target}.helper_${target}_${i % 8}("https://api.example.com/${i}")`,
      `    data["route"] = ${i}`,
      `    return ${framework === 'flask' ? 'jsonify(data)' : 'data'}`,
      '',
      '',
    );
  }
  for (const t of [...imported].sort((a, b) => a - b)) lines.push(`from app.services import helpers_${t}`);
  return [...lines, '', '', ...body].join('\n');
}

function pyModel(module: number, count: number): string {
  const lines = ['from dataclasses import dataclass, field', '', ''];
  for (let i = 0; i < count; i++) {
    lines.push(
      '@dataclass',
      `class Record${module}_${i}:`,
      `    id: int`,
      `    name: str = ""`,
      `    tags: list = field(default_factory=list)`,
      '',
      `    def label(self):`,
      `        return f"{self.id}:{self.name}:{','.join(self.tags)}"`,
      '',
      '',
    );
  }
  return lines.join('\n');
}

function pyTest(module: number, helperModules: number, count: number): string {
  const lines = [`from app.services import helpers_${module % helperModules}`, '', ''];
  for (let i = 0; i < count; i++) {
    lines.push(
      `def test_helper_${i}():`,
      `    result = helpers_${module % helperModules}.helper_${module % helperModules}_${i % 8}("x")`,
      `    assert result["count"] >= 0`,
      `    assert isinstance(result["values"], list)`,
      '',
      '',
    );
  }
  return lines.join('\n');
}

function jsService(rnd: () => number, module: number, count: number, ts: boolean): string {
  const lines = [
    `import * as fs from 'fs';`,
    `import * as zlib from 'zlib';`,
    `import * as crypto from 'crypto';`,
    `import { execSync } from 'child_process';`,
    '',
  ];
  for (let i = 0; i < count; i++) {
    const blocking = rnd() < 0.3 ? JS_BLOCKING[Math.floor(rnd() * JS_BLOCKING.length)] : 'String(path).length';
    const sig = ts ? `(path: string, data: Buffer = Buffer.from(''), salt = 'x'): Record<string, unknown>` : `(path, data = Buffer.from(''), salt = 'x')`;
    lines.push(
      `/** Service ${i} of module ${module}. */`,
      `export function service${module}_${i}${sig} {`,
      `  const values = [1, 2, 3, ${i}].map((v) => v * 2).filter((v) => v % 3 !== 0);`,
      `  const result${ts ? ': Record<string, unknown>' : ''} = { path, values, count: values.length };`,
      `  if (values.length > ${i % 4}) {`,
      `    result.extra = ${blocking};`,
      `  }`,
      `  return result;`,
      `}`,
      '',
    );
  }
  return lines.join('\n');
}

function jsRoutes(rnd: () => number, framework: 'express' | 'koa', module: number, services: number, count: number, ts: boolean): string {
  const imported = new Set<number>();
  const body: string[] = [];
  body.push(framework === 'express' ? `export const router = express.Router();` : `export const router = new Router();`, '');
  for (let i = 0; i < count; i++) {
    const target = Math.floor(rnd() * services);
    imported.add(target);
    body.push(
      framework === 'express'
        ? `router.get('/items/${module}/${i}', async (req${ts ? ': express.Request' : ''}, res${ts ? ': express.Response' : ''}) => {`
        : `router.get('/items/${module}/${i}', async (ctx${ts ? ': Koa.Context' : ''}) => {`,
      `  const data = service${target}_${i % 6}(String(${framework === 'express' ? 'req.params.id' : 'ctx.params.id'}));`,
      framework === 'express' ? `  res.json(data);` : `  ctx.body = data;`,
      `});`,
      '',
    );
  }
  const header = framework === 'express' ? [`import express from 'express';`] : [`import Router from '@koa/router';`, ...(ts ? [`import type Koa from 'koa';`] : [])];
  for (const t of [...imported].sort((a, b) => a - b)) {
    header.push(`import { ${Array.from({ length: 6 }, (_, k) => `service${t}_${k}`).join(', ')} } from '../services/service${t}';`);
  }
  return [...header, '', ...body].join('\n');
}

/** A 5,000-line FastAPI module (handlers calling helpers in the same file), for the editor benchmark. */
export function largePythonFile(lines = 5000): string {
  const out = ['import time', '', 'import requests', 'from fastapi import APIRouter', '', 'router = APIRouter()', '', ''];
  let i = 0;
  while (out.length < lines - 12) {
    out.push(
      `def fetch_${i}(url):`,
      `    values = [v for v in range(${i % 50})]`,
      `    if len(values) > 3:`,
      `        return ${i % 5 === 0 ? 'requests.get(url, timeout=5).json()' : 'values'}`,
      `    return values`,
      '',
      '',
      `@router.get("/big/${i}")`,
      `async def big_view_${i}(item_id: int = 0):`,
      `    # the handler of route ${i}`,
      `    return fetch_${i}("https://api.example.com/${i}")`,
      '',
      '',
    );
    i++;
  }
  return out.join('\n') + '\n';
}

/** A 5,000-line Express module in TypeScript (routes calling helpers in the same file), for the editor benchmark. */
export function largeTypeScriptFile(lines = 5000): string {
  const out = [`import express from 'express';`, `import { readFileSync } from 'fs';`, '', 'export const router = express.Router();', ''];
  let i = 0;
  while (out.length < lines - 13) {
    out.push(
      `function fetch${i}(path: string): number[] {`,
      `  const values = Array.from({ length: ${i % 50} }, (_, v) => v);`,
      `  if (values.length > 3) {`,
      `    return ${i % 5 === 0 ? `JSON.parse(readFileSync(path, 'utf8'))` : 'values'};`,
      '  }',
      '  return values;',
      '}',
      '',
      `router.get('/big/${i}', (req, res) => {`,
      `  // the handler of route ${i}`,
      `  res.json(fetch${i}('/tmp/${i}.json'));`,
      '});',
      '',
    );
    i++;
  }
  return out.join('\n') + '\n';
}

export interface GeneratedTree {
  root: string;
  files: number;
  /** The 5,000-line file the editor benchmark edits. */
  largeFile: string;
}

/** Writes the tree under `root` (replacing it): about `files` files, two Python and one JS/TS for every three... */
export function generateTree(root: string, files: number, seed = 1): GeneratedTree {
  fs.rmSync(root, { recursive: true, force: true });
  const rnd = prng(seed);
  const write = (rel: string, text: string): void => {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  };
  const python = Math.round((files * 2) / 3);
  const js = files - python;
  // Python: a package with services (helpers), routes, models and tests.
  const helperModules = Math.max(1, Math.round(python * 0.3));
  write('py/app/__init__.py', '');
  write('py/app/services/__init__.py', '');
  write('py/app/views/__init__.py', '');
  write('py/app/models/__init__.py', '');
  write('py/tests/__init__.py', '');
  write('py/requirements.txt', 'flask\nfastapi\nrequests\n');
  let made = 6;
  for (let m = 0; m < helperModules; m++, made++) write(`py/app/services/helpers_${m}.py`, pyHelpers(rnd, m, 8 + Math.floor(rnd() * 10)));
  const routeModules = Math.max(1, Math.round(python * 0.2));
  for (let m = 0; m < routeModules; m++, made++) {
    write(`py/app/views/views_${m}.py`, pyRoutes(rnd, m % 2 ? 'fastapi' : 'flask', m, helperModules, 4 + Math.floor(rnd() * 8)));
  }
  const largeFile = path.join(root, 'py/app/views/big_views.py');
  write('py/app/views/big_views.py', largePythonFile());
  made++;
  const modelModules = Math.max(1, Math.round(python * 0.2));
  for (let m = 0; m < modelModules; m++, made++) write(`py/app/models/models_${m}.py`, pyModel(m, 3 + Math.floor(rnd() * 8)));
  for (let m = 0; made < python; m++, made++) write(`py/tests/test_${m}.py`, pyTest(m, helperModules, 4 + Math.floor(rnd() * 10)));
  // JS/TS: services and routers, half TypeScript.
  write('js/package.json', JSON.stringify({ name: 'bench', dependencies: { express: '^4', koa: '^2', '@koa/router': '^12' } }, null, 2));
  const services = Math.max(1, Math.round(js * 0.6));
  for (let m = 0; m < services; m++) {
    const ts = m % 2 === 0;
    write(`js/src/services/service${m}.${ts ? 'ts' : 'js'}`, jsService(rnd, m, 6 + Math.floor(rnd() * 8), ts));
  }
  for (let m = 0; m < js - services; m++) {
    const ts = m % 2 === 0;
    write(`js/src/routes/routes${m}.${ts ? 'ts' : 'js'}`, jsRoutes(rnd, m % 3 ? 'express' : 'koa', m, services, 3 + Math.floor(rnd() * 6), ts));
  }
  return { root, files: python + js, largeFile };
}
