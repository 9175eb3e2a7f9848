import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as zlib from 'zlib';
import type { AnalyzeInput } from '../language';
import type { FileModel, LanguageId } from '../model';
import { sha1 } from './fingerprint';
import { decodeModel, encodeModel, type EncodedModel } from './codec';

/** Cache files larger than this are neither written nor read: the cache stays bounded whatever the project. */
export const MAX_CACHE_BYTES = 256 * 1024 * 1024;

// 2: `facts` moved to the head (codec.ts). 3: bodies, then the index, read in place.
const FORMAT = 3;
/** The file ends with the index's length, then the CRC-32 of everything before the CRC. */
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
 * (`offset`/`length` into the file). Writing streams each body to disk as it
 * is encoded, so a run never holds the whole pack; opening one decodes only
 * the index, and each body stays a view into the file's bytes until a model
 * that is read needs it (codec.ts).
 */
interface PackIndex {
  format: number;
  /** Engine and rule fingerprints: any change makes the whole pack stale. */
  salt: string;
  entries: Map<string, { key: string; head: EncodedModel['head']; bodyKeys: string[]; offset: number; length: number }>;
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
  misses = 0;

  private constructor(
    private readonly file: string,
    private readonly salt: string,
    previous: Map<string, Entry>,
  ) {
    this.previous = previous;
  }

  /** Opens the cache in `dir` for this engine and rule set; never throws. */
  static open(dir: string, salt: string): ModelCache {
    const file = path.join(dir, 'models.bin');
    return new ModelCache(file, salt, readPack(file, salt));
  }

  get(language: LanguageId, input: AnalyzeInput): FileModel | undefined {
    const entry = this.previous.get(input.file) ?? this.current.get(input.file);
    if (entry && entry.key === entryKey(language, input)) {
      this.hits++;
      this.current.set(input.file, entry);
      return entry.model ?? decodeModel(entry.encoded!);
    }
    this.misses++;
    return undefined;
  }

  /** Remembers a model analysed in this run; `encoded` when a worker thread already encoded it. */
  put(language: LanguageId, input: AnalyzeInput, model: FileModel, encoded?: EncodedModel): void {
    if (encoded ? encoded.volatile : model.facts?.volatile) {
      this.current.delete(input.file);
      return;
    }
    this.current.set(input.file, encoded ? { key: entryKey(language, input), encoded } : { key: entryKey(language, input), model });
  }

  /** Forgets every model: after `save`, a run's memory should hold each model once, in the index. */
  release(): void {
    this.previous.clear();
    this.current.clear();
  }

  /** Writes the models of this run (atomically: a temporary file and a rename); false when it could not. */
  save(): boolean {
    if (this.misses === 0 && this.current.size === this.previous.size) return true;
    let temporary: string | undefined;
    let fd: number | undefined;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      // Like .ruff_cache: the cache folder ignores itself, so it never lands in the user's commits.
      const ignore = path.join(path.dirname(this.file), '.gitignore');
      if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Created by Unblock\n*\n');
      temporary = `${this.file}.${process.pid}.${Date.now()}.tmp`;
      fd = fs.openSync(temporary, 'w');
      let checksum = 0;
      let offset = 0;
      const write = (bytes: Uint8Array): void => {
        fs.writeSync(fd!, bytes);
        checksum = zlib.crc32(bytes, checksum);
        offset += bytes.length;
      };
      const entries: PackIndex['entries'] = new Map();
      for (const [file, entry] of this.current) {
        const { head, body, bodyKeys } = entry.encoded ?? encodeModel(entry.model!);
        entries.set(file, { key: entry.key, head, bodyKeys, offset, length: body.length });
        write(body);
        if (offset > MAX_CACHE_BYTES) throw new Error('cache pack too large');
      }
      const index = v8.serialize({ format: FORMAT, salt: this.salt, entries } satisfies PackIndex);
      write(index);
      const indexLength = Buffer.alloc(INDEX_LENGTH_BYTES);
      indexLength.writeUInt32LE(index.length);
      write(indexLength);
      const crc = Buffer.alloc(CHECKSUM_BYTES);
      crc.writeUInt32LE(checksum);
      fs.writeSync(fd, crc);
      if (offset + CHECKSUM_BYTES > MAX_CACHE_BYTES) throw new Error('cache pack too large');
      fs.closeSync(fd);
      fd = undefined;
      fs.renameSync(temporary, this.file);
      return true;
    } catch {
      if (fd !== undefined) fs.closeSync(fd);
      if (temporary) fs.rmSync(temporary, { force: true });
      return false;
    }
  }
}

function readPack(file: string, salt: string): Map<string, Entry> {
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_CACHE_BYTES) return new Map();
    const bytes = fs.readFileSync(file);
    if (bytes.length < INDEX_LENGTH_BYTES + CHECKSUM_BYTES) return new Map();
    const payload = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
    // A truncated or flipped file can still decode: the checksum catches it first.
    if (bytes.readUInt32LE(payload.length) !== zlib.crc32(payload)) return new Map();
    const indexEnd = payload.length - INDEX_LENGTH_BYTES;
    const indexStart = indexEnd - payload.readUInt32LE(indexEnd);
    if (indexStart < 0) return new Map();
    const index = v8.deserialize(payload.subarray(indexStart, indexEnd)) as PackIndex;
    if (index?.format !== FORMAT || index.salt !== salt || !(index.entries instanceof Map)) return new Map();
    const entries = new Map<string, Entry>();
    for (const [name, { key, head, bodyKeys, offset, length }] of index.entries) {
      if (offset + length > indexStart) return new Map();
      entries.set(name, { key, encoded: { head, body: payload.subarray(offset, offset + length), bodyKeys, volatile: false } });
    }
    return entries;
  } catch {
    // Missing, unreadable, truncated or from another Node: start empty.
    return new Map();
  }
}
