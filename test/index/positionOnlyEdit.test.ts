import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import { walkFiles } from '../../src/core/files/walk';
import { SOURCE_EXTENSIONS } from '../../src/core/languages';
import { generateTree } from '../../scripts/bench/generate';
import { makeTree, removeTree } from '../files/tree';
import { prng } from '../helpers/edits';

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
    'import time',
    'import requests',
    'from django.http import JsonResponse',
    'from django.views import View',
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
      return { shown, positionOnly: after.positionOnlyEdits - before.positionOnlyEdits, rootsBuilt: after.rootsBuilt - before.rootsBuilt };
    },
    async fresh(): Promise<string> {
      const e = await Engine.create([root]);
      await e.setFiles([...texts].map(([file, text]) => ({ file, text })));
      return state(e);
    },
  };
}

describe('edits outside every body that only move things (positionOnlyEdit.ts)', function () {
  this.timeout(300_000);

  it('Django class views: a space after a class attribute keeps every root; a blank line or a comment between classes moves them; a changed base class, route or suppression does not pass as a move; each result equals a fresh engine\'s', async () => {
    const root = makeTree(DJANGO, 'unblock-position-only-');
    try {
      const project = await editingEngine(root);
      const cases: Array<{ what: string; file: string; from: string; to: string; positionOnly: boolean; keepsRoots?: boolean }> = [
        { what: 'a space after a class attribute', file: 'shop/views.py', from: '    paginate_by = 20', to: '    paginate_by = 20 ', positionOnly: true, keepsRoots: true },
        { what: 'a blank line between two classes', file: 'shop/views.py', from: '\n\nclass OrderDetail', to: '\n\n\nclass OrderDetail', positionOnly: true },
        { what: 'a comment line at the top of the module', file: 'shop/views.py', from: 'import time', to: '# views of the shop\nimport time', positionOnly: true },
        { what: 'a space after an import', file: 'shop/views.py', from: 'import requests', to: 'import requests ', positionOnly: true, keepsRoots: true },
        { what: 'another base class', file: 'shop/views.py', from: 'class OrderDetail(View)', to: 'class OrderDetail(object)', positionOnly: false },
        { what: 'a route changed', file: 'shop/urls.py', from: 'path("health/"', to: 'path("healthz/"', positionOnly: false },
        { what: 'a suppression comment after a class attribute (the model holds suppressions)', file: 'shop/views.py', from: '    template_name = "orders.html"', to: '    template_name = "orders.html"  # noqa', positionOnly: false },
      ];
      for (const c of cases) {
        const { shown, positionOnly, rootsBuilt } = project.edit(c.file, c.from, c.to);
        assert.strictEqual(positionOnly, c.positionOnly ? 1 : 0, `${c.what}: taken as a move of no function`);
        if (c.keepsRoots) assert.strictEqual(rootsBuilt, 0, `${c.what}: no root's findings built again`);
        assert.strictEqual(shown, await project.fresh(), `${c.what}: findings, test findings and handlers as a fresh engine has them`);
      }
      const shown = JSON.parse(await project.fresh())[0] as Array<{ rule: string }>;
      assert.ok(shown.length >= 2, 'the views\' blocking calls are found');
    } finally {
      removeTree(root);
    }
  });

  it('FastAPI routers: a space after a route decorator passes as a move; a blank line between routes does not (the mounts name each route by its line); the mounted routes stay right', async () => {
    const root = makeTree(FASTAPI, 'unblock-position-only-fastapi-');
    try {
      const project = await editingEngine(root);
      for (const [what, from, to, moves] of [
        ['a space after a route decorator', '@router.get("/users")', '@router.get("/users") ', 1],
        ['a blank line between routes', '\n\n@router.get("/users")', '\n\n\n@router.get("/users")', 0],
      ] as const) {
        const { shown, positionOnly } = project.edit('app/routes.py', from, to);
        assert.strictEqual(positionOnly, moves, `${what}: taken as a move of no function, or not`);
        assert.strictEqual(shown, await project.fresh(), `${what}: as a fresh engine has it`);
        assert.deepStrictEqual(project.engine.handlers().map((h) => h.route).sort(), ['/api/items', '/api/users'], `${what}: the routes under their mount's prefix`);
      }
    } finally {
      removeTree(root);
    }
  });

  it('Express: a blank line between two registrations and a space after one keep the findings right (JS/TS handler names hold their line)', async () => {
    const root = makeTree(EXPRESS, 'unblock-position-only-js-');
    try {
      const project = await editingEngine(root);
      for (const [what, from, to] of [
        ['a space after a registration', "res.send(fs.readFileSync('/tmp/a'));\n});", "res.send(fs.readFileSync('/tmp/a'));\n}); "],
        ['a blank line between registrations', "\n\napp.get('/b'", "\n\n\napp.get('/b'"],
        ['a comment line above the app', 'const app = express();', '// the API\nconst app = express();'],
      ]) {
        const { shown, positionOnly } = project.edit('src/app.ts', from, to);
        assert.strictEqual(positionOnly, 1, `${what}: taken as a move of no function`);
        assert.strictEqual(shown, await project.fresh(), `${what}: as a fresh engine has it`);
      }
    } finally {
      removeTree(root);
    }
  });

  it('40 random edits outside bodies of a generated tree (spaces, blank lines, comments, a line removed) equal a fresh engine after each', async () => {
    const random = prng(17);
    const root = makeTree({}, 'unblock-position-only-tree-');
    try {
      generateTree(root, 40);
      const project = await editingEngine(root);
      const sources = [...(await walkFiles([root], { extensions: SOURCE_EXTENSIONS })).files].filter((f) => /\.(py|ts)$/.test(f));
      let moves = 0;
      for (let i = 0; i < 40; i++) {
        const file = sources[Math.floor(random() * sources.length)];
        const text = project.engine.text(file) ?? '';
        // Lines outside every body: not indented (module level), where this tree's files hold imports, registrations and definitions.
        const lines = [...text.matchAll(/^\S[^\n]*$/gm)].filter((m) => !/[`'"\\]$/.test(m[0]));
        if (lines.length === 0) continue;
        const line = lines[Math.floor(random() * lines.length)];
        const end = line.index! + line[0].length;
        const kind = Math.floor(random() * 4);
        const comment = file.endsWith('.py') ? '# note' : '// note';
        const [from, to] = kind === 0 ? [line[0], `${line[0]} `] : kind === 1 ? [line[0], `\n${line[0]}`] : kind === 2 ? [line[0], `${comment}\n${line[0]}`] : [text.slice(line.index!, end + 1), ''];
        if (kind === 3 && (/^(import|from|export|def|class|async|function|@)/.test(line[0]) || end >= text.length)) continue;
        const { shown, positionOnly } = project.edit(path.relative(root, file), from, to);
        moves += positionOnly;
        assert.strictEqual(shown, await project.fresh(), `edit ${i} in ${path.relative(root, file)}: ${JSON.stringify(from)} → ${JSON.stringify(to)}`);
      }
      assert.ok(moves >= 15, `edits taken as moves of no function: ${moves}`);
    } finally {
      removeTree(root);
    }
  });
});
