import * as path from 'path';
import { parse as parseToml } from 'smol-toml';
import type { Fix, TextEdit } from '../model';
import { TextLines } from './text';
import { readFromDisk } from '../files/read';
import { folderNamesMatching } from '../files/folders';

/** Reads a file's text, undefined when absent. */
export type ReadText = (file: string) => string | undefined;

/** PEP 503 name normalisation: `Flask_SocketIO` → `flask-socketio`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Name and extras of a PEP 508 requirement string (`flask[async]>=3`). */
export function parseRequirement(spec: string): { name: string; extras: string[]; rest: string } | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?(.*)$/.exec(spec);
  if (!match) return undefined;
  const extras = (match[2] ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
  return { name: match[1], extras, rest: match[3] };
}

/** One declared dependency: the extras asked for, and the version specifiers as written in each file (`~=5.2`, poetry `^3.2`). */
export interface Dependency {
  extras: Set<string>;
  versions: string[];
}

/** Dependencies declared by a project, by normalised name. */
export type Dependencies = Map<string, Dependency>;

/** `spec` is a PEP 508 requirement; `version`, when given, the version a TOML table sets for it. */
function add(deps: Dependencies, spec: string, version?: string): void {
  const req = parseRequirement(spec);
  if (!req) return;
  const key = normalizeName(req.name);
  const dep = deps.get(key) ?? { extras: new Set<string>(), versions: [] };
  req.extras.forEach((e) => dep.extras.add(e));
  // Environment markers (`; python_version < "3.11"`) say when, not which version.
  const written = version ?? req.rest.split(';')[0].trim();
  if (written) dep.versions.push(written);
  deps.set(key, dep);
}

function fromRequirementsTxt(file: string, readText: ReadText, deps: Dependencies, seen: Set<string>): void {
  if (seen.has(file)) return;
  seen.add(file);
  const text = readText(file);
  if (text === undefined) return;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const include = /^(?:-r|--requirement)\s*=?\s*(\S+)/.exec(line);
    if (include) fromRequirementsTxt(path.resolve(path.dirname(file), include[1]), readText, deps, seen);
    else if (line && !line.startsWith('-')) add(deps, line);
  }
}

function fromTomlTable(table: unknown, deps: Dependencies): void {
  if (!table || typeof table !== 'object') return;
  for (const [name, value] of Object.entries(table as Record<string, unknown>)) {
    const extras = (value as { extras?: unknown })?.extras;
    const version = typeof value === 'string' ? value : (value as { version?: unknown })?.version;
    add(deps, Array.isArray(extras) ? `${name}[${extras.join(',')}]` : name, typeof version === 'string' ? version : undefined);
  }
}

function fromPyproject(text: string, deps: Dependencies): void {
  let doc: Record<string, any>;
  try {
    doc = parseToml(text) as Record<string, any>;
  } catch {
    return;
  }
  for (const spec of doc.project?.dependencies ?? []) if (typeof spec === 'string') add(deps, spec);
  for (const list of Object.values(doc.project?.['optional-dependencies'] ?? {})) {
    if (Array.isArray(list)) list.forEach((s) => typeof s === 'string' && add(deps, s));
  }
  fromTomlTable(doc.tool?.poetry?.dependencies, deps);
}

function fromPipfile(text: string, deps: Dependencies): void {
  try {
    fromTomlTable((parseToml(text) as Record<string, unknown>).packages, deps);
  } catch {
    // A broken Pipfile declares nothing we can read.
  }
}

/** `install_requires =` and its indented continuation lines under `[options]`. */
function setupCfgRequires(lines: TextLines): { line: number; endLine: number; items: string[] } | undefined {
  let section = '';
  for (let i = 0; i < lines.lines.length; i++) {
    const header = /^\s*\[([^\]]+)\]/.exec(lines.lines[i]);
    if (header) section = header[1].trim();
    const key = /^install_requires\s*=\s*(.*)$/.exec(lines.lines[i]);
    if (section !== 'options' || !key) continue;
    const items = key[1].trim() ? [key[1].trim()] : [];
    let end = i;
    while (end + 1 < lines.lines.length && /^\s+\S/.test(lines.lines[end + 1])) items.push(lines.lines[++end].trim());
    return { line: i + 1, endLine: end + 1, items };
  }
  return undefined;
}

/** Names of `requirements*.txt` files in a directory, `requirements.txt` first. */
function requirementFiles(dir: string, listDir: ListDir): string[] {
  return listDir(dir, REQUIREMENTS_TXT)
    .sort((a, b) => (a === 'requirements.txt' ? -1 : b === 'requirements.txt' ? 1 : a.localeCompare(b)))
    .map((n) => path.join(dir, n));
}

const REQUIREMENTS_TXT = /^requirements.*\.txt$/i;

/** The names in a folder matching a pattern (what a caller looks for is all the scan's read log notes). */
export type ListDir = (dir: string, matching: RegExp) => string[];

export const listFromDisk: ListDir = folderNamesMatching;

/** Every dependency the project at `appRoot` declares, in any of the usual files. */
export function projectDependencies(appRoot: string, readText: ReadText = readFromDisk, listDir: ListDir = listFromDisk): Dependencies {
  const deps: Dependencies = new Map();
  const seen = new Set<string>();
  for (const file of requirementFiles(appRoot, listDir)) fromRequirementsTxt(file, readText, deps, seen);
  const pyproject = readText(path.join(appRoot, 'pyproject.toml'));
  if (pyproject) fromPyproject(pyproject, deps);
  const pipfile = readText(path.join(appRoot, 'Pipfile'));
  if (pipfile) fromPipfile(pipfile, deps);
  const setupCfg = readText(path.join(appRoot, 'setup.cfg'));
  if (setupCfg) setupCfgRequires(new TextLines(setupCfg))?.items.forEach((s) => add(deps, s));
  return deps;
}

/** True when `requirement` (`gevent`, `flask[async]`) is declared. */
export function declares(deps: Dependencies, requirement: string): boolean {
  const req = parseRequirement(requirement);
  if (!req) return false;
  const dep = deps.get(normalizeName(req.name));
  return !!dep && req.extras.every((e) => dep.extras.has(e));
}

// ---------------------------------------------------------------------------
// Adding a requirement, in the project's own format
// ---------------------------------------------------------------------------

function insert(file: string, at: number, newText: string): TextEdit {
  return { file, span: { start: at, end: at }, newText };
}

/** requirements.txt: extend an existing line (`flask==3.0` → `flask[async]==3.0`) or append one. */
function requirementsTxtEdit(file: string, text: string, requirement: string): TextEdit {
  const lines = new TextLines(text);
  const wanted = parseRequirement(requirement)!;
  for (let i = 1; i <= lines.lineCount(); i++) {
    const have = parseRequirement(lines.lines[i - 1].replace(/(^|\s)#.*$/, ''));
    if (!have || lines.lines[i - 1].trimStart().startsWith('-') || normalizeName(have.name) !== normalizeName(wanted.name)) continue;
    const extras = [...new Set([...have.extras, ...wanted.extras])];
    const start = lines.lineStart(i) + lines.lines[i - 1].indexOf(have.name);
    const bracket = /^\s*\[[^\]]*\]/.exec(lines.lines[i - 1].slice(start - lines.lineStart(i) + have.name.length));
    const end = start + have.name.length + (bracket ? bracket[0].length : 0);
    return { file, span: { start, end }, newText: `${have.name}[${extras.join(',')}]` };
  }
  const needsBreak = text.length > 0 && !/\r?\n$/.test(text);
  return insert(file, text.length, `${needsBreak ? lines.eol : ''}${requirement}${lines.eol}`);
}

/** Offset of the `]` closing the array that opens at `open`, skipping strings and comments. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      const endQuote = text.indexOf(triple, i + triple.length);
      if (endQuote < 0) return -1;
      i = endQuote + triple.length - 1;
    } else if (c === '#') i = text.indexOf('\n', i);
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
    if (i < 0) return -1;
  }
  return -1;
}

/** Lines of the table `[name]` in a TOML text: header line and the line before the next header. */
function tomlTable(lines: TextLines, name: string): { header: number; last: number } | undefined {
  const header = lines.lines.findIndex((l) => l.trim() === `[${name}]`);
  if (header < 0) return undefined;
  let last = header + 1;
  for (let i = header + 1; i < lines.lines.length; i++) {
    if (/^\s*\[/.test(lines.lines[i])) break;
    if (lines.lines[i].trim() !== '') last = i + 1;
  }
  return { header: header + 1, last };
}

/** `[project] dependencies = [...]`: a new array entry in the array's own layout. */
function pyprojectEdit(file: string, text: string, requirement: string): TextEdit | undefined {
  const lines = new TextLines(text);
  const table = tomlTable(lines, 'project');
  if (!table) return undefined;
  for (let line = table.header + 1; line <= table.last; line++) {
    const match = /^(\s*)dependencies\s*=\s*\[/.exec(lines.lines[line - 1]);
    if (!match) continue;
    const open = lines.lineStart(line) + match[0].length - 1;
    const close = closingBracket(text, open);
    if (close < 0) return undefined;
    const inner = text.slice(open + 1, close);
    const quoted = JSON.stringify(requirement);
    const wanted = parseRequirement(requirement)!;
    for (const entry of inner.matchAll(/(["'])([^"'\n]*)\1/g)) {
      const have = parseRequirement(entry[2]);
      if (!have || normalizeName(have.name) !== normalizeName(wanted.name)) continue;
      const extras = [...new Set([...have.extras, ...wanted.extras])];
      if (extras.length === have.extras.length) return undefined;
      const start = open + 1 + entry.index! + 1;
      const end = start + entry[2].length - have.rest.length;
      return { file, span: { start, end }, newText: `${have.name}[${extras.join(',')}]` };
    }
    if (inner.trim() === '') return { file, span: { start: open + 1, end: close }, newText: quoted };
    if (!/\n/.test(inner)) {
      const trailing = /,\s*$/.test(inner);
      const at = open + 1 + inner.trimEnd().length;
      return insert(file, at, trailing ? ` ${quoted}` : `, ${quoted}`);
    }
    // Multi-line: copy the last entry's indentation; add a comma after it when it has none.
    const entries = inner.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    const indent = /^\s*/.exec(entries[entries.length - 1] ?? '    ')![0] || '    ';
    const body = inner.replace(/\s+$/, '');
    const bodyEnd = open + 1 + body.length;
    const comma = body.trimEnd().endsWith(',') || body.trim() === '' ? '' : ',';
    return insert(file, bodyEnd, `${comma}${lines.eol}${indent}${quoted},`);
  }
  return undefined;
}

/** A TOML table of `name = "version"` entries (Pipfile `[packages]`, poetry). */
function tomlTableEdit(file: string, text: string, tableName: string, requirement: string): TextEdit | undefined {
  const lines = new TextLines(text);
  const table = tomlTable(lines, tableName);
  if (!table) return undefined;
  const wanted = parseRequirement(requirement)!;
  const extras = wanted.extras.length ? `, extras = [${wanted.extras.map((e) => JSON.stringify(e)).join(', ')}]` : '';
  for (let line = table.header + 1; line <= table.last; line++) {
    const entry = /^(\s*)(["']?)([A-Za-z0-9._-]+)\2\s*=\s*(.*?)\s*$/.exec(lines.lines[line - 1]);
    if (!entry || normalizeName(entry[3]) !== normalizeName(wanted.name)) continue;
    if (!extras) return undefined;
    const value = entry[4];
    const version = value.startsWith('{') ? undefined : value;
    if (!version) return undefined;
    const start = lines.lineStart(line) + lines.lines[line - 1].lastIndexOf(value);
    return { file, span: { start, end: start + value.length }, newText: `{version = ${version}${extras}}` };
  }
  const entry = extras ? `${wanted.name} = {version = "*"${extras}}` : `${wanted.name} = "*"`;
  return insert(file, lines.lineEndWithBreak(table.last), `${table.last === lines.lineCount() && !text.endsWith('\n') ? lines.eol : ''}${entry}${lines.eol}`);
}

/** setup.cfg `install_requires`: one more indented line. */
function setupCfgEdit(file: string, text: string, requirement: string): TextEdit | undefined {
  const lines = new TextLines(text);
  const block = setupCfgRequires(lines);
  if (!block) return undefined;
  const indent = block.endLine > block.line ? /^\s*/.exec(lines.lines[block.endLine - 1])![0] : '    ';
  return insert(file, lines.lineEnd(block.endLine), `${lines.eol}${indent}${requirement}`);
}

/**
 * Adds `requirement` to the project's dependency file in its own format:
 * requirements.txt, then pyproject `[project]` or poetry, Pipfile, setup.cfg;
 * creates requirements.txt when the project has none of them.
 */
export function addRequirementFix(
  appRoot: string,
  requirement: string,
  readText: ReadText = readFromDisk,
  listDir: ListDir = listFromDisk,
): Fix {
  const title = `Add ${requirement} to the project's requirements`;
  const edit = (): TextEdit | undefined => {
    const txt = requirementFiles(appRoot, listDir).find((f) => !/(dev|test|lint|doc)/i.test(path.basename(f)));
    if (txt) return requirementsTxtEdit(txt, readText(txt) ?? '', requirement);
    const pyprojectFile = path.join(appRoot, 'pyproject.toml');
    const pyproject = readText(pyprojectFile);
    if (pyproject) {
      const e = pyprojectEdit(pyprojectFile, pyproject, requirement) ?? tomlTableEdit(pyprojectFile, pyproject, 'tool.poetry.dependencies', requirement);
      if (e) return e;
    }
    const pipfile = path.join(appRoot, 'Pipfile');
    const pipText = readText(pipfile);
    if (pipText) {
      const e = tomlTableEdit(pipfile, pipText, 'packages', requirement);
      if (e) return e;
    }
    const cfgFile = path.join(appRoot, 'setup.cfg');
    const cfg = readText(cfgFile);
    if (cfg) {
      const e = setupCfgEdit(cfgFile, cfg, requirement);
      if (e) return e;
    }
    if (pyproject || pipText || cfg) return undefined;
    return insert(path.join(appRoot, 'requirements.txt'), 0, `${requirement}\n`);
  };
  const result = edit();
  return result
    ? { title, kind: 'deployment', safe: true, edits: [result] }
    : { title, kind: 'deployment', safe: true, edits: [], unavailable: 'cannot find where this project lists its dependencies' };
}
