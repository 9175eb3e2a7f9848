import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as zlib from 'zlib';
import { MAX_CACHE_BYTES } from './modelCache';

const CHECKSUM_BYTES = 4;

/**
 * Writes `value` (v8-serialized, with a CRC-32 trailer) to `file` atomically:
 * a temporary file and a rename, so a reader never sees half a pack. False
 * when it could not, or when the pack would be over the cache's size limit.
 * The bytes and the trailer are written one after the other: a copy of them
 * joined was the scan's last peak (a 10,000-file tree's stored result is 12 MB).
 */
export function writePackFile(file: string, value: unknown): boolean {
  let temporary: string | undefined;
  let fd: number | undefined;
  try {
    const bytes = v8.serialize(value);
    if (bytes.length > MAX_CACHE_BYTES) return false;
    const checksum = Buffer.alloc(CHECKSUM_BYTES);
    checksum.writeUInt32LE(zlib.crc32(bytes), 0);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    fd = fs.openSync(temporary, 'w');
    writeAll(fd, bytes);
    writeAll(fd, checksum);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temporary, file);
    return true;
  } catch {
    if (fd !== undefined) fs.closeSync(fd);
    if (temporary) fs.rmSync(temporary, { force: true });
    return false;
  }
}

/** All of `bytes` at the file's current end (a write may take fewer bytes than it was given; one that takes none fails). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) {
    const wrote = fs.writeSync(fd, bytes, written);
    if (wrote <= 0) throw new Error('cache pack write made no progress');
    written += wrote;
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
