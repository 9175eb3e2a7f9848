import * as fs from 'fs';
import * as path from 'path';

let cached: string | undefined;

/**
 * The installed package's folder (holding `rules/` and the parser WASM),
 * whether we run from `dist/` (bundle), `out/src/...` (tests) or elsewhere.
 */
export function packageDir(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && fs.existsSync(path.join(dir, 'rules', 'rule.schema.json'))) {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`unblock: cannot find the package folder above ${__dirname}`);
    dir = parent;
  }
}
