import * as fs from 'fs';
import { noteRead, type ReadAnswer } from './readLog';

/** A folder entry as the analysis uses it. */
export interface FolderEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
}

/** A folder's names, undefined when it cannot be listed. */
export function folderNames(dir: string): string[] | undefined {
  let names: string[] | undefined;
  try {
    names = fs.readdirSync(dir);
  } catch {
    names = undefined;
  }
  noteRead('names', dir, () => namesAnswer(names));
  return names;
}

/** A folder's entries with their types, undefined when it cannot be listed. */
export function folderEntries(dir: string): FolderEntry[] | undefined {
  let entries: FolderEntry[] | undefined;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() }));
  } catch {
    entries = undefined;
  }
  noteRead('entries', dir, () => entriesAnswer(entries));
  return entries;
}

/** Whether `p` is a folder; undefined when it does not exist. */
export function isFolder(p: string): boolean | undefined {
  let answer: boolean | undefined;
  try {
    answer = fs.statSync(p).isDirectory();
  } catch {
    answer = undefined;
  }
  noteRead('isDirectory', p, () => isFolderAnswer(answer));
  return answer;
}

export const namesAnswer = (names: string[] | undefined): ReadAnswer => (names ? ['names', names.join('\n')] : ['missing', '']);
export const entriesAnswer = (entries: FolderEntry[] | undefined): ReadAnswer =>
  entries ? ['entries', entries.map((e) => `${e.name}:${e.isDirectory ? 'd' : e.isFile ? 'f' : 'o'}`).join('\n')] : ['missing', ''];
export const isFolderAnswer = (answer: boolean | undefined): ReadAnswer => ['isDirectory', String(answer)];
