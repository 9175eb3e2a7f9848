import * as fs from 'fs';
import { noteRead, type ReadAnswer } from './readLog';

/** A folder entry as the analysis uses it. */
export interface FolderEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
}

/**
 * A folder's names, undefined when it cannot be listed. Not noted in the
 * scan's read log: its readers note what they make of the listing (the names
 * they look for, a whole walk's result), which changes less often.
 */
export function folderNames(dir: string): string[] | undefined {
  try {
    return fs.readdirSync(dir);
  } catch {
    return undefined;
  }
}

/** A folder's entries with their types, undefined when it cannot be listed; not noted, as `folderNames`. */
export function folderEntries(dir: string): FolderEntry[] | undefined {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() }));
  } catch {
    return undefined;
  }
}

/**
 * The names in a folder that match `pattern` (none when it cannot be listed),
 * noted as such: other names coming and going change nothing.
 */
export function folderNamesMatching(dir: string, pattern: RegExp): string[] {
  const names = namesMatching(dir, pattern);
  noteRead('namesMatching', JSON.stringify([dir, pattern.source, pattern.flags]), () => ['names', names.join('\n')]);
  return names;
}

/** `folderNamesMatching` without noting it; `key` as it notes it. */
export function namesMatchingAnswer(key: string): ReadAnswer {
  const [dir, source, flags] = JSON.parse(key) as [string, string, string];
  return ['names', namesMatching(dir, new RegExp(source, flags)).join('\n')];
}

function namesMatching(dir: string, pattern: RegExp): string[] {
  return (folderNames(dir) ?? []).filter((name) => pattern.test(name));
}

/** Whether `p` is a folder; undefined when it does not exist. `noted: false` for a reader that notes its own result. */
export function isFolder(p: string, { noted = true } = {}): boolean | undefined {
  let answer: boolean | undefined;
  try {
    answer = fs.statSync(p).isDirectory();
  } catch {
    answer = undefined;
  }
  if (noted) noteRead('isDirectory', p, () => isFolderAnswer(answer));
  return answer;
}

/** Whether anything (file or folder) is at `p`; noted in the scan's read log. */
export function pathExists(p: string): boolean {
  return isFolder(p) !== undefined;
}

export const isFolderAnswer = (answer: boolean | undefined): ReadAnswer => ['isDirectory', String(answer)];
