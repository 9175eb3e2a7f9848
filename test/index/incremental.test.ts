/**
 * The editor keeps one engine and feeds it edits; the index then rebuilds
 * only what an edit touches (summaries, each root's findings). After every
 * edit of a sequence that reaches across files (a helper, a construction site
 * in a third module, startup code, a suppression), its findings must be the
 * ones a fresh engine finds in the same texts.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DeploymentModel } from '../../src/core/deployment';
import { Engine } from '../../src/core/engine';
import { readTextOrUndefined } from '../../src/core/files/read';
import type { Finding } from '../../src/core/model';
import { makeTree, removeTree } from '../files/tree';

const APP: Record<string, string> = {
  'app/__init__.py': '',
  'app/backends.py': ['import time', '', '', 'class SlowBackend:', '    def load(self):', '        time.sleep(1)', '', '', 'class FastBackend:', '    def load(self):', '        return 1', ''].join('\n'),
  'app/store.py': ['class Store:', '    def __init__(self, backend):', '        self._backend = backend', '', '    def get(self):', '        return self._backend.load()', ''].join('\n'),
  'app/wiring.py': ['from app.backends import FastBackend, SlowBackend', 'from app.store import Store', '', 'store = Store(FastBackend())', ''].join('\n'),
  'app/helpers.py': [
    'import functools',
    'import time',
    '',
    '',
    '@functools.lru_cache',
    'def settings():',
    '    with open("/etc/app.json") as f:',
    '        return f.read()',
    '',
    '',
    'def audit(event):',
    '    return event',
    '',
  ].join('\n'),
  'app/main.py': [
    'from fastapi import FastAPI',
    '',
    'from app.helpers import audit, settings',
    'from app.wiring import store',
    '',
    'app = FastAPI()',
    '',
    '',
    '@app.get("/items")',
    'async def items():',
    '    audit("items")',
    '    return store.get()',
    '',
    '',
    '@app.get("/settings")',
    'async def show_settings():',
    '    return settings()',
    '',
  ].join('\n'),
  // Registrations in one file of views defined in others: the index keeps each one resolved between edits.
  'app/web.py': [
    'from flask import Flask',
    '',
    'from app.pages import Dashboard',
    'from app.views import report',
    '',
    'web = Flask(__name__)',
    'web.add_url_rule("/report", view_func=report)',
    'web.add_url_rule("/dash", view_func=Dashboard.as_view("dash"))',
    '',
  ].join('\n'),
  'app/views.py': ['def report():', '    return "ok"', ''].join('\n'),
  'app/base.py': ['from flask.views import MethodView', '', '', 'class BasePage(MethodView):', '    def render(self):', '        return "page"', ''].join('\n'),
  'app/pages.py': ['from app.base import BasePage', '', '', 'class Dashboard(BasePage):', '    def get(self):', '        return self.render()', ''].join('\n'),
};

type Edit = { file: string; from: string; to: string };

const EDITS: Edit[] = [
  // A helper another module's handler calls starts blocking, then stops.
  { file: 'app/helpers.py', from: '    return event', to: '    time.sleep(0.5)\n    return event' },
  { file: 'app/helpers.py', from: '    time.sleep(0.5)\n    return event', to: '    return event' },
  // A construction site in a third module changes what `store.get()` reaches.
  { file: 'app/wiring.py', from: 'Store(FastBackend())', to: 'Store(SlowBackend())' },
  // Startup code warms the cached settings: its read no longer runs on a request.
  { file: 'app/wiring.py', from: "store = Store(SlowBackend())\n", to: "store = Store(SlowBackend())\n\nfrom app.helpers import settings\n\nsettings()\n" },
  // The blocking call is suppressed where it is.
  { file: 'app/backends.py', from: '        time.sleep(1)', to: '        time.sleep(1)  # unblock: ignore[py/blocking-sleep]' },
  { file: 'app/backends.py', from: '        time.sleep(1)  # unblock: ignore[py/blocking-sleep]', to: '        time.sleep(1)' },
  // The handler's own file changes: a new blocking call, lines shift.
  { file: 'app/main.py', from: '    audit("items")', to: '    import time\n    time.sleep(2)\n    audit("items")' },
  { file: 'app/wiring.py', from: 'Store(SlowBackend())', to: 'Store(FastBackend())' },
  // A view registered from another file starts blocking; it is renamed away (no handler), then back.
  { file: 'app/views.py', from: '    return "ok"', to: '    import time\n    time.sleep(1)\n    return "ok"' },
  { file: 'app/views.py', from: 'def report():', to: 'def report_v2():' },
  { file: 'app/views.py', from: 'def report_v2():', to: 'def report():' },
  // A class view's inherited helper, then its own method, change without changing the class layout.
  { file: 'app/base.py', from: '        return "page"', to: '        return open("/tmp/page.html").read()' },
  { file: 'app/pages.py', from: '        return self.render()', to: '        import time\n        time.sleep(1)\n        return self.render()' },
  { file: 'app/base.py', from: '        return open("/tmp/page.html").read()', to: '        return "page"' },
];

function summary(root: string, findings: Finding[]): string[] {
  return findings
    .map((f) => `${path.relative(root, f.file)}:${f.range.line}:${f.range.column} ${f.rule} ${f.severity} ${f.message} [${f.chain.map((h) => `${h.name}@${h.line}`).join(' > ')}]`)
    .sort();
}

async function freshFindings(root: string, texts: Map<string, string>): Promise<string[]> {
  const engine = await Engine.create([root]);
  for (const [file, text] of texts) engine.setFile(file, text);
  return summary(root, engine.findings({ fixes: false }));
}

describe('incremental index: an engine kept through edits agrees with a fresh one', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = makeTree(APP, 'unblock-incremental-');
  });
  after(() => removeTree(root));

  it('after each edit of a sequence that reaches across files', async () => {
    const texts = new Map(Object.entries(APP).map(([rel, text]) => [path.join(root, rel), text]));
    const kept = await Engine.create([root]);
    for (const [file, text] of texts) kept.setFile(file, text);
    const before = summary(root, kept.findings({ fixes: false }));
    assert.deepStrictEqual(before, await freshFindings(root, texts));
    assert.ok(before.some((line) => line.startsWith('app/main.py:12:') && line.includes('py/via-call')) === false, 'FastBackend blocks nothing at first');
    const seen = new Set<string>([before.join('\n')]);
    for (const [i, edit] of EDITS.entries()) {
      const file = path.join(root, edit.file);
      const text = texts.get(file)!;
      assert.ok(text.includes(edit.from), `edit ${i}: ${edit.file} holds ${JSON.stringify(edit.from)}`);
      texts.set(file, text.replace(edit.from, edit.to));
      kept.setFile(file, texts.get(file)!);
      const now = summary(root, kept.findings({ fixes: false }));
      assert.deepStrictEqual(now, await freshFindings(root, texts), `edit ${i} (${edit.file})`);
      seen.add(now.join('\n'));
    }
    // The sequence really changed the findings along the way (else it tests nothing).
    assert.ok(seen.size >= 5, `only ${seen.size} distinct results`);
  });

  it('keeps what startup runs while the calls it follows lead to the same functions, and follows a change made in a function it calls', async () => {
    // Startup (every file's module code and what it calls) warms a cached loader or not, by way of a function in another
    // file: the kept set must see that function's new call, in Python and in TypeScript.
    const apps: Array<{ files: Record<string, string>; edited: string; from: string; to: string }> = [
      {
        files: {
          'app/__init__.py': '',
          'app/config.py': ['from functools import lru_cache', '', '', '@lru_cache', 'def get_settings():', '    with open("/run/app.json") as f:', '        return f.read()', ''].join('\n'),
          'app/boot.py': ['def prepare():', '    return 1', '', '', 'def unrelated():', '    return 2', ''].join('\n'),
          'app/db.py': ['from app.boot import prepare', '', 'engine = prepare()', ''].join('\n'),
          'app/main.py': ['from fastapi import FastAPI', '', 'from app.config import get_settings', '', 'app = FastAPI()', '', '', '@app.get("/about")', 'async def about():', '    return get_settings()', ''].join('\n'),
        },
        edited: 'app/boot.py',
        from: '    return 1',
        to: '    from app.config import get_settings\n    return get_settings()',
      },
      {
        files: {
          'package.json': '{"name": "app", "dependencies": {"express": "4"}}',
          'src/config.ts': ['import { readFileSync } from "fs";', '', 'let cached: string | undefined;', '', 'export function getSettings(): string {', '  cached ??= readFileSync("/run/app.json", "utf8");', '  return cached;', '}', ''].join('\n'),
          'src/boot.ts': ['export function prepare(): number {', '  return 1;', '}', '', 'export function unrelated(): number {', '  return 2;', '}', ''].join('\n'),
          'src/db.ts': ['import { prepare } from "./boot";', '', 'export const engine = prepare();', ''].join('\n'),
          'src/server.ts': ['import express from "express";', 'import { getSettings } from "./config";', '', 'const app = express();', 'app.get("/about", (req, res) => {', '  res.send(getSettings());', '});', ''].join('\n'),
        },
        edited: 'src/boot.ts',
        from: '  return 1;',
        to: '  return getSettings().length;',
      },
    ];
    for (const app of apps) {
      const dir = makeTree(app.files, 'unblock-startup-');
      try {
        const texts = new Map(Object.entries(app.files).map(([rel, text]) => [path.join(dir, rel), text]));
        const file = path.join(dir, app.edited);
        const original = texts.get(file)!;
        const warming = original.replace(app.from, app.to);
        const header = app.edited.endsWith('.ts') ? 'import { getSettings } from "./config";\n' : '';
        const kept = await Engine.create([dir]);
        for (const [f, text] of texts) kept.setFile(f, text);
        const results: string[] = [];
        // An edit that changes none of startup's calls, one that makes startup warm the loader, and back.
        for (const text of [original.replace('return 2', 'return 3'), header + warming, original]) {
          texts.set(file, text);
          kept.setFile(file, text);
          const now = summary(dir, kept.findings({ fixes: false }));
          assert.deepStrictEqual(now, await freshFindings(dir, texts), `${app.edited}:\n${text}`);
          results.push(now.join('\n'));
        }
        
        assert.notStrictEqual(results[1], results[0], `${app.edited}: warming the loader at startup changes the findings`);
        assert.strictEqual(results[2], results[0]);
      } finally {
        removeTree(dir);
      }
    }
  });

  it('refines the kept handlers again when the deployment changes, and back', async () => {
    const texts = new Map(Object.entries(APP).map(([rel, text]) => [path.join(root, rel), text]));
    const load = async (): Promise<Engine> => {
      const engine = await Engine.create([root]);
      for (const [file, text] of texts) engine.setFile(file, text);
      return engine;
    };
    const contexts = (engine: Engine): string[] => engine.handlers().map((h) => `${h.name} ${h.context}`).sort();
    const kept = await load();
    const plain = contexts(kept);
    const conf = path.join(root, 'gunicorn.conf.py');
    fs.writeFileSync(conf, 'worker_class = "gevent"\n');
    try {
      const deployment = await DeploymentModel.discover([root], [...texts.keys()], (f) => texts.get(f) ?? readTextOrUndefined(f), kept.rules);
      kept.setRefiner(deployment);
      const fresh = await load();
      fresh.setRefiner(deployment);
      assert.deepStrictEqual(contexts(kept), contexts(fresh));
      assert.ok(contexts(kept).some((line) => line.endsWith(' cooperative')), contexts(kept).join('\n'));
      kept.setRefiner(undefined);
      assert.deepStrictEqual(contexts(kept), plain);
    } finally {
      fs.rmSync(conf, { force: true });
    }
  });
});
