import * as fs from 'fs';
import * as path from 'path';
import { makeTree } from '../files/tree';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** A temp folder holding copies of the named example apps (without their caches), for tests that edit them. */
export function examplesCopy(apps: string[], prefix: string): string {
  const root = makeTree({}, prefix);
  for (const app of apps) {
    fs.cpSync(path.join(REPO, 'examples', app), path.join(root, app), { recursive: true, filter: (source) => path.basename(source) !== '.cache' });
  }
  return root;
}
