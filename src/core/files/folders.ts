import * as fs from 'fs';
import { noteRead, type ReadAnswer } from './readLog';

/** A folder entry as the analysis uses it. */
export interface FolderEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
}

/**
 * A folder's names, undefined when it cannot be listed. `noted: false` for a
 * reader that notes what it makes of its listings itself (a whole walk's
 * result changes less often than each listing).
 */
export function folderNames(dir: string, { noted = true } = {}): string[] | undefined {
  let names: string[] | undefined;
  try {
    names = fs.readdirSync(dir);
  } catch {
    names = undefined;
  }
  if (noted) noteRead('names', dir, () => namesAnswer(names));
  return names;
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
  return (folderNames(dir, { noted: false }) ?? []).filter((name) => pattern.test(name));
}

/** A folder's entries with their types, undefined when it cannot be listed (`noted`: as for `folderNames`). */
export function folderEntries(dir: string, { noted = true } = {}): FolderEntry[] | undefined {
  let entries: FolderEntry[] | undefined;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() }));
  } catch {
    entries = undefined;
  }
  if (noted) noteRead('entries', dir, () => entriesAnswer(entries));
  return entries;
}

/** Whether `p` is a folder; undefined when it does not exist (`noted`: as for `folderNames`). */
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

export const namesAnswer = (names: string[] | undefined): ReadAnswer => (names ? ['names', names.join('\n')] : ['missing', '']);
export const entriesAnswer = (entries: FolderEntry[] | undefined): ReadAnswer =>
  entries ? ['entries', entries.map((e) => `${e.name}:${e.isDirectory ? 'd' : e.isFile ? 'f' : 'o'}`).join('\n')] : ['missing', ''];
export const isFolderAnswer = (answer: boolean | undefined): ReadAnswer => ['isDirectory', String(answer)];
