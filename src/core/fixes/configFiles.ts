import * as fs from 'fs';
import { textAnswer } from '../files/read';
import { noteRead } from '../files/readLog';

const cache = new Map<string, { ino: number; mtimeMs: number; size: number; text: string }>();

/**
 * Reads a small project config file (pyproject.toml, requirements.txt,
 * package.json), or undefined when it does not exist. Fixes are recomputed on
 * every edit in the editor: a stat decides whether the cached text is still
 * the file's (the CLI rewrites files by rename, which changes the inode).
 */
export function readConfigFile(file: string): string | undefined {
  const text = readConfigFileUnnoted(file);
  // As `readFromDisk` reads it: a scan's stored result depends on it when fixes were asked for.
  noteRead('text', file, () => textAnswer(text));
  return text;
}

function readConfigFileUnnoted(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  const hit = cache.get(file);
  if (hit && hit.ino === stat.ino && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.text;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (cache.size > 500) cache.clear();
  cache.set(file, { ino: stat.ino, mtimeMs: stat.mtimeMs, size: stat.size, text });
  return text;
}
