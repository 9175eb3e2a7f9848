import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as zlib from 'zlib';
import type { Finding } from '../../src/core/model';

/** What `markStoredFindings` appends to every stored finding's message. */
export const STORED_MARK = ' [stored]';

/**
 * Marks every stored finding's message in `<cacheDir>/findings.bin` (kept
 * sound: same layout, a new checksum). Findings that show the mark later
 * came from the pack; findings without it were built again. Returns how many
 * were marked.
 */
export function markStoredFindings(cacheDir: string): number {
  const file = path.join(cacheDir, 'findings.bin');
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
