import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import { RuleCatalog, validateRule } from '../../src/core/rules/catalog';
import { packageDir } from '../../src/core/paths';
import { generateDocs } from '../../scripts/generate-docs';
import { compareFindings, parseFixture } from '../helpers/expectations';
import { scratchDir } from '../helpers/scratch';

const ROOT = packageDir();
const SCRIPT = path.join(ROOT, 'out', 'scripts', 'new-rule.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
}

describe('npm run new-rule', () => {
  let root: string;
  beforeEach(() => {
    // A copy of the parts the scaffold writes to, never the real rules folder.
    root = scratchDir('unblock-new-rule-');
    fs.cpSync(path.join(ROOT, 'rules'), path.join(root, 'rules'), { recursive: true });
    fs.cpSync(path.join(ROOT, 'docs', 'rules'), path.join(root, 'docs', 'rules'), { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates a valid rule, a fixture that names it, and its docs', () => {
    const result = run(['py/blocking-ldap', '--root', root]);
    assert.strictEqual(result.status, 0, result.stderr);

    const ruleFile = path.join(root, 'rules', 'py', 'blocking-ldap.json');
    const rule = JSON.parse(fs.readFileSync(ruleFile, 'utf8'));
    assert.deepStrictEqual(validateRule(rule), []);
    assert.strictEqual(rule.id, 'py/blocking-ldap');
    const catalog = new RuleCatalog();
    catalog.loadDirectory(path.join(root, 'rules'));
    assert.deepStrictEqual(catalog.errors, []);
    assert.strictEqual(catalog.matchCall('python', rule.calls[0])?.id, 'py/blocking-ldap');

    const fixture = fs.readFileSync(path.join(root, 'test', 'fixtures', 'py', 'blocking-ldap.py'), 'utf8');
    const spec = parseFixture(fixture);
    assert.deepStrictEqual(spec.problems, []);
    assert.deepStrictEqual([...spec.expected.values()].flat().map((e) => e.rule), ['py/blocking-ldap']);

    const page = fs.readFileSync(path.join(root, 'docs', 'rules', 'py', 'blocking-ldap.md'), 'utf8');
    assert.match(page, /^# py\/blocking-ldap: /);
    assert.match(fs.readFileSync(path.join(root, 'docs', 'rules', 'README.md'), 'utf8'), /\[`py\/blocking-ldap`\]/);
    assert.deepStrictEqual(generateDocs(root, { check: true }), { changed: [], stale: [], errors: [] });
    assert.ok(!fs.existsSync(path.join(ROOT, 'rules', 'py', 'blocking-ldap.json')), 'the real rules folder was touched');
  });

  it('scaffolds a Python fixture the engine reports exactly as marked', async () => {
    assert.strictEqual(run(['py/blocking-ldap', '--root', root]).status, 0);
    const catalog = new RuleCatalog();
    catalog.loadDirectory(path.join(root, 'rules'));
    const fixtureDir = path.join(root, 'test', 'fixtures', 'py');
    const file = path.join(fixtureDir, 'blocking-ldap.py');
    const text = fs.readFileSync(file, 'utf8');
    const engine = await Engine.create([fixtureDir], catalog);
    engine.setFile(file, text);
    assert.deepStrictEqual(compareFindings(parseFixture(text), engine.findingsFor(file)), []);
  });

  it('scaffolds JavaScript rules too', () => {
    assert.strictEqual(run(['js/sync-ldap', '--root', root]).status, 0);
    const rule = JSON.parse(fs.readFileSync(path.join(root, 'rules', 'js', 'sync-ldap.json'), 'utf8'));
    assert.deepStrictEqual(validateRule(rule), []);
    assert.strictEqual(rule.language, 'javascript');
    assert.match(fs.readFileSync(path.join(root, 'test', 'fixtures', 'js', 'sync-ldap.js'), 'utf8'), /\/\/ expect: js\/sync-ldap$/m);
    assert.ok(fs.existsSync(path.join(root, 'docs', 'rules', 'js', 'sync-ldap.md')));
  });

  it('refuses an existing rule and a malformed id, writing nothing', () => {
    const existing = run(['py/blocking-sleep', '--root', root]);
    assert.strictEqual(existing.status, 1);
    assert.match(existing.stderr, /rules\/py\/blocking-sleep\.json already exists/);

    const malformed = run(['python/Blocking_LDAP', '--root', root]);
    assert.strictEqual(malformed.status, 1);
    assert.match(malformed.stderr, /is not a rule id/);
    assert.deepStrictEqual(generateDocs(root, { check: true }).changed, []);
  });
});
