import * as path from 'path';
import { isWithin } from '../files/paths';

/**
 * Decides which app a file belongs to: the nearest enclosing directory that
 * is a project (dependency files) or holds a server config next to Python
 * code. Facts of one app never apply to a sibling.
 */
export class AppRoots {
  private readonly roots = new Set<string>();

  constructor(private readonly scanRoots: string[]) {}

  add(dir: string): void {
    this.roots.add(path.resolve(dir));
  }

  has(dir: string): boolean {
    return this.roots.has(path.resolve(dir));
  }

  /** The app of a file or directory; falls back to the scan root holding it. */
  rootOf(fileOrDir: string, isDir = false): string {
    let dir = path.resolve(isDir ? fileOrDir : path.dirname(fileOrDir));
    const scanRoot = this.scanRoots
      .map((r) => path.resolve(r))
      .filter((r) => isWithin(dir, r))
      .sort((a, b) => b.length - a.length)[0];
    for (;;) {
      if (this.roots.has(dir)) return dir;
      const parent = path.dirname(dir);
      if (dir === scanRoot || parent === dir) break;
      dir = parent;
    }
    return scanRoot ?? path.resolve(isDir ? fileOrDir : path.dirname(fileOrDir));
  }

  all(): string[] {
    return [...this.roots];
  }
}
