import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { RuleCatalog } from '../rules/catalog';
import { toolVersion } from '../report/common';

export function sha1(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex');
}

let engine: string | undefined;

/**
 * Changes whenever the engine's code does: the version, plus the size and
 * modification time of every compiled file of the engine (the bundle in
 * `dist/`, or `out/src/core` in development), so a rebuild without a version
 * bump never reads models an older analyzer wrote.
 */
export function engineFingerprint(): string {
  if (engine) return engine;
  const parts = [toolVersion()];
  // dist/<bundle>.js sits next to this code; in development this file is out/src/core/analysis/.
  const bundled = path.basename(path.dirname(__dirname)) !== 'core';
  const dir = bundled ? __dirname : path.dirname(__dirname);
  const visit = (folder: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!bundled) visit(full);
      } else if (entry.name.endsWith('.js') || entry.name.endsWith('.wasm')) {
        try {
          const stat = fs.statSync(full);
          parts.push(`${path.relative(dir, full)}:${stat.size}:${stat.mtimeMs}`);
        } catch {
          // Gone while listing: leave it out.
        }
      }
    }
  };
  visit(dir);
  engine = sha1(parts.join('\n'));
  return engine;
}

/** Changes with any rule a model could depend on (built-in or the project's). */
export function rulesFingerprint(rules: RuleCatalog): string {
  return sha1(JSON.stringify(rules.all()));
}
