import * as path from 'path';

/** True when `file` is `dir` itself or lies below it (absolute paths). */
export function isWithin(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** The deepest directory containing every path. */
export function commonRoot(paths: string[]): string {
  const dirs = paths.map((p) => (path.extname(p) && !p.endsWith(path.sep) ? path.dirname(p) : p));
  let root = dirs[0];
  for (const dir of dirs.slice(1)) {
    while (!isWithin(dir, root)) root = path.dirname(root);
  }
  return root;
}
