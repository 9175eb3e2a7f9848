import * as fs from 'fs';
import * as path from 'path';
import { scratchDir } from '../helpers/scratch';

/** Writes `files` (relative path → content) under a new temp folder and returns it. */
export function makeTree(files: Record<string, string | Buffer>, prefix = 'unblock-test-'): string {
  const root = fs.realpathSync(scratchDir(prefix));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** Paths relative to `root`, forward slashes, for readable assertions. */
export function relative(root: string, files: string[]): string[] {
  return files.map((f) => path.relative(root, f).split(path.sep).join('/'));
}
