import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as zlib from 'zlib';
import type { Finding } from '../../src/core/model';

/** What `markStoredFindings` appends to every stored finding's message. */
export const STORED_MARK = ' [stored]';

/** The packs of `kind` (`models`, `findings`) in `cacheDir`, sorted: a scan's, one per language (`findings-python.bin`), or the editor's (`findings.bin`). */
export function cachePacks(cacheDir: string, kind: string): string[] {
  const pack = new RegExp(`^${kind}(-\\w+)?\\.bin$`);
  return fs.readdirSync(cacheDir).filter((name) => pack.test(name)).sort().map((name) => path.join(cacheDir, name));
}

/**
 * Marks every stored finding's message in the findings packs of `cacheDir`
 * (kept sound: same layout, a new checksum). Findings that show the mark later
 * came from a pack; findings without it were built again. Returns how many
 * were marked.
 */
export function markStoredFindings(cacheDir: string): number {
  return cachePacks(cacheDir, 'findings').reduce((sum, file) => sum + markPack(file), 0);
}

function markPack(file: string): number {
  const bytes = fs.readFileSync(file);
  const pack = v8.deserialize(bytes.subarray(0, bytes.length - 4)) as { roots: Map<string, { findings: Finding[] }> };
  let marked = 0;
  for (const root of pack.roots.values()) {
    for (const finding of root.findings) {
      finding.message += STORED_MARK;
      marked++;
    }
  }
  const body = v8.serialize(pack);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32LE(zlib.crc32(body), 0);
  fs.writeFileSync(file, Buffer.concat([body, checksum]));
  return marked;
}
