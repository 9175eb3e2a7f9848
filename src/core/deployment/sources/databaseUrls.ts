import * as path from 'path';
import { yaml } from '../../libraries';

/** A database URL the deployment sets: `mysql+pymysql` of `mysql+pymysql://ctfd@db/ctfd`. */
export interface DatabaseUrl {
  /** `dialect+driver` as written, lower case (`postgresql`, `mysql+pymysql`). */
  scheme: string;
  file: string;
  line: number;
}

/** Variables that hold the app's database URL (`DATABASE_URL`, `SQLALCHEMY_DATABASE_URI`, `DB_URI`), not a cache or broker. */
const DATABASE_VARIABLE = /(^|_)(DATABASE|DB|SQLALCHEMY)(_|$)/i;
const URL_SCHEME = /^\s*['"]?([a-z][a-z0-9]*(?:\+[a-z0-9_]+)?):\/\//i;

/** `.env`, `production.env`, `.env.production`: `KEY=value` lines a container or process manager loads. */
export function isEnvFile(name: string): boolean {
  return name === '.env' || /^\.env\.[\w.-]+$/.test(name) || /^[\w.-]+\.env$/.test(name);
}

function urlOf(variable: string, value: string): string | undefined {
  if (!DATABASE_VARIABLE.test(variable)) return undefined;
  return URL_SCHEME.exec(value)?.[1].toLowerCase();
}

/** SQL dialects as SQLAlchemy URLs name them: a literal `postgresql://...` in code is a database URL, `https://...` is not. */
const SQL_DIALECTS = new Set(['postgresql', 'postgres', 'mysql', 'mariadb', 'sqlite', 'mssql', 'oracle', 'cockroachdb']);
const CODE_URL = /["']([a-z][a-z0-9]*(?:\+[a-z0-9_]+)?):\/\//gi;

/**
 * Database URLs written as string literals in Python code (a config default,
 * `create_engine("mysql+pymysql://...")`): what the app uses when its
 * deployment sets none.
 */
export function databaseUrlsInCode(file: string, text: string): DatabaseUrl[] {
  const found: DatabaseUrl[] = [];
  for (const match of text.matchAll(CODE_URL)) {
    const scheme = match[1].toLowerCase();
    if (!SQL_DIALECTS.has(scheme.split('+')[0])) continue;
    found.push({ scheme, file, line: text.slice(0, match.index).split('\n').length });
  }
  return found;
}

/**
 * Database URLs set for the app's processes: `environment:` of every
 * docker-compose service, and `KEY=value` lines of env files. Code defaults
 * (`os.getenv("DATABASE_URL") or "sqlite://..."`) are not read: the
 * deployment overrides them.
 */
export function readDatabaseUrls(file: string, text: string): DatabaseUrl[] {
  const name = path.basename(file);
  if (isEnvFile(name)) {
    const found: DatabaseUrl[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
      const scheme = match && urlOf(match[1], match[2]);
      if (scheme) found.push({ scheme, file, line: i + 1 });
    });
    return found;
  }
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const counter = new LineCounter();
  const services = parseDocument(text, { lineCounter: counter }).get('services', true);
  if (!isMap(services)) return [];
  const found: DatabaseUrl[] = [];
  const add = (variable: string, value: string, offset: number | undefined) => {
    const scheme = urlOf(variable, value);
    if (scheme) found.push({ scheme, file, line: offset === undefined ? 1 : counter.linePos(offset).line });
  };
  for (const pair of services.items) {
    if (!isMap(pair.value)) continue;
    const environment = pair.value.get('environment', true);
    if (isMap(environment)) {
      for (const item of environment.items) {
        if (isScalar(item.key) && isScalar(item.value)) add(String(item.key.value), String(item.value.value), item.value.range?.[0]);
      }
    } else if (isSeq(environment)) {
      for (const item of environment.items) {
        const match = isScalar(item) ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(String(item.value)) : null;
        if (match) add(match[1], match[2], (item as { range?: [number, number] }).range?.[0]);
      }
    }
  }
  return found;
}
