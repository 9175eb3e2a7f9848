import * as path from 'path';

/** True when `file` is `dir` itself or lies below it (absolute paths). */
export function isWithin(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}
