/**
 * Golden files: the CLI's `--fix` (every finding's preferred safe fix, with
 * re-scans) on a selected set of fixtures and examples must produce
 * test/fixtures/fixes/<case>__<file>.fixed.<ext> byte for byte. Regenerate
 * with UPDATE_GOLDEN=1 (then review the diff).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyFixes } from '../../src/cli/fix';
import { Engine } from '../../src/core/engine';
import { scan } from '../../src/core/scan';
import { packageDir } from '../../src/core/paths';
import { isPython, parsesCleanly, pyCompile, SOURCE, tempProject, tsSyntax } from './harness';

interface GoldenCase {
  name: string;
  /** Folder (copied whole) or a single file (copied with the folder's non-source files). */
  source: string;
  /** Turn the copied sources into CRLF first. */
  crlf?: boolean;
}

const root = packageDir();
const fixture = (p: string) => path.join(root, 'test', 'fixtures', p);
const CASES: GoldenCase[] = [
  { name: 'flask-sync', source: path.join(root, 'examples', 'flask-sync') },
  { name: 'flask-async', source: path.join(root, 'examples', 'flask-async') },
  // The server cures: gunicorn.conf.py edited, Procfile and Dockerfile CMD rewritten, threads for a C driver.
  { name: 'cure-conf-edit', source: fixture('deployment/cures/conf-edit') },
  { name: 'cure-procfile', source: fixture('deployment/cures/procfile') },
  { name: 'cure-dockerfile', source: fixture('deployment/cures/dockerfile') },
  { name: 'cure-psycopg2', source: fixture('deployment/cures/psycopg2') },
  { name: 'fastapi-app', source: path.join(root, 'examples', 'fastapi-app') },
  { name: 'express-app', source: path.join(root, 'examples', 'express-app') },
  { name: 'blocking-sleep', source: fixture('py/blocking-sleep.py') },
  { name: 'blocking-sleep-crlf', source: fixture('py/blocking-sleep.py'), crlf: true },
  { name: 'blocking-http', source: fixture('py/blocking-http.py') },
  { name: 'blocking-subprocess', source: fixture('py/blocking-subprocess.py') },
  { name: 'blocking-file-io', source: fixture('py/blocking-file-io.py') },
  { name: 'cpu-compression', source: fixture('py/cpu-compression.py') },
  { name: 'via-call', source: fixture('py/via-call.py') },
  { name: 'sync-fs', source: fixture('js/sync-fs.js') },
  { name: 'sync-crypto', source: fixture('js/sync-crypto.js') },
  { name: 'sync-zlib', source: fixture('js/sync-zlib.mjs') },
];

const GOLDEN_DIR = fixture('fixes');
const update = process.env.UPDATE_GOLDEN === '1';

function materialize(c: GoldenCase, into: string): string {
  if (fs.statSync(c.source).isDirectory()) {
    fs.cpSync(c.source, into, { recursive: true });
  } else {
    const dir = path.dirname(c.source);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile() && (!SOURCE.test(entry.name) || entry.name === path.basename(c.source))) fs.copyFileSync(path.join(dir, entry.name), path.join(into, entry.name));
    }
  }
  if (c.crlf) {
    for (const file of sources(into)) fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\r?\n/g, '\r\n'));
  }
  return fs.statSync(c.source).isDirectory() ? into : path.join(into, path.basename(c.source));
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.name === '.git' || e.name === 'node_modules') return [];
    return e.isDirectory() ? sources(full) : [full];
  });
}

function goldenName(c: GoldenCase, rel: string): string {
  const flat = rel.split(path.sep).join('_');
  const ext = path.extname(flat);
  return `${c.name}__${flat.slice(0, flat.length - ext.length)}.fixed${ext || '.txt'}`;
}

/** Functions that were sync before and async after: every project call of them must be awaited. */
async function unawaitedCoroutineCalls(project: string, before: Map<string, string>): Promise<string[]> {
  const load = async (texts: Map<string, string>) => {
    const engine = await Engine.create([project]);
    for (const [file, text] of texts) if (engine.handles(file)) engine.setFile(file, text);
    return engine;
  };
  const after = new Map(sources(project).map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const old = await load(before);
  const now = await load(after);
  const madeAsync = new Set<string>();
  for (const file of now.files()) {
    const oldModel = old.fileModel(file);
    for (const fn of now.fileModel(file)?.functions ?? []) {
      const was = oldModel?.functions.find((f) => f.name === fn.name);
      if (fn.isAsync && was && !was.isAsync) madeAsync.add(fn.name);
    }
  }
  // Every project call naming a function that became async must await it (or hand it to an offload helper).
  const problems: string[] = [];
  for (const file of now.files()) {
    const model = now.fileModel(file);
    for (const fn of [...(model?.functions ?? []), ...(model ? [model.moduleCode] : [])]) {
      for (const call of fn.calls) {
        if (call.target.kind === 'project' && madeAsync.has(call.target.ref.name) && !call.awaited && !call.offloaded) {
          problems.push(`${path.basename(file)}:${fn.name} calls ${call.target.ref.name} without await`);
        }
      }
    }
  }
  return problems;
}

describe('fix golden files (scan --fix on selected cases)', function () {
  this.timeout(120000);
  for (const c of CASES) {
    it(`${c.name}: fixed text equals the golden file`, async function () {
      if (!fs.existsSync(c.source)) this.skip();
      const project = tempProject();
      const target = materialize(c, project);
      const before = new Map(sources(project).map((f) => [f, fs.readFileSync(f, 'utf8')]));
      const initial = await scan([target]);
      const outcome = await applyFixes(initial, { write: true, roots: [target], rescan: () => scan([target]) });
      assert.ok(outcome.applied.length > 0, 'no fix applied');
      const changed = sources(project).filter((f) => before.get(f) !== fs.readFileSync(f, 'utf8'));
      const problems: string[] = [];
      for (const file of changed) {
        const text = fs.readFileSync(file, 'utf8');
        const rel = path.relative(project, file);
        const parse = await parsesCleanly(file, text, '');
        if (parse) problems.push(`${rel} does not parse: ${parse}`);
        const compile = isPython(file) ? pyCompile(text, project) : SOURCE.test(file) ? tsSyntax(file, text) : undefined;
        if (compile) problems.push(`${rel} does not compile: ${compile}`);
        if (c.crlf && /[^\r]\n/.test(text)) problems.push(`${rel} lost its CRLF line endings`);
        const golden = path.join(GOLDEN_DIR, goldenName(c, rel));
        if (update) {
          fs.mkdirSync(GOLDEN_DIR, { recursive: true });
          fs.writeFileSync(golden, text);
        } else if (!fs.existsSync(golden)) problems.push(`missing golden file ${path.basename(golden)} (run with UPDATE_GOLDEN=1)`);
        else if (fs.readFileSync(golden, 'utf8') !== text) problems.push(`${rel} differs from ${path.basename(golden)}`);
      }
      // A golden file no changed file produces is stale: the fixes changed what they touch.
      const produced = new Set(changed.map((f) => goldenName(c, path.relative(project, f))));
      for (const stale of fs.readdirSync(GOLDEN_DIR).filter((n) => n.startsWith(`${c.name}__`) && !produced.has(n))) {
        if (update) fs.rmSync(path.join(GOLDEN_DIR, stale));
        else problems.push(`stale golden file ${stale}: no fixed file produces it`);
      }
      problems.push(...(await unawaitedCoroutineCalls(project, before)));
      fs.rmSync(project, { recursive: true, force: true });
      assert.deepStrictEqual(problems, []);
    });
  }
});
