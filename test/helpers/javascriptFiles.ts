import * as fs from 'fs';
import * as path from 'path';

const SOURCE = /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;

/** The JS/TS source files under `dir`, its `node_modules` folders left out. */
export function javascriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : javascriptFiles(full);
    return SOURCE.test(e.name) ? [full] : [];
  });
}
