import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DeploymentModel } from '../../src/core/deployment';
import { Engine } from '../../src/core/engine';
import { compareFindings, parseFixture } from '../helpers/expectations';
import { EXAMPLES, readText } from './helpers';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The engine with deployment facts wired in, as the scan does: refined contexts plus config findings. */
async function analyze(dir: string) {
  const files = filesUnder(dir);
  const model = await DeploymentModel.discover([dir], files, readText);
  const engine = await Engine.create([dir], undefined, { refiner: model, extraFindings: (e) => model.configFindings(e.handlers()) });
  for (const file of files) if (engine.handles(file)) engine.setFile(file, readText(file)!);
  return { model, engine, files };
}

for (const name of ['flask-gevent', 'flask-gunicorn']) {
  describe(`examples/${name}`, () => {
    it('produces exactly the findings its `# expect:` markers name', async () => {
      const dir = path.join(EXAMPLES, name);
      const { engine, files } = await analyze(dir);
      const findings = engine.findings();
      const mismatches = files.flatMap((file) => {
        const text = readText(file)!;
        return compareFindings(parseFixture(text), findings.filter((f) => f.file === file)).map((m) => `${path.relative(dir, file)} ${m}`);
      });
      assert.deepStrictEqual(mismatches, []);
      assert.ok(findings.length >= 2);
    });
  });
}

describe('examples: deployment facts', () => {
  it('flask-gevent: patched first, served by gevent.pywsgi; every view is cooperative', async () => {
    const dir = path.join(EXAMPLES, 'flask-gevent');
    const { model, engine } = await analyze(dir);
    const facts = model.factsFor(path.join(dir, 'app.py'))!;
    assert.deepStrictEqual([facts.kind, facts.server, facts.patched?.line, facts.patched?.late], ['gevent', 'gevent.pywsgi', 9, undefined]);
    assert.deepStrictEqual([...new Set(engine.handlers().map((h) => h.context))], ['cooperative']);
    for (const f of engine.findings()) assert.deepStrictEqual([f.deployment?.file, f.deployment?.line], [path.join(dir, 'app.py'), 48]);
  });

  it('flask-gunicorn: gunicorn.conf.py decides (gthread 4 × 2), findings carry the concurrency note', async () => {
    const dir = path.join(EXAMPLES, 'flask-gunicorn');
    const { model, engine } = await analyze(dir);
    const facts = model.factsFor(path.join(dir, 'shop', 'views.py'))!;
    assert.deepStrictEqual([facts.kind, facts.workers, facts.threads, facts.source.summary], ['gthread', 4, 2, 'gunicorn gthread ×4, 2 threads']);
    const http = engine.findings().find((f) => f.rule === 'py/blocking-http' && f.context === 'sync-worker')!;
    assert.match(http.message, /4 workers × 2 threads = 8 requests at once/);
    assert.deepStrictEqual([http.deployment?.file, http.deployment?.line], [path.join(dir, 'gunicorn.conf.py'), 3]);
  });
});
