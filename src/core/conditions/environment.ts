/**
 * Is a condition false under production defaults? Each language turns its
 * condition syntax into the small `Condition` form below; this module decides,
 * the same way for Python and JavaScript, from the names and strings used:
 *
 * - a flag named for development: `DEBUG`, `app.debug`, `isDev`,
 *   `env.isDevelopment`, `__DEV__`, `TESTING`, `module.hot`, `DEBUG_MODE`;
 * - an environment variable or setting compared with a development value:
 *   `process.env.NODE_ENV !== 'production'`, `FLASK_ENV == "development"`,
 *   `app.env === 'development'`, `ENVIRONMENT in ("dev", "test")`;
 * - the negation of a production flag: `not settings.PRODUCTION`, `!isProd`;
 * - `and` with one such operand, `or` when every operand is one.
 *
 * Names are split into words (`DEBUG_MODE` → debug, mode; `isDevelopment` →
 * is, development); a flag counts when it holds a development word and
 * otherwise only qualifiers (`is`, `mode`, `enabled`...), so `DEBUG_TOOLBAR`
 * or `devices` do not.
 */

export type Condition =
  /** A name or config key tested for truth: `settings.DEBUG`, `app.config["DEBUG"]` → `DEBUG`. */
  | { kind: 'name'; name: string }
  | { kind: 'not'; operand: Condition }
  | { kind: 'and' | 'or'; operands: Condition[] }
  /** A name compared with string literals (`==`, `!=`, `in`, `not in`, `includes`). */
  | { kind: 'compare'; subject: string; op: 'eq' | 'ne' | 'in' | 'not-in'; values: string[] }
  | { kind: 'other' };

export type Environment = 'dev' | 'prod';

const DEV_WORDS = new Set(['debug', 'dev', 'devel', 'development', 'develop', 'test', 'testing', 'debugging']);
const PROD_WORDS = new Set(['prod', 'production']);
/** Words that may accompany a development word in a flag name. */
const QUALIFIERS = new Set(['is', 'in', 'mode', 'enabled', 'enable', 'on', 'env', 'environment', 'use', 'run', 'running', 'app', 'the', 'flag']);
/** Whole names that mean development whatever their words: hot module reloading, bundler constants. */
const DEV_NAMES = new Set(['module.hot', 'import.meta.hot', 'import.meta.env.DEV', '__DEV__', '__DEBUG__']);
const PROD_NAMES = new Set(['import.meta.env.PROD', '__PROD__']);

/** Names holding the environment's name (`NODE_ENV`, `app.env`, `settings.ENVIRONMENT`, `FLASK_ENV`). */
const ENV_SUBJECT_WORDS = new Set(['env', 'environment', 'mode', 'stage']);
const ENV_PREFIXES = new Set(['node', 'app', 'flask', 'django', 'rails', 'deploy', 'deployment', 'current', 'run', 'runtime']);
const DEV_VALUES = new Set(['development', 'dev', 'develop', 'local', 'test', 'testing', 'debug']);
const PROD_VALUES = new Set(['production', 'prod']);

/** `DEBUG_MODE` → [debug, mode]; `isDevelopment` → [is, development]; `app.config.DEBUG` → last segment only. */
export function wordsOf(name: string): string[] {
  const last = name.slice(name.lastIndexOf('.') + 1);
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function flagEnvironment(name: string): Environment | undefined {
  if (DEV_NAMES.has(name)) return 'dev';
  if (PROD_NAMES.has(name)) return 'prod';
  const words = wordsOf(name);
  if (words.length === 0) return undefined;
  const content = words.filter((w) => !QUALIFIERS.has(w));
  if (content.length !== 1) return undefined;
  if (DEV_WORDS.has(content[0])) return 'dev';
  if (PROD_WORDS.has(content[0])) return 'prod';
  return undefined;
}

function isEnvironmentSubject(name: string): boolean {
  const words = wordsOf(name);
  return words.some((w) => ENV_SUBJECT_WORDS.has(w)) && words.every((w) => ENV_SUBJECT_WORDS.has(w) || ENV_PREFIXES.has(w));
}

function valuesEnvironment(values: string[]): Environment | undefined {
  const lowered = values.map((v) => v.toLowerCase());
  if (lowered.length === 0) return undefined;
  if (lowered.every((v) => DEV_VALUES.has(v))) return 'dev';
  if (lowered.every((v) => PROD_VALUES.has(v))) return 'prod';
  return undefined;
}

function invert(env: Environment | undefined): Environment | undefined {
  return env === 'dev' ? 'prod' : env === 'prod' ? 'dev' : undefined;
}

/** `dev`: true only outside production; `prod`: true only in production; undefined: cannot tell. */
export function environmentOf(condition: Condition): Environment | undefined {
  switch (condition.kind) {
    case 'name':
      return flagEnvironment(condition.name);
    case 'not':
      return invert(environmentOf(condition.operand));
    case 'and': {
      const envs = condition.operands.map(environmentOf);
      if (envs.includes('dev')) return envs.includes('prod') ? undefined : 'dev';
      return envs.includes('prod') ? 'prod' : undefined;
    }
    case 'or': {
      const envs = condition.operands.map(environmentOf);
      if (envs.length > 0 && envs.every((e) => e === 'dev')) return 'dev';
      if (envs.length > 0 && envs.every((e) => e === 'prod')) return 'prod';
      return undefined;
    }
    case 'compare': {
      if (!isEnvironmentSubject(condition.subject)) return undefined;
      const lowered = condition.values.map((v) => v.toLowerCase());
      switch (condition.op) {
        case 'eq':
        case 'in':
          return valuesEnvironment(condition.values);
        case 'ne':
        case 'not-in':
          // `!= 'production'` holds everywhere but production; `!= 'development'` holds in production too.
          return lowered.some((v) => PROD_VALUES.has(v)) ? 'dev' : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
