import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import { walkFiles } from '../../src/core/files/walk';
import { SOURCE_EXTENSIONS } from '../../src/core/languages';
import { generateTree } from '../../scripts/bench/generate';
import { makeTree, removeTree } from '../files/tree';
import { prng } from '../helpers/edits';

const VIEW_IMPORTS = ['import time', 'import requests', 'from django.http import JsonResponse', 'from django.views import View'];

/** The end of both Django fixtures' views: a class view and a function view. */
const ORDER_DETAIL_AND_HEALTH = [
  'class OrderDetail(View):',
  '    template_name = "order.html"',
  '',
  '    def get(self, request, pk):',
  '        requests.get("https://example.com", timeout=5)',
  '        return JsonResponse({})',
  '',
  '',
  'def health(request):',
  '    time.sleep(0.1)',
  '    return JsonResponse({})',
  '',
];

const DJANGO = {
  'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
  'shop/__init__.py': '',
  'shop/settings.py': 'ROOT_URLCONF = "shop.urls"\nINSTALLED_APPS = ["shop"]\n',
  'shop/urls.py': [
    'from django.urls import path',
    'from shop import views',
    '',
    'urlpatterns = [',
    '    path("orders/", views.OrderList.as_view()),',
    '    path("orders/<int:pk>/", views.OrderDetail.as_view()),',
    '    path("health/", views.health),',
    ']',
    '',
  ].join('\n'),
  'shop/views.py': [
    ...VIEW_IMPORTS,
    '',
    '',
    'class OrderList(View):',
    '    template_name = "orders.html"',
    '    paginate_by = 20',
    '',
    '    def get(self, request):',
    '        time.sleep(1)',
    '        return JsonResponse({})',
    '',
    '',
    ...ORDER_DETAIL_AND_HEALTH,
  ].join('\n'),
};

const FASTAPI = {
  'app/__init__.py': '',
  'app/main.py': 'from fastapi import FastAPI\nfrom app.routes import router\n\napp = FastAPI()\napp.include_router(router, prefix="/api")\n',
  'app/routes.py': [
    'import time',
    'from fastapi import APIRouter',
    '',
    'router = APIRouter()',
    '',
    '',
    '@router.get("/items")',
    'async def items():',
    '    time.sleep(1)',
    '    return []',
    '',
    '',
    '@router.get("/users")',
    'async def users():',
    '    time.sleep(1)',
    '    return []',
    '',
  ].join('\n'),
};

const EXPRESS = {
  'package.json': '{"name": "api", "dependencies": {"express": "4"}}',
  'src/app.ts': [
    "import express from 'express';",
    "import fs from 'fs';",
    '',
    'const app = express();',
    '',
    "app.get('/a', (req, res) => {",
    "  res.send(fs.readFileSync('/tmp/a'));",
    '});',
    '',
    "app.get('/b', (req, res) => {",
    "  res.send(fs.readFileSync('/tmp/b'));",
    '});',
    '',
    'export default app;',
    '',
  ].join('\n'),
};

/** Django views served by a base class in another module, routed through an included URLconf (a project pass joins the prefix). */
const DJANGO_INCLUDED = {
  ...DJANGO,
  'shop/urls.py': 'from django.urls import include, path\nfrom shop import views\n\nurlpatterns = [\n    path("api/", include("shop.api_urls")),\n    path("inline/", include([path("health/", views.health)])),\n]\n',
  // The first fixture's URLconf, included under a prefix.
  'shop/api_urls.py': DJANGO['shop/urls.py'],
  'shop/base.py': [
    'import time',
    'from django.http import JsonResponse',
    'from django.views import View',
    '',
    '',
    'class BaseList(View):',
    '    def get(self, request):',
    '        time.sleep(1)',
    '        return JsonResponse({})',
    '',
  ].join('\n'),
  'shop/views.py': [
    ...VIEW_IMPORTS,
    'from shop.base import BaseList',
    '',
    '',
    'class OrderList(BaseList):',
    '    template_name = "orders.html"',
    '',
    '',
    ...ORDER_DETAIL_AND_HEALTH,
  ].join('\n'),
};

/** An editing engine with every file of `root` loaded, the texts it holds, and a fresh engine's view of them to compare with. */
async function editingEngine(root: string) {
  const files = (await walkFiles([root], { extensions: SOURCE_EXTENSIONS })).files;
  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const engine = await Engine.create([root], undefined, { editing: true });
  await engine.setFiles([...texts].map(([file, text]) => ({ file, text })));
  const state = (e: Engine) => JSON.stringify([e.findings({ fixes: false }), e.testFindings(), e.handlers()]);
  state(engine);
  return {
    engine,
    /** Replaces the first `from` in `file` by `to`, as an editor would send it; returns what the edit cost the index. */
    edit(file: string, from: string, to: string) {
      const full = path.join(root, file);
      const text = texts.get(full)!;
      assert.ok(text.includes(from), `${file} holds ${JSON.stringify(from)}`);
      texts.set(full, text.replace(from, to));
      const before = engine.stats;
      engine.setFile(full, texts.get(full)!, { open: true });
      const shown = state(engine);
      const after = engine.stats;
      return {
        shown,
        positionOnly: after.positionOnlyEdits - before.positionOnlyEdits,
        rootsBuilt: after.rootsBuilt - before.rootsBuilt,
        registrationsResolved: after.registrationsResolved - before.registrationsResolved,
        projectPassRuns: after.projectPassRuns - before.projectPassRuns,
      };
    },
    async fresh(): Promise<string> {
      const e = await Engine.create([root]);
      await e.setFiles([...texts].map(([file, text]) => ({ file, text })));
      return state(e);
    },
  };
}

interface EditCase {
  what: string;
  file: string;
  from: string;
  to: string;
  /** Whether the edit passes as a move of no function (unasked: an edit in a body may be walked alone instead). */
  moves?: boolean;
  /** No root's findings are built again (the edit kept every line in place). */
  keepsRoots?: boolean;
  /** At most this many roots' findings are built again (those of the edited function). */
  buildsAtMost?: number;
  /** No registration resolves again and no project pass runs again: what they found moved with the lines. */
  keepsRegistrations?: boolean;
}

/** Writes `files`, loads them into an editing engine and makes each edit in turn, checking it against a fresh engine. */
async function checkEdits(files: Record<string, string>, cases: EditCase[], after?: (project: Awaited<ReturnType<typeof editingEngine>>, edit: EditCase) => void): Promise<void> {
  const root = makeTree(files, 'unblock-position-only-');
  try {
    const project = await editingEngine(root);
    for (const c of cases) {
      const { shown, positionOnly, rootsBuilt, registrationsResolved, projectPassRuns } = project.edit(c.file, c.from, c.to);
      if (c.moves !== undefined) assert.strictEqual(positionOnly, c.moves ? 1 : 0, `${c.what}: taken as a move of no function, or not`);
      if (c.keepsRoots) assert.strictEqual(rootsBuilt, 0, `${c.what}: no root's findings built again`);
      if (c.buildsAtMost !== undefined) assert.ok(rootsBuilt <= c.buildsAtMost, `${c.what}: ${rootsBuilt} roots' findings built again`);
      if (c.keepsRegistrations) assert.deepStrictEqual({ registrationsResolved, projectPassRuns }, { registrationsResolved: 0, projectPassRuns: 0 }, `${c.what}: registrations and passes kept`);
      assert.strictEqual(shown, await project.fresh(), `${c.what}: findings, test findings and handlers as a fresh engine has them`);
      after?.(project, c);
    }
    assert.ok((JSON.parse(await project.fresh())[0] as unknown[]).length >= 2, 'the blocking calls are found');
  } finally {
    removeTree(root);
  }
}

/**
 * 40 edits of a generated tree's Python and TypeScript files, each what
 * `pick` makes of the file's text (undefined: none this time), each checked
 * against a fresh engine; gives what the edits cost the index, summed.
 */
async function randomEdits(seed: number, pick: (text: string, file: string, random: () => number) => [string, string] | undefined) {
  const random = prng(seed);
  const root = makeTree({}, 'unblock-random-edits-');
  try {
    generateTree(root, 40);
    const project = await editingEngine(root);
    const sources = [...(await walkFiles([root], { extensions: SOURCE_EXTENSIONS })).files].filter((f) => /\.(py|ts)$/.test(f));
    const cost = { positionOnly: 0, unbuilt: 0 };
    for (let i = 0; i < 40; i++) {
      const file = sources[Math.floor(random() * sources.length)];
      const edit = pick(project.engine.text(file) ?? '', file, random);
      if (!edit) continue;
      const [from, to] = edit;
      const { shown, positionOnly, rootsBuilt } = project.edit(path.relative(root, file), from, to);
      cost.positionOnly += positionOnly;
      if (rootsBuilt === 0) cost.unbuilt++;
      assert.strictEqual(shown, await project.fresh(), `edit ${i} in ${path.relative(root, file)}: ${JSON.stringify(from)} → ${JSON.stringify(to)}`);
    }
    return cost;
  } finally {
    removeTree(root);
  }
}

describe('edits that only move what the index built (positionOnlyEdit.ts, movedFindings.ts)', function () {
  this.timeout(300_000);

  it('Django class views: a space after a class attribute keeps every root; a blank line or a comment between classes moves them; a changed base class, route or suppression does not pass as a move; each result equals a fresh engine\'s', async () => {
    const views = 'shop/views.py';
    await checkEdits(DJANGO, [
      { what: 'a space after a class attribute', file: views, from: '    paginate_by = 20', to: '    paginate_by = 20 ', moves: true, keepsRoots: true },
      { what: 'a blank line between two classes', file: views, from: '\n\nclass OrderDetail', to: '\n\n\nclass OrderDetail', moves: true },
      { what: 'a comment line at the top of the module', file: views, from: 'import time', to: '# views of the shop\nimport time', moves: true },
      { what: 'a space after an import', file: views, from: 'import requests', to: 'import requests ', moves: true, keepsRoots: true },
      { what: 'another base class', file: views, from: 'class OrderDetail(View)', to: 'class OrderDetail(object)', moves: false },
      { what: 'a route changed', file: 'shop/urls.py', from: 'path("health/"', to: 'path("healthz/"', moves: false },
      { what: 'a suppression comment after a class attribute (the model holds suppressions)', file: views, from: '    template_name = "orders.html"', to: '    template_name = "orders.html"  # noqa', moves: false },
    ]);
  });

  it('FastAPI routers: a space after a route decorator and a blank line between routes pass as moves (the mounts hold each route\'s position); the mounted routes stay right', async () => {
    const routes = 'app/routes.py';
    await checkEdits(
      FASTAPI,
      [
        { what: 'a space after a route decorator', file: routes, from: '@router.get("/users")', to: '@router.get("/users") ', moves: true },
        { what: 'a blank line between routes', file: routes, from: '\n\n@router.get("/users")', to: '\n\n\n@router.get("/users")', moves: true },
      ],
      (project, c) => assert.deepStrictEqual(project.engine.handlers().map((h) => h.route).sort(), ['/api/items', '/api/users'], `${c.what}: the routes under their mount's prefix`),
    );
  });

  it('Express: a blank line between two registrations, a space after one and a comment line keep the findings right (JS/TS handler names hold their line)', async () => {
    const app = 'src/app.ts';
    await checkEdits(EXPRESS, [
      { what: 'a space after a registration', file: app, from: "res.send(fs.readFileSync('/tmp/a'));\n});", to: "res.send(fs.readFileSync('/tmp/a'));\n}); ", moves: true },
      { what: 'a blank line between registrations', file: app, from: "\n\napp.get('/b'", to: "\n\n\napp.get('/b'", moves: true },
      { what: 'a comment line above the app', file: app, from: 'const app = express();', to: '// the API\nconst app = express();', moves: true },
    ]);
  });

  it('40 random edits outside bodies of a generated tree (spaces, blank lines, comments, a line removed) equal a fresh engine after each', async () => {
    const { positionOnly } = await randomEdits(17, (text, file, random) => {
      // Lines outside every body: not indented (module level), where this tree's files hold imports, registrations and definitions.
      const lines = [...text.matchAll(/^\S[^\n]*$/gm)].filter((m) => !/[`'"\\]$/.test(m[0]));
      if (lines.length === 0) return undefined;
      const line = lines[Math.floor(random() * lines.length)];
      const end = line.index! + line[0].length;
      const kind = Math.floor(random() * 4);
      const comment = file.endsWith('.py') ? '# note' : '// note';
      if (kind === 3 && (/^(import|from|export|def|class|async|function|@)/.test(line[0]) || end >= text.length)) return undefined;
      return kind === 0 ? [line[0], `${line[0]} `] : kind === 1 ? [line[0], `\n${line[0]}`] : kind === 2 ? [line[0], `${comment}\n${line[0]}`] : [text.slice(line.index!, end + 1), ''];
    });
    assert.ok(positionOnly >= 15, `edits taken as moves of no function: ${positionOnly}`);
  });

  it('Django: Enter in a method body, a line added to a function or between classes, and one removed move what the index built (the served class\'s handler line, the included URLconf\'s routes); each result equals a fresh engine\'s', async () => {
    const views = 'shop/views.py';
    await checkEdits(DJANGO_INCLUDED, [
      { what: 'Enter in a method body', file: views, from: 'timeout=5)\n', to: 'timeout=5)\n        \n', buildsAtMost: 1, keepsRegistrations: true },
      { what: 'a statement line added to a function view', file: views, from: '    time.sleep(0.1)\n', to: '    time.sleep(0.1)\n    count = 1\n', buildsAtMost: 1, keepsRegistrations: true },
      { what: 'a blank line between two classes', file: views, from: '\n\nclass OrderList', to: '\n\n\nclass OrderList', moves: true, keepsRoots: true, keepsRegistrations: true },
      { what: 'a comment line at the top of the module', file: views, from: 'import time', to: '# views\nimport time', moves: true, keepsRoots: true, keepsRegistrations: true },
      { what: 'the blank line in the method body removed', file: views, from: 'timeout=5)\n        \n', to: 'timeout=5)\n', buildsAtMost: 1, keepsRegistrations: true },
      // The URLconf's facts hold its entries' positions: the included routes move with them.
      { what: 'a blank line between two URL entries', file: 'shop/api_urls.py', from: '    path("health/"', to: '\n    path("health/"', moves: true, keepsRoots: true, keepsRegistrations: true },
      { what: 'a comment line above the URL entries', file: 'shop/api_urls.py', from: 'urlpatterns = [', to: '# the API\nurlpatterns = [', moves: true, keepsRoots: true, keepsRegistrations: true },
      { what: 'a blank line above a list included inline', file: 'shop/urls.py', from: 'urlpatterns = [', to: '\nurlpatterns = [', moves: true, keepsRoots: true, keepsRegistrations: true },
    ]);
  });

  it('40 random Enter keystrokes (a line break and the line\'s indentation) and blank lines removed, in and between the bodies of a generated tree, equal a fresh engine after each', async () => {
    const { unbuilt } = await randomEdits(29, (text, _file, random) => {
      const lines = [...text.matchAll(/^([ \t]*)\S[^\n]*$/gm)].filter((m) => !/[`'"\\]$/.test(m[0]));
      const blank = text.match(/\n[ \t]*\n/);
      const line = lines[Math.floor(random() * lines.length)];
      if (!line) return undefined;
      // Enter at the end of a line, or (one time in four) a blank line taken out again.
      return blank && random() < 0.25 ? [blank[0], '\n'] : [line[0], `${line[0]}\n${line[1]}`];
    });
    assert.ok(unbuilt >= 10, `edits that built no root again: ${unbuilt}`);
  });
});
