import * as fs from 'fs';
import * as path from 'path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajv as ajvClass } from './libraries';
import type { AnalysisError, Scope } from './model';
import type { RuleDefinition } from './rules/types';
import type { SeverityOverrides } from './severity';
import { packageDir } from './paths';

export const CONFIG_FILE_NAME = '.unblock.json';

/** `.unblock.json`; every field optional. Schema: `rules/config.schema.json`. */
export interface UnblockConfig {
  scope?: Scope;
  maxDepth?: number;
  /** gitignore-style globs relative to the config file's folder. */
  ignore?: string[];
  /** Rule ids to turn off. */
  disable?: string[];
  severity?: SeverityOverrides;
  /** Analyse minified, bundled and vendored JS files (skipped by default). */
  scanBundles?: boolean;
  /** Report findings in test, example and docs code (counted apart by default; testCode.ts). */
  includeTests?: boolean;
  /** Project rules, same shape as the built-in `rules/<lang>/<name>.json`. */
  rules?: RuleDefinition[];
}

export interface LoadedConfig {
  config: UnblockConfig;
  errors: AnalysisError[];
}

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    const read = (name: string) => JSON.parse(fs.readFileSync(path.join(packageDir(), 'rules', name), 'utf8'));
    const Ajv = ajvClass();
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    ajv.addSchema(read('rule.schema.json'));
    compiled = ajv.compile(read('config.schema.json'));
  }
  return compiled;
}

/** The `.unblock.json` in `startDir` (the scan root), if there is one. */
export function findConfig(startDir: string): string | undefined {
  const candidate = path.join(startDir, CONFIG_FILE_NAME);
  try {
    return fs.statSync(candidate).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** JSON pointer → segments (`/severity/event-loop` → `['severity', 'event-loop']`). */
function segments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * How much of the config a problem throws away: a whole rule object, one
 * `ignore`/`disable` entry, one severity cell, or one top-level field.
 */
function unitToDrop(error: ErrorObject): string[] {
  let at = segments(error.instancePath);
  if (error.keyword === 'additionalProperties') at = [...at, String(error.params.additionalProperty)];
  const depth = at[0] === 'severity' ? 3 : at[0] === 'rules' || at[0] === 'ignore' || at[0] === 'disable' ? 2 : 1;
  return at.slice(0, depth);
}

function drop(target: Record<string, unknown>, at: string[]): void {
  if (at.length === 0) return;
  let parent: unknown = target;
  for (const key of at.slice(0, -1)) {
    parent = (parent as Record<string, unknown> | undefined)?.[key];
    if (parent === null || typeof parent !== 'object') return;
  }
  const last = at[at.length - 1];
  // Array items become holes now and are compacted after every drop, so indexes stay valid meanwhile.
  if (Array.isArray(parent)) parent[Number(last)] = undefined;
  else delete (parent as Record<string, unknown>)[last];
}

function compact(config: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(config)) {
    if (Array.isArray(value)) config[key] = value.filter((v) => v !== undefined);
  }
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const field = error.instancePath ? `${where}.${String(params.additionalProperty)}` : String(params.additionalProperty);
    return `unknown field "${field}"`;
  }
  if (error.keyword === 'enum') {
    const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return `field "${where}" must be one of ${allowed}`;
  }
  return `field "${where}" ${error.message ?? 'is invalid'}`;
}

/**
 * Reads and validates a config file. Never throws: unreadable or invalid JSON
 * gives an empty config; each invalid field or rule is reported (naming the
 * file and the field) and left out, the rest is kept.
 */
export function loadConfig(file: string): LoadedConfig {
  let value: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? `invalid JSON: ${error.message}` : error instanceof RangeError ? 'ignored: nested too deeply' : `cannot read: ${(error as Error).message}`;
    return { config: {}, errors: [{ file, message: `config ${reason}` }] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { config: {}, errors: [{ file, message: 'config must be a JSON object' }] };
  }
  let config: Record<string, unknown>;
  let valid: boolean;
  const validate = validator();
  try {
    config = structuredClone(value) as Record<string, unknown>;
    valid = validate(config);
  } catch (error) {
    // A config nested thousands of levels deep overflows the validator's recursion.
    return { config: {}, errors: [{ file, message: `config ignored: ${error instanceof RangeError ? 'nested too deeply' : (error as Error).message}` }] };
  }
  if (valid) return { config: config as UnblockConfig, errors: [] };

  // One message per dropped unit: a broken rule object can fail many keywords at once.
  const problems = new Map<string, string[]>();
  for (const error of validate.errors ?? []) {
    const unit = unitToDrop(error);
    drop(config, unit);
    const key = unit.join('/');
    const list = problems.get(key) ?? [];
    const text = describe(error);
    if (!list.includes(text)) list.push(text);
    problems.set(key, list);
  }
  const errors = [...problems.values()].map((list) => ({ file, message: `config ${list.join('; ')} (ignored)` }));
  compact(config);
  return { config: config as UnblockConfig, errors };
}
