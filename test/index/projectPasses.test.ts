/**
 * The project passes (routes joined across files) are kept between edits
 * that change nothing they read. Through a sequence of editor edits, the
 * handlers with their joined routes and the findings must be a fresh
 * engine's, and an edit of a file they did not read must not run them again.
 */
import * as assert from 'assert';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import { makeTree, removeTree } from '../files/tree';

const APP: Record<string, string> = {
  'app/__init__.py': '',
  'app/main.py': [
    'from fastapi import FastAPI',
    '',
    'from app.api import router',
    '',
    'app = FastAPI()',
    'app.include_router(router, prefix="/v1")',
    '',
    '',
    '@app.get("/health")',
    'async def health():',
    '    return "ok"',
    '',
  ].join('\n'),
  // A helper no pass reads: edits of it keep the passes.
  'app/helpers.py': ['def status():', '    # fine', '    return "ok"', ''].join('\n'),
  // A module that only re-exports: the mount resolves through it.
  'app/api.py': 'from app.routes import router\n',
  'app/routes.py': [
    'import time',
    '',
    'from fastapi import APIRouter',
    '',
    'router = APIRouter()',
    'other = APIRouter(prefix="/other")',
    '',
    '',
    '@router.get("/slow")',
    'async def slow():',
    '    # waits',
    '    time.sleep(1)',
    '    return "slow"',
    '',
    '',
    '@other.get("/fast")',
    'async def fast():',
    '    return "fast"',
    '',
  ].join('\n'),
};

type Edit = { file: string; from: string; to: string; keepsPasses?: boolean };

const EDITS: Edit[] = [
  { file: 'app/helpers.py', from: '    # fine', to: '    # fine, always', keepsPasses: true },
  // The mounted router's module is read through the resolver: a comment there runs the passes again.
  { file: 'app/routes.py', from: '    # waits', to: '    # waits a second' },
  // A line added moves what the passes read of the file, and changes nothing else: their result moves with it.
  { file: 'app/main.py', from: '    return "ok"', to: '    status = "ok"\n    return status', keepsPasses: true },
  // Above the mount and the routes: what the passes read of the file (the routes' decorators among it) moves with it.
  { file: 'app/main.py', from: 'app = FastAPI()', to: '# the app\napp = FastAPI()', keepsPasses: true },
  { file: 'app/routes.py', from: '\n\n@other.get', to: '\n\n\n@other.get' },
  // The mount's prefix changes: every route of the router moves.
  { file: 'app/main.py', from: 'prefix="/v1"', to: 'prefix="/v2"' },
  // The name now stands for the other router: the mount reaches it instead.
  { file: 'app/main.py', from: 'import router', to: 'import other as router' },
  { file: 'app/main.py', from: 'import other as router', to: 'import router' },
  // So does the re-export's.
  { file: 'app/api.py', from: 'import router', to: 'import other as router' },
  { file: 'app/routes.py', from: '    return "fast"', to: '    return open("/tmp/fast").read()' },
  { file: 'app/api.py', from: 'import other as router', to: 'import router' },
  { file: 'app/routes.py', from: '    # waits a second', to: '    # waits' },
  { file: 'app/helpers.py', from: '    # fine, always', to: '    # fine', keepsPasses: true },
];

function handlers(engine: Engine, root: string): string[] {
  return engine
    .handlers()
    .map((h) => `${path.relative(root, h.file)} ${h.name} ${h.route} ${h.context}`)
    .sort();
}

function findings(engine: Engine, root: string): string[] {
  return engine
    .findings({ fixes: false })
    .map((f) => `${path.relative(root, f.file)}:${f.range.line}:${f.range.column} ${f.rule} ${f.severity} [${f.chain.map((h) => `${h.name}@${h.line}`).join(' > ')}]`)
    .sort();
}

async function load(root: string, texts: Map<string, string>, editing: boolean): Promise<Engine> {
  const engine = await Engine.create([root], undefined, { editing });
  for (const [file, text] of texts) engine.setFile(file, text, { open: editing });
  return engine;
}

describe('project passes: kept between edits that change nothing they read', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = makeTree(APP, 'unblock-project-passes-');
  });
  after(() => removeTree(root));

  it('agree with a fresh engine after each edit, and run again only when an edit changes their input', async () => {
    const texts = new Map(Object.entries(APP).map(([rel, text]) => [path.join(root, rel), text]));
    const kept = await load(root, texts, true);
    const first = handlers(kept, root);
    assert.ok(first.includes('app/routes.py slow /v1/slow event-loop'), first.join('\n'));
    const seen = new Set<string>([first.join('\n')]);
    for (const [i, edit] of EDITS.entries()) {
      const file = path.join(root, edit.file);
      const text = texts.get(file)!;
      assert.ok(text.includes(edit.from), `edit ${i}: ${edit.file} holds ${JSON.stringify(edit.from)}`);
      texts.set(file, text.replace(edit.from, edit.to));
      const runs = kept.stats.projectPassRuns;
      kept.setFile(file, texts.get(file)!, { open: true });
      const now = handlers(kept, root);
      const fresh = await load(root, texts, false);
      assert.deepStrictEqual(now, handlers(fresh, root), `edit ${i} (${edit.file}): handlers`);
      assert.deepStrictEqual(findings(kept, root), findings(fresh, root), `edit ${i} (${edit.file}): findings`);
      assert.strictEqual(kept.stats.projectPassRuns - runs, edit.keepsPasses ? 0 : 1, `edit ${i} (${edit.file}): passes run again`);
      seen.add(now.join('\n'));
    }
    assert.ok(seen.has(first.join('\n').replace('/v1/slow', '/v2/slow')), 'the prefix change moved the route');
    assert.ok([...seen].some((h) => h.includes('app/routes.py fast /v2/other/fast')), `the import change mounted the other router: ${[...seen].join('\n---\n')}`);
  });
});
