import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as zlib from 'zlib';
import { MAX_CACHE_BYTES } from './modelCache';
import { writeFileAtomically } from '../files/atomicWrite';

const CHECKSUM_BYTES = 4;

/**
 * Writes `value` (v8-serialized, with a CRC-32 trailer) to `file` atomically:
 * a temporary file and a rename, so a reader never sees half a pack. False
 * when it could not, or when the pack would be over the cache's size limit.
 * The bytes and the trailer are written one after the other: a copy of them
 * joined was the scan's last peak (a 10,000-file tree's stored result is 12 MB).
 */
export function writePackFile(file: string, value: unknown): boolean {
  try {
    const bytes = v8.serialize(value);
    if (bytes.length > MAX_CACHE_BYTES) return false;
    const checksum = Buffer.alloc(CHECKSUM_BYTES);
    checksum.writeUInt32LE(zlib.crc32(bytes), 0);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomically(file, (write) => {
      write(bytes);
      write(checksum);
    });
    return true;
  } catch {
    return false;
  }
}

/** The value `writePackFile` wrote, or undefined when the file is missing, unreadable, too large or damaged. */
export function readPackFile(file: string): unknown {
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_CACHE_BYTES || stat.size <= CHECKSUM_BYTES) return undefined;
    const all = fs.readFileSync(file);
    const bytes = all.subarray(0, all.length - CHECKSUM_BYTES);
    if (zlib.crc32(bytes) !== all.readUInt32LE(all.length - CHECKSUM_BYTES)) return undefined;
    return v8.deserialize(bytes);
  } catch {
    // From another Node, or damaged past the checksum: start empty.
    return undefined;
  }
}
