import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DeploymentModel } from '../../src/core/deployment';
import { Engine } from '../../src/core/engine';
import type { Finding, HandlerReport } from '../../src/core/model';
import { FIXTURES, applyEdits, assertValidPython, readText, tempTree } from './helpers';

async function findingsOf(root: string, handlers: HandlerReport[] = []): Promise<Finding[]> {
  const model = await DeploymentModel.discover([root], [], readText);
  return model.configFindings(handlers);
}

/** The real handlers of a tree, from the engine's Python analysis. */
async function handlersOf(root: string): Promise<HandlerReport[]> {
  const engine = await Engine.create([root]);
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.py') ? [path.join(dir, e.name)] : []));
  for (const file of walk(root)) engine.setFile(file, readText(file)!);
  return engine.handlers();
}

const where = (f: Finding) => [f.rule, path.relative(FIXTURES, f.file), f.range.line];

describe('deployment: config findings', () => {
  it('every finding is category config, on a real line, and names the deployment fact it used', async () => {
    for (const name of fs.readdirSync(FIXTURES)) {
      for (const f of await findingsOf(path.join(FIXTURES, name))) {
        assert.strictEqual(f.category, 'config');
        assert.ok(f.rule.startsWith('py/config-'), f.rule);
        assert.ok(f.deployment && fs.existsSync(f.deployment.file) && f.deployment.line >= 1, `${f.rule} names its fact`);
        const text = readText(f.file)!;
        assert.strictEqual(text.slice(f.span.start, f.span.end).length > 0, true);
        assert.strictEqual(text.split(/\r?\n/)[f.range.line - 1].includes(text.slice(f.span.start, f.span.end).split(/\r?\n/)[0]), true);
      }
    }
  });

  it('late patch_all in the entry module: names the earlier import; the fix removes the finding', async () => {
    const root = tempTree({ 'requirements.txt': 'flask\ngevent\n', 'app.py': readText(path.join(FIXTURES, 'late-patch', 'app.py'))! });
    const [f, ...rest] = await findingsOf(root);
    assert.strictEqual(rest.length, 0);
    assert.deepStrictEqual([f.rule, f.range.line, f.range.column, f.call, f.deployment!.line], ['py/config-late-monkey-patch', 5, 1, 'gevent.monkey.patch_all', 2]);
    assert.match(f.message, /after `import requests` on line 2/);
    assert.match(f.message, /ssl/);
    const file = path.join(root, 'app.py');
    const fixed = applyEdits(readText(file)!, f.fixes[0].edits);
    await assertValidPython(fixed);
    fs.writeFileSync(file, fixed);
    assert.deepStrictEqual(await findingsOf(root), []);
  });

  it('patching in a package the entry module imports after something else: the fix patches the entry first', async () => {
    const root = path.join(FIXTURES, 'entry-imports-first');
    const [f] = await findingsOf(root);
    assert.deepStrictEqual(where(f), ['py/config-late-monkey-patch', 'entry-imports-first/myapp/__init__.py', 2]);
    assert.deepStrictEqual([path.basename(f.deployment!.file), f.deployment!.line], ['wsgi.py', 1]);
    assert.deepStrictEqual([...new Set(f.fixes[0].edits.map((e) => path.basename(e.file)))], ['wsgi.py']);
  });

  it('gunicorn -k gevent (no --preload) patches before the app loads: a late call in the app is not reported', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\ngevent\n',
      'Procfile': 'web: gunicorn -k gevent app:app\n',
      'app.py': 'import requests\nfrom gevent import monkey\nmonkey.patch_all()\n',
    });
    assert.deepStrictEqual(await findingsOf(root), []);
  });

  it('gevent and eventlet both patching, and eventlet in use', async () => {
    const findings = await findingsOf(path.join(FIXTURES, 'eventlet-mixed'));
    assert.deepStrictEqual(findings.map(where), [
      ['py/config-gevent-and-eventlet', 'eventlet-mixed/app.py', 4],
      ['py/config-eventlet', 'eventlet-mixed/app.py', 2],
    ]);
  });

  it('code patched with gevent but gunicorn runs eventlet workers', async () => {
    const root = tempTree({
      'requirements.txt': 'gevent\n',
      'gunicorn.conf.py': 'worker_class = "eventlet"\n',
      'app.py': 'from gevent import monkey\nmonkey.patch_all()\n',
    });
    const rules = (await findingsOf(root)).map((f) => [f.rule, path.basename(f.file), f.range.line]);
    assert.deepStrictEqual(rules, [
      ['py/config-gevent-and-eventlet', 'app.py', 2],
      ['py/config-eventlet', 'gunicorn.conf.py', 1],
    ]);
  });

  it('eventlet worker class on a supervisord command line: the fix switches to gevent and adds it to requirements', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\neventlet\n',
      'supervisord.conf': readText(path.join(FIXTURES, 'supervisord', 'supervisord.conf'))!,
      'app.py': 'x = 1\n',
    });
    const [f] = await findingsOf(root);
    assert.deepStrictEqual([f.rule, f.range.line, readText(f.file)!.slice(f.span.start, f.span.end)], ['py/config-eventlet', 5, 'eventlet']);
    const [switchFix, requirement] = f.fixes;
    const conf = applyEdits(readText(f.file)!, switchFix.edits);
    assert.match(conf, /^command=gunicorn -k gevent -w 2 app:app$/m);
    assert.strictEqual(applyEdits(readText(path.join(root, 'requirements.txt'))!, requirement.edits), 'flask\neventlet\ngevent\n');
  });

  it('deprecated uvicorn.workers.UvicornWorker in a Dockerfile; the new worker class is fine', async () => {
    const root = path.join(FIXTURES, 'docker-uvicorn-worker');
    const [f, ...rest] = await findingsOf(root);
    assert.strictEqual(rest.length, 0);
    assert.deepStrictEqual([f.rule, path.basename(f.file), f.range.line], ['py/config-uvicorn-worker-deprecated', 'Dockerfile', 11]);
    const byFile = new Map(f.fixes[0].edits.map((e) => [path.basename(e.file), e]));
    assert.match(applyEdits(readText(f.file)!, [byFile.get('Dockerfile')!]), /-k uvicorn_worker\.UvicornWorker \\/);
    assert.match(applyEdits(readText(path.join(root, 'requirements.txt'))!, [byFile.get('requirements.txt')!]), /^uvicorn-worker$/m);
    assert.deepStrictEqual(await findingsOf(path.join(FIXTURES, 'shell-script')), []);
  });

  it('--preload with gevent workers: on the flag, and the fix removes it', async () => {
    const root = path.join(FIXTURES, 'preload-gevent');
    const [f] = await findingsOf(root);
    assert.deepStrictEqual([f.rule, f.range.line, readText(f.file)!.slice(f.span.start, f.span.end)], ['py/config-gevent-preload', 1, '--preload']);
    assert.strictEqual(applyEdits(readText(f.file)!, f.fixes[0].edits), 'web: gunicorn -k gevent -w 4 app:app\n');
  });

  it('preload_app = True in gunicorn.conf.py with gevent: on that line', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\n',
      'gunicorn.conf.py': 'workers = 2\nworker_class = "gevent"\npreload_app = True\n',
      'app.py': 'x = 1\n',
    });
    const [f] = await findingsOf(root);
    assert.deepStrictEqual([f.rule, f.range.line], ['py/config-gevent-preload', 3]);
    assert.match(applyEdits(readText(f.file)!, f.fixes[0].edits), /preload_app = False/);
  });

  it('no preload finding when gunicorn.conf.py patches first (the documented workaround)', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\ngevent\n',
      'gunicorn.conf.py': 'from gevent import monkey\nmonkey.patch_all()\n\nworker_class = "gevent"\npreload_app = True\n',
      'app.py': 'x = 1\n',
    });
    assert.deepStrictEqual(await findingsOf(root), []);
  });

  it('Flask async views without asgiref: once per app, at the first async view; not when flask[async] is listed', async () => {
    const root = path.join(FIXTURES, 'flask-async');
    const handlers = await handlersOf(root);
    assert.ok(handlers.filter((h) => h.kind === 'async').length >= 4, 'the engine finds the async views');
    const findings = await findingsOf(root, handlers);
    assert.deepStrictEqual(findings.map(where), [['py/config-flask-async-without-asgiref', 'flask-async/no-asgiref/app.py', 7]]);
    const [f] = findings;
    assert.strictEqual(readText(f.file)!.slice(f.span.start, f.span.end), 'async def first');
    assert.match(f.message, /and 1 more async view/);
    assert.strictEqual(path.basename(f.deployment!.file), 'pyproject.toml');
    const [edit] = f.fixes[0].edits;
    assert.match(applyEdits(readText(edit.file)!, [edit]), /dependencies = \["flask\[async\]>=3"\]/);
  });
});
