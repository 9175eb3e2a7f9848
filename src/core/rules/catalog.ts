import * as fs from 'fs';
import * as path from 'path';
import type { ValidateFunction } from 'ajv';
import { ajv } from '../libraries';
import type { LanguageId } from '../model';
import type { RuleDefinition, RuleLoadError } from './types';
import { packageDir } from '../paths';

const SEGMENT_SEPARATOR_GLOB = '.**.';

/** Escapes one piece of a pattern; `*` stays within one dotted segment, a bare `**` matches anything. */
function compilePiece(piece: string): string {
  return piece
    .split('**')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[A-Za-z0-9_$]*'))
    .join('.*');
}

/**
 * Compiles `fs.*Sync` into a matcher. `*` stays within one dotted segment;
 * `.**.` spans zero or more whole segments, so `pymongo.MongoClient().**.find_one`
 * matches `pymongo.MongoClient().find_one` and `pymongo.MongoClient().db.users.find_one`.
 */
export function patternToRegExp(pattern: string): RegExp {
  const body = pattern.split(SEGMENT_SEPARATOR_GLOB).map(compilePiece).join('\\.(?:.*\\.)?');
  return new RegExp(`^${body}$`);
}

interface CompiledPattern {
  rule: RuleDefinition;
  exact?: string;
  regexp?: RegExp;
}

let schemaValidator: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!schemaValidator) {
    const schema = JSON.parse(fs.readFileSync(path.join(packageDir(), 'rules', 'rule.schema.json'), 'utf8'));
    const Ajv = ajv();
    schemaValidator = new Ajv({ allErrors: true }).compile(schema);
  }
  return schemaValidator;
}

/** Validates one parsed rule object; returns readable problems naming the field. */
export function validateRule(value: unknown): string[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}

/**
 * The loaded rule set. Built-in rules come from `rules/<lang>/*.json`; users
 * add their own from their config file. Lookups by exact name are a map hit;
 * glob patterns are tried after.
 */
export class RuleCatalog {
  private readonly byId = new Map<string, RuleDefinition>();
  private readonly exact = new Map<string, Map<string, RuleDefinition>>();
  private readonly globs = new Map<LanguageId, CompiledPattern[]>();
  private readonly excludes = new Map<LanguageId, CompiledPattern[]>();
  readonly errors: RuleLoadError[] = [];
  private readonly matched = new Map<string, RuleDefinition | undefined>();

  constructor(rules: RuleDefinition[] = []) {
    for (const rule of rules) this.add(rule);
  }

  /** The rules shipped in the package. */
  static builtin(): RuleCatalog {
    const catalog = new RuleCatalog();
    // Shipped rules are checked against the schema by the test suite; compiling the schema costs each process 100 ms.
    catalog.loadDirectory(path.join(packageDir(), 'rules'), { shipped: true });
    catalog.sealBuiltins();
    return catalog;
  }

  /** Adds every `*.json` rule under `dir` (recursively), recording errors per file. */
  loadDirectory(dir: string, options: { shipped?: boolean } = {}): void {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) this.loadDirectory(full, options);
      else if (entry.name.endsWith('.json') && !entry.name.endsWith('.schema.json')) this.loadFile(full, options);
    }
  }

  /** Adds the rule (or array of rules) in one file; a project's rules are validated first. */
  loadFile(file: string, options: { shipped?: boolean } = {}): void {
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      this.errors.push({ file, message: `cannot read rule file: ${(error as Error).message}` });
      return;
    }
    const values = Array.isArray(value) ? value : [value];
    if (options.shipped) for (const rule of values as RuleDefinition[]) this.add(rule);
    else this.addUntrusted(values, file);
  }

  /**
   * Adds rule objects from user input after schema validation. Once the
   * built-in rules are loaded (`sealBuiltins`), a project rule may neither
   * reuse a built-in id nor name a matcher the engine does not have.
   */
  addUntrusted(values: unknown[], origin: string): void {
    values.forEach((value, index) => {
      const problems = validateRule(value);
      const where = values.length > 1 ? `${origin} [${index}]` : origin;
      if (problems.length === 0 && this.builtins) problems.push(...this.projectRuleProblems(value as RuleDefinition));
      if (problems.length > 0) {
        this.errors.push({ file: where, message: `invalid rule: ${problems.join('; ')}` });
        return;
      }
      this.add(value as RuleDefinition);
    });
  }

  private builtins: { ids: Set<string>; matchers: Set<string> } | undefined;

  /** Marks what is loaded so far as the built-in set. */
  sealBuiltins(): void {
    this.builtins = { ids: new Set(this.byId.keys()), matchers: new Set([...this.byId.values()].flatMap((r) => (r.matcher ? [r.matcher] : []))) };
  }

  private projectRuleProblems(rule: RuleDefinition): string[] {
    const problems: string[] = [];
    if (this.builtins!.ids.has(rule.id)) problems.push(`"id" ${rule.id} is a built-in rule; give the project rule its own id (disable the built-in one with "disable")`);
    if (rule.matcher && !this.builtins!.matchers.has(rule.matcher)) {
      problems.push(`unknown "matcher" "${rule.matcher}" (known: ${[...this.builtins!.matchers].sort().join(', ')})`);
    }
    return problems;
  }

  add(rule: RuleDefinition): void {
    this.matched.clear();
    this.byId.set(rule.id, rule);
    for (const call of rule.calls ?? []) {
      if (call.includes('*')) {
        const list = this.globs.get(rule.language) ?? [];
        list.push({ rule, regexp: patternToRegExp(call) });
        this.globs.set(rule.language, list);
      } else {
        const map = this.exact.get(rule.language) ?? new Map<string, RuleDefinition>();
        map.set(call, rule);
        this.exact.set(rule.language, map);
      }
    }
    for (const call of rule.excludeCalls ?? []) {
      const list = this.excludes.get(rule.language) ?? [];
      list.push({ rule, regexp: patternToRegExp(call) });
      this.excludes.set(rule.language, list);
    }
  }

  get(id: string): RuleDefinition | undefined {
    return this.byId.get(id);
  }

  /** The top-level module names the rules of `language` name calls in (`requests`, `os`). */
  libraryRoots(language: LanguageId): Set<string> {
    const roots = new Set<string>();
    for (const rule of this.all(language)) for (const call of rule.calls ?? []) roots.add(call.split('.')[0]);
    return roots;
  }

  all(language?: LanguageId): RuleDefinition[] {
    const rules = [...this.byId.values()];
    return language ? rules.filter((r) => r.language === language) : rules;
  }

  /** The rule matching a resolved call name, if any (memoized: names repeat across a project). */
  matchCall(language: LanguageId, name: string): RuleDefinition | undefined {
    const key = `${language}:${name}`;
    if (this.matched.has(key)) return this.matched.get(key);
    const rule = this.computeMatch(language, name);
    if (this.matched.size > 50_000) this.matched.clear();
    this.matched.set(key, rule);
    return rule;
  }

  private computeMatch(language: LanguageId, name: string): RuleDefinition | undefined {
    if (this.excludes.get(language)?.some((p) => p.regexp!.test(name))) return undefined;
    const hit = this.exact.get(language)?.get(name);
    if (hit) return hit;
    return this.globs.get(language)?.find((p) => p.regexp!.test(name))?.rule;
  }

  /**
   * A project rule (from `.unblock.json`, not built in) naming the project's
   * own code as it is called (`bar`, `db.fetch_all`): what the team knows blocks.
   */
  matchProjectCall(language: LanguageId, text: string): RuleDefinition | undefined {
    const rule = this.matchCall(language, text);
    return rule && this.builtins && !this.builtins.ids.has(rule.id) ? rule : undefined;
  }

  /** Rules driven by a structural matcher (`busy-wait`, `via-call`...). */
  byMatcher(language: LanguageId, matcher: string): RuleDefinition | undefined {
    return this.all(language).find((r) => r.matcher === matcher);
  }
}
