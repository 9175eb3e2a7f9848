import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { generateDocs, renderRuleDoc } from '../../scripts/generate-docs';
import { RuleCatalog } from '../../src/core/rules/catalog';
import { scan } from '../../src/core/scan';
import { packageDir } from '../../src/core/paths';
import { scratchDir } from '../helpers/scratch';

const ROOT = packageDir();
const HEADINGS = ['## What it flags', '## Why it blocks (per context)', '## Example', '## Use instead', '## Fix safety', '## When not to use it'];

describe('generated rule docs', () => {
  it('are up to date with the rule files (run `npm run docs` after editing a rule)', () => {
    const result = generateDocs(ROOT, { check: true });
    assert.deepStrictEqual(result, { changed: [], stale: [], errors: [] });
  });

  it('have the fixed headings, in order, for every rule', () => {
    for (const rule of RuleCatalog.builtin().all()) {
      const page = renderRuleDoc(rule);
      const positions = HEADINGS.map((h) => page.indexOf(`\n${h}\n`));
      assert.ok(positions.every((p) => p > 0), `${rule.id} misses a heading`);
      assert.deepStrictEqual([...positions].sort((a, b) => a - b), positions, `${rule.id} has headings out of order`);
      assert.ok(page.includes(rule.docs.example), `${rule.id} page lacks its example`);
    }
  });

  it('grade each context with the severity table', () => {
    const sleep = RuleCatalog.builtin().get('py/blocking-sleep')!;
    const page = renderRuleDoc(sleep);
    assert.match(page, /\| `event-loop`: [^|]+ \| error \|/);
    assert.match(page, /\| `threadpool`: [^|]+ \| not reported \|/);
  });

  describe('examples', () => {
    // Like typescript-eslint's docs test: a page's example must show the rule firing.
    for (const rule of RuleCatalog.builtin().all().filter((r) => r.calls?.length)) {
      it(`${rule.id}: the example is reported by the rule`, async () => {
        const dir = scratchDir('unblock-example-');
        try {
          const file = path.join(dir, rule.language === 'python' ? 'app.py' : 'app.ts');
          fs.writeFileSync(file, `${rule.docs.example}\n`);
          const result = await scan([dir]);
          assert.deepStrictEqual(result.errors.map((e) => e.message), [], 'the example does not parse');
          assert.ok(result.findings.some((f) => f.rule === rule.id), `no ${rule.id} finding in the example`);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });

  describe('in a copy of the repository', () => {
    let root: string;
    beforeEach(() => {
      root = scratchDir('unblock-docs-');
      fs.cpSync(path.join(ROOT, 'rules'), path.join(root, 'rules'), { recursive: true });
      fs.cpSync(path.join(ROOT, 'docs', 'rules'), path.join(root, 'docs', 'rules'), { recursive: true });
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it('--check reports an edited rule without writing, then a run rewrites its page', () => {
      const ruleFile = path.join(root, 'rules', 'py', 'blocking-sleep.json');
      const rule = JSON.parse(fs.readFileSync(ruleFile, 'utf8'));
      rule.docs.whenNotToUse = 'Never: this text is new.';
      fs.writeFileSync(ruleFile, JSON.stringify(rule, null, 2));
      const page = path.join(root, 'docs', 'rules', 'py', 'blocking-sleep.md');
      const before = fs.readFileSync(page, 'utf8');

      assert.deepStrictEqual(generateDocs(root, { check: true }).changed, ['py/blocking-sleep.md']);
      assert.strictEqual(fs.readFileSync(page, 'utf8'), before);

      generateDocs(root);
      assert.ok(fs.readFileSync(page, 'utf8').includes('Never: this text is new.'));
      assert.deepStrictEqual(generateDocs(root, { check: true }).changed, []);
    });

    it('reports and removes a page whose rule is gone', () => {
      fs.rmSync(path.join(root, 'rules', 'py', 'cpu-image.json'));
      assert.deepStrictEqual(generateDocs(root, { check: true }).stale, ['py/cpu-image.md']);
      generateDocs(root);
      assert.ok(!fs.existsSync(path.join(root, 'docs', 'rules', 'py', 'cpu-image.md')));
      assert.ok(!fs.readFileSync(path.join(root, 'docs', 'rules', 'README.md'), 'utf8').includes('py/cpu-image'));
    });
  });
});
