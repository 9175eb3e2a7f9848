/**
 * Meta-tests over the shipped rule files: each validates, sits at the path its
 * id names, claims its calls alone, and has a docs page and a fixture.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RuleCatalog, patternToRegExp, validateRule } from '../../src/core/rules/catalog';
import type { RuleDefinition } from '../../src/core/rules/types';
import { packageDir } from '../../src/core/paths';
import { scratchDir } from '../helpers/scratch';

const ROOT = packageDir();
const LANGUAGE_DIRS = { py: 'python', js: 'javascript' } as const;
type LanguageDir = keyof typeof LANGUAGE_DIRS;

interface RuleFile {
  file: string;
  /** `<lang>/<name>` from the file's path. */
  pathId: string;
  value: unknown;
}

function ruleFiles(): RuleFile[] {
  const out: RuleFile[] = [];
  for (const lang of Object.keys(LANGUAGE_DIRS) as LanguageDir[]) {
    const dir = path.join(ROOT, 'rules', lang);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const file = path.join(dir, name);
      out.push({ file, pathId: `${lang}/${name.slice(0, -'.json'.length)}`, value: JSON.parse(fs.readFileSync(file, 'utf8')) });
    }
  }
  return out;
}

const FIXTURE_EXTENSIONS = ['.py', '.js', '.ts', '.mjs', '.cjs', '.jsx', '.tsx'];

/**
 * Ids that have a file `<dir>/<lang>/<name>.<ext>`; fixtures may add
 * `.<variant>` before the extension, or be a folder `<name>[.<variant>]/`.
 */
function idsWithFiles(dir: string, extensions: string[], folders = false): Set<string> {
  const ids = new Set<string>();
  for (const lang of Object.keys(LANGUAGE_DIRS)) {
    const full = path.join(dir, lang);
    if (!fs.existsSync(full)) continue;
    for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
      // `_shared/` and `_x.py` hold scenario fixtures that are not about one rule.
      if (entry.name.startsWith('_')) continue;
      const counts = entry.isFile() ? extensions.includes(path.extname(entry.name)) : folders && entry.isDirectory();
      if (counts) ids.add(`${lang}/${entry.name.split('.')[0]}`);
    }
  }
  return ids;
}

/** Rule ids named in `expect:` markers anywhere under test/fixtures/<lang>. */
function expectedIds(): Set<string> {
  const ids = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else for (const m of fs.readFileSync(full, 'utf8').matchAll(/expect:([^\n]*)/g)) for (const id of m[1].matchAll(/(?:py|js)\/[a-z0-9-]+/g)) ids.add(id[0]);
    }
  };
  for (const lang of Object.keys(LANGUAGE_DIRS)) {
    const dir = path.join(ROOT, 'test', 'fixtures', lang);
    if (fs.existsSync(dir)) walk(dir);
  }
  return ids;
}

function sorted(set: Iterable<string>): string[] {
  return [...set].sort();
}

describe('rule catalog files', () => {
  const files = ruleFiles();
  const rules = files.map((f) => f.value as RuleDefinition);
  const ruleIds = new Set(rules.map((r) => r.id));

  it('finds the shipped rules of both languages', () => {
    assert.ok(files.filter((f) => f.pathId.startsWith('py/')).length >= 15, 'expected the Python catalog');
  });

  for (const { file, pathId, value } of files) {
    describe(pathId, () => {
      const rule = value as RuleDefinition;

      it('validates against rules/rule.schema.json', () => {
        assert.deepStrictEqual(validateRule(value), [], `${file} is invalid`);
      });

      it('has the id of its path and the language of its folder', () => {
        assert.strictEqual(rule.id, pathId);
        assert.strictEqual(rule.language, LANGUAGE_DIRS[pathId.split('/')[0] as LanguageDir]);
      });

      it('names the call in its message and lists only its own calls in replacements', () => {
        if (rule.calls?.length) assert.ok(rule.message.includes('{call}'), 'message must contain {call}');
        const own = (rule.calls ?? []).map((c) => ({ call: c, regexp: patternToRegExp(c) }));
        for (const replacement of rule.replacements) {
          // Matcher rules (no call list) may name the calls their matcher finds.
          for (const call of own.length ? replacement.calls : []) {
            const covered = own.some((o) => o.call === call || o.regexp.test(call));
            assert.ok(covered, `replacement names ${call}, which the rule does not match`);
          }
          if (replacement.template) {
            const placeholders = replacement.template.match(/\{[a-z]+\}/g) ?? [];
            assert.deepStrictEqual(placeholders.filter((p) => p !== '{args}'), [], `template ${replacement.template} uses unknown placeholders`);
          }
        }
      });

      it('is reached by the catalog for each exact call it lists', () => {
        const catalog = RuleCatalog.builtin();
        for (const call of (rule.calls ?? []).filter((c) => !c.includes('*'))) {
          assert.strictEqual(catalog.matchCall(rule.language, call)?.id, rule.id, `${call} is shadowed or excluded`);
        }
      });
    });
  }

  it('loads without errors through RuleCatalog.builtin()', () => {
    const catalog = RuleCatalog.builtin();
    assert.deepStrictEqual(catalog.errors, []);
    assert.deepStrictEqual(sorted(catalog.all().map((r) => r.id)), sorted(ruleIds));
  });

  it('never lets two rules claim the same exact call name', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const rule of rules) {
      for (const call of rule.calls ?? []) {
        const key = `${rule.language}:${call}`;
        const previous = owner.get(key);
        if (previous && previous !== rule.id) clashes.push(`${call}: ${previous} and ${rule.id}`);
        owner.set(key, rule.id);
      }
    }
    assert.deepStrictEqual(clashes, []);
  });

  it('has one docs page per rule and no page without a rule', () => {
    assert.deepStrictEqual(sorted(idsWithFiles(path.join(ROOT, 'docs', 'rules'), ['.md'])), sorted(ruleIds));
  });

  it('lists every rule in docs/rules/README.md', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'README.md'), 'utf8');
    const listed = new Set([...readme.matchAll(/\[`((?:py|js)\/[a-z0-9-]+)`\]/g)].map((m) => m[1]));
    assert.deepStrictEqual(sorted(listed), sorted(ruleIds));
  });

  it('has a fixture for every rule and no fixture without a rule', () => {
    const fixtures = idsWithFiles(path.join(ROOT, 'test', 'fixtures'), FIXTURE_EXTENSIONS, true);
    const hint = 'fixtures are named `<lang>/<rule>[.<variant>].<ext>` or `<lang>/<rule>[.<variant>]/`; scenario fixtures about no single rule go under `<lang>/_<name>`';
    assert.deepStrictEqual(sorted([...ruleIds].filter((id) => !fixtures.has(id))), [], `rules without a fixture (${hint})`);
    assert.deepStrictEqual(sorted([...fixtures].filter((id) => !ruleIds.has(id))), [], `fixtures without a rule (${hint})`);
  });

  it('has every rule expected to fire somewhere in the fixtures', () => {
    const expected = expectedIds();
    assert.deepStrictEqual(sorted([...ruleIds].filter((id) => !expected.has(id))), [], 'rules no fixture line expects');
    assert.deepStrictEqual(sorted([...expected].filter((id) => !ruleIds.has(id))), [], 'markers naming unknown rules');
  });
});

describe('invalid rule files', () => {
  let dir: string;
  beforeEach(() => {
    dir = scratchDir('unblock-rules-');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are reported with the file and the offending fields', () => {
    const file = path.join(dir, 'broken.json');
    const rule = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules', 'py', 'blocking-sleep.json'), 'utf8'));
    delete rule.message;
    rule.category = 'sleepy';
    fs.writeFileSync(file, JSON.stringify(rule));
    const catalog = new RuleCatalog();
    catalog.loadFile(file);
    assert.strictEqual(catalog.errors.length, 1);
    assert.strictEqual(catalog.errors[0].file, file);
    assert.match(catalog.errors[0].message, /required property 'message'/);
    assert.match(catalog.errors[0].message, /\/category must be equal to one of the allowed values/);
    assert.strictEqual(catalog.get('py/blocking-sleep'), undefined, 'an invalid rule must not be loaded');
  });

  it('are reported when the JSON does not parse', () => {
    const file = path.join(dir, 'truncated.json');
    fs.writeFileSync(file, '{ "id": "py/x", ');
    const catalog = new RuleCatalog();
    catalog.loadFile(file);
    assert.strictEqual(catalog.errors[0].file, file);
    assert.match(catalog.errors[0].message, /cannot read rule file/);
  });
});
