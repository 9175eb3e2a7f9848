import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { Engine } from '../../src/core/engine';
import { walkFiles } from '../../src/core/files/walk';
import { SOURCE_EXTENSIONS } from '../../src/core/languages';
import { walkCounts } from '../../src/core/python/index';
import { editComparisons } from '../../src/core/javascript/keptModels';
import { makeTree, removeTree } from '../files/tree';
import { prng } from '../helpers/edits';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');
const TYPED = ['x', '\n        ', '(', 'time.sleep(1)', '\n        data = open("f").read()', 'requests.get(url)', ''];

/** An offset inside an indented line (a function body, mostly), where typing happens. */
function bodyOffset(text: string, random: () => number): number | undefined {
  const offsets: number[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const indent = line.search(/\S/);
    if (indent >= 4) offsets.push(at + indent + Math.floor(random() * (line.length - indent)));
    at += line.length + 1;
  }
  return offsets.length > 0 ? offsets[Math.floor(random() * offsets.length)] : undefined;
}

describe('Findings after edits inside function bodies (the editor path, end to end)', () => {
  let worker: Worker;
  before(() => {
    worker = new Worker(path.join(__dirname, '..', 'helpers', 'freshEngineWorker.js'), { resourceLimits: { stackSizeMb: 256 } });
  });
  after(() => worker.terminate());

  /** What a fresh engine (in its own thread) finds in the same texts. */
  const fresh = (root: string, texts: Map<string, string>) =>
    new Promise<string>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage({ root, texts: [...texts] });
    });

  it('are a fresh engine\'s after each of 45 edits in a row, keeping the roots that read only what lies before the edit', async function () {
    this.timeout(300000);
    const random = prng(5);
    const walked = walkCounts.edited;
    let checked = 0;
    let kept = 0;
    for (const app of ['flask-sync', 'fastapi-app', 'flask-gevent']) {
      const root = path.join(EXAMPLES, app);
      const files = (await walkFiles([root], { extensions: SOURCE_EXTENSIONS })).files;
      const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
      const engine = await Engine.create([root], undefined, { editing: true });
      await engine.setFiles([...texts].map(([file, text]) => ({ file, text })));
      // The largest Python file, open in the editor: edited again and again, findings asked after each edit.
      const file = files.filter((f) => f.endsWith('.py')).sort((a, b) => texts.get(b)!.length - texts.get(a)!.length)[0];
      engine.setFile(file, texts.get(file)!, { open: true });
      const total = engine.findings({ fixes: false }).length;
      for (let i = 0; i < 15; i++) {
        const text = texts.get(file)!;
        const at = bodyOffset(text, random);
        if (at === undefined) break;
        const typed = TYPED[Math.floor(random() * TYPED.length)];
        const next = typed === '' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + typed + text.slice(at);
        texts.set(file, next);
        const built = engine.stats.rootsBuilt;
        engine.setFile(file, next, { open: true });
        const report = JSON.stringify({ findings: engine.findings({ fixes: false }), handlers: engine.handlers() });
        assert.strictEqual(report, await fresh(root, texts), `${app}: ${path.relative(root, file)}, edit ${i}: ${JSON.stringify(typed)} at ${at}`);
        if (engine.stats.rootsBuilt - built < engine.handlers().length) kept++;
        checked++;
      }
      assert.ok(total > 0, `${app} has findings`);
    }
    assert.ok(checked >= 40, `only ${checked} edits checked`);
    assert.ok(walkCounts.edited - walked >= checked / 3, `the edited function alone was walked for ${walkCounts.edited - walked} of ${checked} edits`);
    assert.ok(kept >= checked / 4, `roots were kept after ${kept} of ${checked} edits`);
  });

  it('are a fresh engine\'s after edits of Django class-based views (URLconf and inherited handlers), and an edit that stays on its line resolves no registration, goes through only the registrations it moved and builds only the roots that read the edited function', async function () {
    this.timeout(300000);
    const root = makeTree(djangoApp(12), 'unblock-edited-django-');
    try {
      const random = prng(11);
      const file = path.join(root, 'app', 'views.py');
      const texts = new Map((await walkFiles([root], { extensions: SOURCE_EXTENSIONS })).files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
      const engine = await Engine.create([root], undefined, { editing: true });
      await engine.setFiles([...texts].map(([f, text]) => ({ file: f, text })));
      engine.setFile(file, texts.get(file)!, { open: true });
      const handlers = engine.handlers().length;
      assert.ok(handlers >= 48, `${handlers} handlers`);
      const inViews = engine.handlers().filter((h) => h.file === file).length;
      let sameLine = 0;
      let resolved = 0;
      let visited = 0;
      let built = 0;
      for (let i = 0; i < 30; i++) {
        const text = texts.get(file)!;
        // The end of a line in a method body: typing there stays inside the body.
        const ends = [...text.matchAll(/^ {8}\S.*$/gm)].map((m) => m.index! + m[0].length);
        const at = ends[Math.floor(random() * ends.length)];
        const typed = ['x', ' ', '  # why', '; helpers.pause()', '\n        pass', '\n'][Math.floor(random() * 6)];
        const next = text.slice(0, at) + typed + text.slice(at);
        texts.set(file, next);
        const before = engine.stats;
        const walkedAlone = walkCounts.edited;
        engine.setFile(file, next, { open: true });
        const report = JSON.stringify({ findings: engine.findings({ fixes: false }), handlers: engine.handlers() });
        assert.strictEqual(report, await fresh(root, texts), `edit ${i}: ${JSON.stringify(typed)} at ${at}`);
        // A space after the body's last statement is outside the function: the whole file is walked again.
        if (typed.includes('\n') || walkCounts.edited === walkedAlone) continue;
        sameLine++;
        resolved += engine.stats.registrationsResolved - before.registrationsResolved;
        visited += engine.stats.registrationsVisited - before.registrationsVisited;
        built += engine.stats.rootsBuilt - before.rootsBuilt;
      }
      assert.ok(sameLine >= 12, `${sameLine} edits on one line, the edited function walked alone`);
      // Before, each such edit resolved every registration that reads views.py again (36), and built every root after the edit.
      assert.strictEqual(resolved, 0, `registrations resolved in ${sameLine} edits on one line`);
      // Only the registrations of views whose methods the edit moved are gone through; before, every one of the workspace (the API's too).
      assert.ok(visited <= sameLine * inViews, `${visited} registrations gone through in ${sameLine} edits on one line (views.py serves ${inViews} handlers, the workspace ${handlers})`);
      // What an edit builds again is the roots that read the edited function: a report's `render` is read by the 13 roots of `BaseView.get`.
      assert.ok(built <= sameLine * 13, `${built} roots built in ${sameLine} edits on one line`);
    } finally {
      removeTree(root);
    }
  });

  it('are a fresh engine\'s after edits of JS/TS route handlers, methods and callbacks, and an edit inside one function builds only the roots that read it', async function () {
    this.timeout(300000);
    const random = prng(17);
    const apps = [{ root: makeTree(expressApp(10), 'unblock-edited-express-'), file: path.join('src', 'routes.ts'), edits: 40 }, ...['express-app', 'fastify-app', 'nextjs-app'].map((app) => ({ root: path.join(EXAMPLES, app), file: undefined, edits: 12 }))];
    let inFunction = 0;
    let checked = 0;
    let built = 0;
    let roots = 0;
    let sameLine = 0;
    let visited = 0;
    let registered = 0;
    try {
      for (const app of apps) {
        const files = (await walkFiles([app.root], { extensions: SOURCE_EXTENSIONS })).files;
        const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
        const engine = await Engine.create([app.root], undefined, { editing: true });
        await engine.setFiles([...texts].map(([f, text]) => ({ file: f, text })));
        // The given file, or the JS/TS file with the most handlers.
        const file = app.file ? path.join(app.root, app.file) : mostHandlers(engine.handlers().map((h) => h.file));
        engine.setFile(file, texts.get(file)!, { open: true });
        assert.ok(engine.findings({ fixes: false }).length > 0, `${app.root} has findings`);
        let opened: number | undefined;
        for (let i = 0; i < app.edits; i++) {
          const text = texts.get(file)!;
          // The end of an indented statement: in a function body, mostly (a class or object member too). A `(` typed
          // there breaks the file; the next edit takes it out again.
          const ends = [...text.matchAll(/^ {2,}\S.*;$/gm)].map((m) => m.index! + m[0].length);
          const at = opened ?? ends[Math.floor(random() * ends.length)];
          const typed = opened !== undefined ? '' : [' ', ' // why', ' fs.readFileSync("f");', 'x;', '\n    await pause();', '\n', '(', ''][Math.floor(random() * 8)];
          const next = typed === '' ? text.slice(0, at - 1) + text.slice(at) : text.slice(0, at) + typed + text.slice(at);
          opened = typed === '(' ? at + 1 : undefined;
          texts.set(file, next);
          const before = { ...editComparisons };
          const { rootsBuilt, registrationsVisited } = engine.stats;
          engine.setFile(file, next, { open: true });
          const report = JSON.stringify({ findings: engine.findings({ fixes: false }), handlers: engine.handlers() });
          assert.strictEqual(report, await fresh(app.root, texts), `${path.relative(app.root, file)}, edit ${i}: ${JSON.stringify(typed)} at ${at}`);
          checked++;
          if (editComparisons.inFunction === before.inFunction) continue;
          inFunction++;
          built += engine.stats.rootsBuilt - rootsBuilt;
          roots += engine.handlers().filter((h) => h.file === file).length;
          if (app.file === undefined || typed.includes('\n')) continue;
          sameLine++;
          visited += engine.stats.registrationsVisited - registrationsVisited;
          registered += engine.handlers().length;
        }
      }
    } finally {
      removeTree(apps[0].root);
    }
    assert.ok(checked >= 70, `only ${checked} edits checked`);
    assert.ok(inFunction >= checked / 3, `${inFunction} of ${checked} edits were found inside one function`);
    // Before, every edit of a JS/TS file built every root of it again.
    assert.ok(built * 3 <= roots, `${built} roots built in ${inFunction} edits inside one function, of the ${roots} the edited files register`);
    // An edit that stays on its line goes through the registrations whose functions it moved, not every one (the other
    // router's, those of a middleware factory defined elsewhere): before, through all of them.
    assert.ok(sameLine >= 10, `${sameLine} edits of routes.ts on one line inside one function`);
    assert.ok(visited * 2 <= registered, `${visited} registrations gone through in ${sameLine} edits on one line, of the ${registered} handlers the workspace served then`);
  });
});

/** A Django app: `count` views a URLconf registers, `count` reports that are handlers through a project base class, and blocking helpers. */
function djangoApp(count: number): Record<string, string> {
  const views = ['from django.http import JsonResponse', 'from django.views import View', 'from app import helpers', 'from app.base import BaseView', ''];
  const urls = ['from django.urls import path', 'from app import api, views', '', 'urlpatterns = ['];
  // Function views in a module of their own: an edit of views.py moves none of their registrations.
  const api = ['from django.http import JsonResponse', 'from app import helpers', ''];
  for (let i = 0; i < count; i++) {
    views.push(
      '',
      `class ItemView${i}(View):`,
      '    def get(self, request):',
      `        data = helpers.fetch("https://example.com/${i}")`,
      '        return JsonResponse(data)',
      '',
      '    def post(self, request):',
      `        count = ${i}`,
      '        return JsonResponse({"count": count})',
      '',
      '',
      `class Report${i}(BaseView):`,
      '    def render(self, request):',
      i % 2 ? `        value = open("/tmp/${i}").read()` : `        value = ${i}`,
      '        return value',
      '',
    );
    urls.push(`    path("items/${i}/", views.ItemView${i}.as_view()),`, `    path("api/${i}/", api.item_${i}),`);
    api.push('', `def item_${i}(request):`, i % 3 ? `    return JsonResponse({"id": ${i}})` : '    return JsonResponse(helpers.fetch("https://example.com/api"))', '');
  }
  urls.push(']', '');
  return {
    'app/__init__.py': '',
    'app/helpers.py': ['import time', 'import requests', '', '', 'def fetch(url):', '    return requests.get(url, timeout=5).json()', '', '', 'def pause():', '    time.sleep(1)', ''].join('\n'),
    'app/base.py': ['from django.views import View', '', '', 'class BaseView(View):', '    def get(self, request):', '        return self.render(request)', '', '    def render(self, request):', '        return None', ''].join('\n'),
    'app/views.py': views.join('\n'),
    'app/api.py': api.join('\n'),
    'app/urls.py': urls.join('\n'),
  };
}

/** The file most of `files` name (the one with the most handlers). */
function mostHandlers(files: string[]): string {
  const counts = new Map<string, number>();
  for (const file of files) if (/\.[jt]sx?$/.test(file)) counts.set(file, (counts.get(file) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

/** An Express app: `count` inline handlers calling a service class's method, `count` named handlers, blocking helpers. */
function expressApp(count: number): Record<string, string> {
  const routes = ["import express from 'express';", "import fs from 'fs';", "import { pause, readConfig } from './helpers';", "import { requireUser } from './auth';", '', 'const router = express.Router();'];
  for (let i = 0; i < count; i++) {
    routes.push(
      '',
      `class Service${i} {`,
      '  load(id: string) {',
      i % 2 ? `    return fs.readFileSync(\`/tmp/${i}/\${id}\`, 'utf8');` : `    return id + '${i}';`,
      '  }',
      '}',
      `const service${i} = new Service${i}();`,
      '',
      `router.get('/items/${i}', async (req, res) => {`,
      `  const data = service${i}.load(req.params.id);`,
      '  const sizes = [data].map((name) => name.length);',
      '  await pause();',
      '  res.json({ data, sizes });',
      '});',
      '',
      `export async function handler${i}(req: express.Request, res: express.Response) {`,
      `  const value = ${i % 3 ? `readConfig('/etc/${i}')` : i};`,
      '  res.send(String(value));',
      '}',
      `router.post('/items/${i}', requireUser(), handler${i});`,
    );
  }
  // A router a factory makes: its handlers are functions of their own inside the factory.
  routes.push(
    '',
    'export function adminRoutes() {',
    '  const admin = express.Router();',
    "  admin.get('/stats', async (req, res) => {",
    "    const data = fs.readFileSync('/tmp/stats', 'utf8');",
    '    res.send(data);',
    '  });',
    '  return admin;',
    '}',
    "router.use('/admin', adminRoutes());",
  );
  routes.push('', 'export default router;', '');
  return {
    'package.json': JSON.stringify({ name: 'edited', dependencies: { express: '^4.18.0' } }),
    'src/helpers.ts': ["import fs from 'fs';", '', 'export function readConfig(file: string) {', "  return fs.readFileSync(file, 'utf8');", '}', '', 'export async function pause() {', '  await new Promise((resolve) => setTimeout(resolve, 10));', '}', ''].join('\n'),
    'src/routes.ts': routes.join('\n'),
    // A middleware factory of another file (what outline's `auth()` is), and a router an edit of routes.ts does not touch.
    'src/auth.ts': ['export function requireUser() {', '  return function checkUser(req: any, res: any, next: () => void) {', '    next();', '  };', '}', ''].join('\n'),
    'src/accounts.ts': [
      "import express from 'express';",
      "import { readConfig } from './helpers';",
      '',
      'export const accounts = express.Router();',
      ...Array.from({ length: 6 }, (_, i) => `accounts.get('/accounts/${i}', (req, res) => {\n  res.send(readConfig('/etc/accounts/${i}'));\n});`),
      '',
    ].join('\n'),
    'src/app.ts': ["import express from 'express';", "import router from './routes';", '', 'const app = express();', 'app.use(router);', 'app.listen(3000);', ''].join('\n'),
  };
}
