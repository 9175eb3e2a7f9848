import * as path from 'path';
import { pathExists } from '../../files/folders';
import type { TextEdit } from '../../model';
import { eolOf } from '../../fixes/style';
import { readConfigFile } from '../../fixes/configFiles';
import { addRequirementFix, declares, listFromDisk, projectDependencies } from '../../deployment/requirements';

export interface RequirementChange {
  edits: TextEdit[];
  /** Set when the requirement could not be written (no requirements.txt found). */
  note?: string;
}

const DEPENDENCY_FILES = /^(requirements.*\.txt|pyproject\.toml|Pipfile|setup\.cfg|setup\.py)$/i;

/** The nearest folder above `file` that lists dependencies (stopping at a repository root), else the file's folder. */
function dependencyRoot(file: string): string {
  const start = path.dirname(path.resolve(file));
  for (let dir = start; ; ) {
    if (listFromDisk(dir, DEPENDENCY_FILES).length > 0) return dir;
    const parent = path.dirname(dir);
    if (parent === dir || pathExists(path.join(dir, '.git'))) return start;
    dir = parent;
  }
}

const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/**
 * Edits adding `requirement` (`httpx`, `flask[async]`) to the dependencies of
 * the project holding `file`: nothing when already declared (any format);
 * in requirements.txt extras merge into an existing pin (`flask==3.0` →
 * `flask[async]==3.0`) or a new last line is added; other formats (or a new
 * requirements.txt) are written by the deployment helper's addRequirementFix.
 */
export function requirementChange(file: string, requirement: string, read: (p: string) => string | undefined = readConfigFile): RequirementChange {
  const appRoot = dependencyRoot(file);
  if (declares(projectDependencies(appRoot, read), requirement)) return { edits: [] };
  const target = path.join(appRoot, 'requirements.txt');
  const text = read(target);
  if (text === undefined) {
    // No requirements.txt: the deployment helper writes pyproject/Pipfile/setup.cfg in their own format.
    const fix = addRequirementFix(appRoot, requirement, read);
    return fix.edits.length ? { edits: fix.edits } : { edits: [], note: `add ${requirement} to the project's dependencies` };
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
