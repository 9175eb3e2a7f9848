import * as fs from 'fs';
import * as path from 'path';

/** True when `file` is `dir` itself or lies below it (absolute paths). */
export function isWithin(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** The deepest directory containing every path (a path ending in a separator is a folder; else an extension says file). */
export function commonRoot(paths: string[]): string {
  const dirs = paths.map((p) => (p.endsWith(path.sep) ? p.slice(0, -1) || path.sep : path.extname(p) ? path.dirname(p) : p));
  let root = dirs[0];
  for (const dir of dirs.slice(1)) {
    while (!isWithin(dir, root)) root = path.dirname(root);
  }
  return root;
}

/**
 * The folder a scan of `paths` (absolute, as the user named them) is rooted
 * at: asks the disk which are folders (or `isFolder`, when the caller knows),
 * so `shop.api/` is not read as a file.
 */
export function scanRoot(paths: string[], isFolder: (p: string) => boolean = isDirectory): string {
  return commonRoot(paths.map((p) => (isFolder(p) ? p + path.sep : p)));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
