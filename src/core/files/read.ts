import * as fs from 'fs';
import { decodeBytes } from './encoding';
import { noteRead, type ReadAnswer } from './readLog';

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
/** Like git: a NUL byte in the first 8 KB means binary. */
const BINARY_PROBE_BYTES = 8192;

export interface ReadOptions {
  maxBytes?: number;
}

export type ReadResult = { text: string } | { error: string };

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

function tooLarge(size: number, maxBytes: number): ReadResult {
  return { error: `skipped: file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit` };
}

const isUtf16Bom = (bytes: Uint8Array) => (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);

/** Decodes and checks a file's bytes (BOM, PEP 263 coding line; see encoding.ts); shared by the sync and async readers. */
export function decodeSource(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES, file = ''): ReadResult {
  if (bytes.length > maxBytes) return tooLarge(bytes.length, maxBytes);
  const probe = bytes.subarray(0, BINARY_PROBE_BYTES);
  // UTF-16 text is full of NUL bytes: its BOM says it is text.
  if (!isUtf16Bom(bytes) && probe.includes(0)) return { error: 'skipped: binary file (NUL bytes in the first 8 KB)' };
  return { text: decodeBytes(bytes, file).text };
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'cannot read: no such file';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'cannot read: permission denied';
  if (e.code === 'EISDIR') return 'cannot read: is a directory';
  return `cannot read: ${e.message ?? String(error)}`;
}

/**
 * Reads a source file as UTF-8 without its BOM. Huge files (over `maxBytes`)
 * and binary files are refused with a message instead of being parsed.
 */
export function readSourceFile(file: string, options: ReadOptions = {}): ReadResult {
  const read = readSourceFileUnnoted(file, options.maxBytes ?? DEFAULT_MAX_BYTES);
  // Read again with the default limit when a reused result is checked: another limit can only make that check fail.
  noteRead('source', file, () => sourceAnswer(read));
  return read;
}

function readSourceFileUnnoted(file: string, maxBytes: number): ReadResult {
  try {
    // Check the size first so a huge file is never loaded into memory.
    const size = fs.statSync(file).size;
    if (size > maxBytes) return tooLarge(size, maxBytes);
    return decodeSource(fs.readFileSync(file), maxBytes, file);
  } catch (error) {
    return { error: errorText(error) };
  }
}

/** `readSourceFile` without blocking the thread (the editor's extension host). */
export async function readSourceFileAsync(file: string, options: ReadOptions = {}): Promise<ReadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    const size = (await fs.promises.stat(file)).size;
    if (size > maxBytes) return tooLarge(size, maxBytes);
    return decodeSource(await fs.promises.readFile(file), maxBytes, file);
  } catch (error) {
    return { error: errorText(error) };
  }
}

/** The file's source text, or undefined when it cannot be read as source (missing, binary, huge). */
export function readTextOrUndefined(file: string, options: ReadOptions = {}): string | undefined {
  const read = readSourceFile(file, options);
  return 'text' in read ? read.text : undefined;
}

/** A file's text as is (config files, requirements), undefined when absent or unreadable. */
export function readFromDisk(file: string): string | undefined {
  const text = readFromDiskUnnoted(file);
  noteRead('text', file, () => textAnswer(text));
  return text;
}

function readFromDiskUnnoted(file: string): string | undefined {
  // Most files asked for do not exist (a tsconfig.json per folder up to the root): a failed read throws, and the error costs 80 µs.
  if (!fs.existsSync(file)) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export const sourceAnswer = (read: ReadResult): ReadAnswer => ('text' in read ? ['text', read.text] : ['error', read.error]);
export const textAnswer = (text: string | undefined): ReadAnswer => (text === undefined ? ['missing', ''] : ['text', text]);
