import * as fs from 'fs';
import * as path from 'path';
import type { TextEdit } from '../../model';
import { eolOf } from '../../fixes/style';
import { readConfigFile } from '../../fixes/configFiles';

export interface RequirementChange {
  edits: TextEdit[];
  /** Set when the requirement could not be written (no requirements.txt found). */
  note?: string;
}

function nearestRequirements(file: string, exists: (p: string) => boolean): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    const candidate = path.join(dir, 'requirements.txt');
    if (exists(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir || exists(path.join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/**
 * Edits adding `requirement` (`httpx`, `flask[async]`) to the requirements.txt
 * nearest to `file`: nothing when already there, extras merged into an
 * existing pin (`flask==3.0` → `flask[async]==3.0`), else a new last line.
 */
export function requirementChange(
  file: string,
  requirement: string,
  read: (p: string) => string | undefined = readConfigFile,
): RequirementChange {
  const target = nearestRequirements(file, (p) => (p.endsWith('.git') ? fs.existsSync(p) : read(p) !== undefined));
  const text = target ? read(target) : undefined;
  if (!target || text === undefined) {
    const declared = declaredInPyproject(file, requirement, read);
    return declared ? { edits: [] } : { edits: [], note: `add ${requirement} to the project's dependencies` };
  }
  const m = /^([A-Za-z0-9_.-]+)(?:\[([^\]]*)\])?$/.exec(requirement);
  if (!m) return { edits: [], note: `add ${requirement} to ${target}` };
  const [, name, extra] = m;
  let offset = 0;
  for (const line of text.split('\n')) {
    const entry = /^\s*([A-Za-z0-9_.-]+)\s*(\[[^\]]*\])?/.exec(line);
    if (entry && normalize(entry[1]) === normalize(name)) {
      const extras = entry[2] ? entry[2].slice(1, -1).split(',').map((e) => e.trim()) : [];
      if (!extra || extras.includes(extra)) return { edits: [] };
      const at = offset + line.indexOf(entry[1]) + entry[1].length;
      if (entry[2]) {
        const close = at + entry[2].length - 1;
        return { edits: [{ file: target, span: { start: close, end: close }, newText: `,${extra}` }] };
      }
      return { edits: [{ file: target, span: { start: at, end: at }, newText: `[${extra}]` }] };
    }
    if (extra === 'async' && entry && normalize(entry[1]) === 'asgiref' && normalize(name) === 'flask') return { edits: [] };
    offset += line.length + 1;
  }
  const eol = eolOf(text);
  const needsBreak = text.length > 0 && !text.endsWith('\n');
  return { edits: [{ file: target, span: { start: text.length, end: text.length }, newText: `${needsBreak ? eol : ''}${requirement}${eol}` }] };
}

/** True when the nearest pyproject.toml names the package (with the extra, if one is asked for). */
function declaredInPyproject(file: string, requirement: string, read: (p: string) => string | undefined): boolean {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    const text = read(path.join(dir, 'pyproject.toml'));
    if (text !== undefined) {
      const [name, extra] = requirement.replace(']', '').split('[');
      const entry = new RegExp(`["']${name.replace(/[-_.]/g, '[-_.]')}(\\[([^\\]]*)\\])?`, 'i').exec(text);
      return !!entry && (!extra || (entry[2] ?? '').split(',').map((e) => e.trim()).includes(extra));
    }
    const parent = path.dirname(dir);
    if (parent === dir || fs.existsSync(path.join(dir, '.git'))) return false;
    dir = parent;
  }
}
