/**
 * Precision on real apps, kept without their code (see README.md here):
 * - the reviewed verdicts are well-formed data;
 * - every false-positive cause has a hand-written shape under shapes/, scanned
 *   with its inline markers: a fixed cause's shape has no marker (nothing may
 *   be reported); an open cause's shape marks what is still wrongly reported,
 *   so fixing it fails here until the markers and `open` are dropped;
 * - with UNBLOCK_CORPUS_DIR set (a folder holding the apps, e.g. /work/corpus),
 *   each reviewed app present there is scanned and no finding judged false
 *   may come back, unless its verdict is still `open`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RuleCatalog } from '../../src/core/rules/catalog';
import { packageDir } from '../../src/core/paths';
import { checkApp, loadVerdicts, scanApp, verdictKey } from '../../scripts/eval-apps';
import { checkFixture, fixtureCasesIn } from '../helpers/fixtures';

const HERE = path.join(packageDir(), 'test', 'precision');
const SHAPES = path.join(HERE, 'shapes');
const CAUSE_HEADER = /precision-cause:\s*([a-z-]+)/;

const verdicts = loadVerdicts();

/** The cause each shape declares in its `precision-cause:` header. */
function shapeCauses(): Map<string, string[]> {
  const causes = new Map<string, string[]>();
  for (const language of ['py', 'js']) {
    for (const shape of fixtureCasesIn(path.join(SHAPES, language), language)) {
      for (const file of shape.files) {
        const cause = CAUSE_HEADER.exec(fs.readFileSync(file, 'utf8'))?.[1];
        if (cause) causes.set(cause, [...(causes.get(cause) ?? []), shape.name]);
      }
    }
  }
  return causes;
}

describe('precision: reviewed verdicts', () => {
  it('are complete, unique and name real rules', () => {
    const rules = new Set(RuleCatalog.builtin().all().map((r) => r.id));
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const v of verdicts) {
      const where = `${v.app} ${v.file}:${v.line} ${v.rule}`;
      if (!v.app || !v.file || !(v.line > 0) || !v.call) problems.push(`${where}: app, file, line and call are required`);
      if (typeof v.verdict !== 'boolean') problems.push(`${where}: verdict must be true or false`);
      if (!v.reason || v.reason.length < 10) problems.push(`${where}: a reason is required`);
      if (!rules.has(v.rule)) problems.push(`${where}: no rule ${v.rule}`);
      if (v.verdict === false && !v.cause) problems.push(`${where}: a false verdict names its cause`);
      if (v.verdict === true && (v.cause || v.open)) problems.push(`${where}: a true verdict has no cause`);
      if (seen.has(verdictKey(v))) problems.push(`${where}: reviewed twice`);
      seen.add(verdictKey(v));
    }
    assert.deepStrictEqual(problems, []);
  });

  it('every false-positive cause has a shape fixture', () => {
    const shaped = shapeCauses();
    const causes = [...new Set(verdicts.filter((v) => !v.verdict).map((v) => v.cause!))].sort();
    assert.deepStrictEqual(causes.filter((c) => !shaped.has(c)), []);
  });
});

for (const language of ['py', 'js'] as const) {
  describe(`precision shapes: ${language}`, () => {
    for (const shape of fixtureCasesIn(path.join(SHAPES, language), language)) {
      it(`${shape.name} reports exactly its markers`, () => checkFixture(shape));
    }
  });
}

const corpus = process.env.UNBLOCK_CORPUS_DIR;
// Without the apps (CI) only the data and shapes above run.
if (corpus) describe('precision: reviewed apps (UNBLOCK_CORPUS_DIR)', function () {
  this.timeout(10 * 60_000);
  const apps = [...new Set(verdicts.map((v) => v.app))].filter((app) => corpus && fs.existsSync(path.join(corpus, app)));
  for (const app of apps) {
    it(`${app}: no finding judged false comes back`, async () => {
      const rows = await scanApp(path.join(corpus!, app), verdicts);
      const result = checkApp(app, rows, verdicts);
      assert.deepStrictEqual(result.falseReturned.map((f) => `${f.file}:${f.line} ${f.rule} ${f.call} — ${f.reason}`), []);
    });
  }
});
