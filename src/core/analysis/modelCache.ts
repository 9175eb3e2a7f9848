import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as zlib from 'zlib';
import type { AnalyzeInput } from '../language';
import type { FileModel, LanguageId } from '../model';
import { writeFileAtomically } from '../files/atomicWrite';
import { sha1 } from './fingerprint';
import { decodeModel, encodeModel, type EncodedModel } from './codec';

/** Cache files larger than this are neither written nor read: the cache stays bounded whatever the project. */
export const MAX_CACHE_BYTES = 256 * 1024 * 1024;

// 2: `facts` moved to the head (codec.ts). 3: bodies, then the index, read in place. 4: each body read when a model needs it, checked by its own CRC. 5: suppressions and the class layout in the head. 6: construction sites packed in the head, with their names.
const FORMAT = 6;
/** The file ends with the index's length, then the index's CRC-32. */
const INDEX_LENGTH_BYTES = 4;
const CHECKSUM_BYTES = 4;

interface Entry {
  /** Hash of the language, root and text the model was computed from. */
  key: string;
  encoded?: EncodedModel;
  /** A model analysed in this run and not encoded yet (encoding waits for `save`). */
  model?: FileModel;
}

/**
 * The pack's index, V8-serialized after the bodies: every entry but its body
 * (`offset`/`length` into the file, and the body's CRC-32). Writing streams
 * each body to disk as it is encoded, so a run never holds the whole pack;
 * opening one reads only the index, and each body is read from the file when
 * a model that is used needs it (codec.ts): most files of a large project
 * are never reached by a chain.
 */
interface PackIndex {
  format: number;
  /** Engine and rule fingerprints: any change makes the whole pack stale. */
  salt: string;
  entries: Map<string, { key: string; head: EncodedModel['head']; bodyKeys: string[]; offset: number; length: number; crc: number }>;
}

function entryKey(language: LanguageId, input: AnalyzeInput): string {
  return sha1(`${language}\0${input.root}\0${input.text}`);
}

/**
 * File models on disk between runs, by content: a file whose text, root and
 * language are unchanged gets its model back without parsing. One pack file
 * per cache folder, holding only the files of the last run (so it never grows
 * beyond one project's models), written with V8's serializer (Maps, Sets and
 * plain objects round-trip); opening it decodes the index alone (PackIndex).
 * A pack from another engine build or rule set, or one that fails to decode,
 * is ignored.
 */
export class ModelCache {
  private readonly previous: Map<string, Entry>;
  private readonly current = new Map<string, Entry>();
  hits = 0;
  /** Models this run put in the pack that it did not hold. */
  private added = 0;

  private constructor(
    private readonly file: string,
    private readonly salt: string,
    previous: Map<string, Entry>,
  ) {
    this.previous = previous;
  }

  /** Opens the cache in `dir` for this engine and rule set; never throws. `name`: the pack's file name without `.bin`. */
  static open(dir: string, salt: string, name = 'models'): ModelCache {
    const file = path.join(dir, `${name}.bin`);
    return new ModelCache(file, salt, readPack(file, salt, removing(file)));
  }

  /** The model of an unchanged file; `analyze` makes it again should its body turn out unreadable or damaged on disk. */
  get(language: LanguageId, input: AnalyzeInput, analyze: () => FileModel): FileModel | undefined {
    const entry = this.previous.get(input.file) ?? this.current.get(input.file);
    if (entry && entry.key === entryKey(language, input)) {
      this.hits++;
      this.current.set(input.file, entry);
      return entry.model ?? decodeModel(entry.encoded!, analyze);
    }
    return undefined;
  }

  /** Carries an unchanged file's stored model into this run's pack without reading it: a file this run leaves out (unimported.ts), which the next may analyse. */
  keep(language: LanguageId, input: AnalyzeInput): void {
    const entry = this.previous.get(input.file);
    if (entry && entry.key === entryKey(language, input)) this.current.set(input.file, entry);
  }

  /** Remembers a model analysed in this run; `encoded` when a worker thread already encoded it. */
  put(language: LanguageId, input: AnalyzeInput, model: FileModel, encoded?: EncodedModel): void {
    this.added++;
    this.current.set(input.file, encoded ? { key: entryKey(language, input), encoded } : { key: entryKey(language, input), model });
  }

  /** Forgets every model: after `save`, a run's memory should hold each model once, in the index. */
  release(): void {
    this.previous.clear();
    this.current.clear();
  }

  /** Writes the models of this run (atomically: a temporary file and a rename); false when it could not. */
  save(): boolean {
    // Nothing new and nothing gone: the pack on disk already holds exactly these (a JS file whose regex verdicts wait on the clock is re-analysed every run, and was rewriting the whole pack each time).
    if (this.added === 0 && this.current.size === this.previous.size) return true;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      // Like .ruff_cache: the cache folder ignores itself, so it never lands in the user's commits.
      const ignore = path.join(path.dirname(this.file), '.gitignore');
      if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Created by Unblock\n*\n');
      const entries: PackIndex['entries'] = new Map();
      writeFileAtomically(this.file, (writeBytes) => {
        let offset = 0;
        const write = (bytes: Uint8Array): void => {
          writeBytes(bytes);
          offset += bytes.length;
          if (offset > MAX_CACHE_BYTES) throw new Error('cache pack too large');
        };
        for (const [file, entry] of this.current) {
          let encoded: EncodedModel;
          let body: Uint8Array;
          try {
            // A body from the previous pack is read here, before the rename replaces that file; a damaged one is left out.
            encoded = entry.encoded ?? encodeModel(entry.model!);
            body = encoded.body;
          } catch {
            continue;
          }
          entries.set(file, { key: entry.key, head: encoded.head, bodyKeys: encoded.bodyKeys, offset, length: body.length, crc: zlib.crc32(body) });
          write(body);
        }
        const index = v8.serialize({ format: FORMAT, salt: this.salt, entries } satisfies PackIndex);
        const trailer = Buffer.alloc(INDEX_LENGTH_BYTES + CHECKSUM_BYTES);
        trailer.writeUInt32LE(index.length, 0);
        trailer.writeUInt32LE(zlib.crc32(index), INDEX_LENGTH_BYTES);
        write(index);
        write(trailer);
      });
      // Every body written is read from the new pack from now on by the models not decoded yet, and its bytes go (this run's too).
      const identity = identityOf(fs.statSync(this.file));
      const damaged = removing(this.file);
      for (const [file, entry] of this.current) {
        const written = entries.get(file);
        if (entry.encoded && written) bodyInPack(entry.encoded, { file: this.file, offset: written.offset, length: written.length, crc: written.crc, identity, damaged });
      }
      return true;
    } catch {
      return false;
    }
  }
}

function readPack(file: string, salt: string, damaged: () => void): Map<string, Entry> {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    const { size } = stat;
    if (size > MAX_CACHE_BYTES || size < INDEX_LENGTH_BYTES + CHECKSUM_BYTES) return new Map();
    const trailer = readAt(fd, size - INDEX_LENGTH_BYTES - CHECKSUM_BYTES, INDEX_LENGTH_BYTES + CHECKSUM_BYTES);
    const indexEnd = size - trailer.length;
    const indexStart = indexEnd - trailer.readUInt32LE(0);
    if (indexStart < 0) return new Map();
    const indexBytes = readAt(fd, indexStart, indexEnd - indexStart);
    // A truncated or flipped file can still decode: the checksum catches it first.
    if (zlib.crc32(indexBytes) !== trailer.readUInt32LE(INDEX_LENGTH_BYTES)) return new Map();
    const index = v8.deserialize(indexBytes) as PackIndex;
    if (index?.format !== FORMAT || index.salt !== salt || !(index.entries instanceof Map)) return new Map();
    const identity = identityOf(stat);
    const entries = new Map<string, Entry>();
    for (const [name, { key, head, bodyKeys, offset, length, crc }] of index.entries) {
      if (offset + length > indexStart) return new Map();
      entries.set(name, { key, encoded: bodyInPack({ head, bodyKeys }, { file, offset, length, crc, identity, damaged }) });
    }
    return entries;
  } catch {
    // Missing, unreadable, truncated or from another Node: start empty.
    return new Map();
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  if (fs.readSync(fd, bytes, 0, length, position) !== length) throw new Error('cache pack truncated');
  return bytes;
}

/** Where a body of the pack lies, for the encoded model that reads it from there (`bodyInPack`). */
interface PackBody {
  file: string;
  offset: number;
  length: number;
  crc: number;
  /** Once read. */
  bytes?: Uint8Array;
  /** The pack file as it was when this body was placed in it: a pack replaced since (another run) says nothing of this body. */
  identity: string;
  /** Called when the bytes are gone or fail their CRC in that same file. */
  damaged: () => void;
}

function identityOf(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

/** Removes the pack at `file`: a body found damaged is analysed again, and the next run writes a sound pack. */
function removing(file: string): () => void {
  return () => fs.rmSync(file, { force: true });
}

/**
 * `encoded`, reading its body from the pack on first use from now on (a
 * body already placed in an older pack moves to this one), by a positioned
 * read (`packDescriptor`: no descriptor outlives the task, so the pack can be
 * replaced between tasks). Throws when the bytes are gone or fail their CRC:
 * the model is then analysed again (`decodeModel`'s fallback).
 */
function bodyInPack(encoded: Omit<EncodedModel, 'body'>, at: PackBody): EncodedModel {
  return Object.defineProperty(encoded, 'body', {
    get: (): Uint8Array => (at.bytes ??= readBody(at)),
    enumerable: true,
    configurable: true,
  }) as EncodedModel;
}

function readBody({ file, offset, length, crc, identity, damaged }: PackBody): Uint8Array {
  const bytes = readAt(packDescriptor(file, identity), offset, length);
  if (zlib.crc32(bytes) !== crc) {
    damaged();
    throw new Error('cache entry damaged');
  }
  return bytes;
}

/**
 * The pack last read from, open until the current task ends: a compute reads
 * thousands of bodies in one go, and opening, checking and closing the file
 * for each cost more than the reads (10,000-file tree: 98 ms, the reads 54 ms).
 * Between tasks no descriptor stays open, so another run can replace the pack.
 */
let openPack: { file: string; identity: string; fd: number } | undefined;

function packDescriptor(file: string, identity: string): number {
  if (openPack?.file === file && openPack.identity === identity) return openPack.fd;
  closePack();
  const fd = fs.openSync(file, 'r');
  try {
    if (identityOf(fs.fstatSync(fd)) !== identity) throw new Error('cache pack replaced');
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  openPack = { file, identity, fd };
  setImmediate(closePack).unref();
  return fd;
}

function closePack(): void {
  if (!openPack) return;
  fs.closeSync(openPack.fd);
  openPack = undefined;
}
