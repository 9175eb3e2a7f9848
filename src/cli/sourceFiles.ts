import * as fs from 'fs';
import * as path from 'path';
import { decodeBytes, canEncode, encodeText, type SourceEncoding } from '../core/files/encoding';
import { isWithin } from '../core/files/paths';

/** A file `--fix` may change: where its bytes really live, its text and how to write it back. */
export interface EditableFile {
  /** The path the engine knows it by. */
  file: string;
  /** The real path behind symlinks: written in place, so a symlink stays a symlink. */
  real: string;
  text: string;
  encoding: SourceEncoding;
  existed: boolean;
}

/**
 * Reads and writes the files fixes touch, never outside the scanned roots
 * (symlinks are resolved before the check), keeping each file's encoding,
 * BOM, line endings and mode, and writing through a temporary file and a
 * rename so a crash leaves either the old or the new file.
 */
export class SourceFiles {
  private readonly realRoots: string[];
  private readonly cache = new Map<string, EditableFile | { error: string }>();

  constructor(roots: readonly string[]) {
    this.realRoots = roots.map((root) => {
      const abs = path.resolve(root);
      const base = fs.existsSync(abs) && fs.statSync(abs).isFile() ? path.dirname(abs) : abs;
      return realpathOr(base);
    });
  }

  open(file: string): EditableFile | { error: string } {
    const cached = this.cache.get(file);
    if (cached) return cached;
    const entry = this.load(file);
    this.cache.set(file, entry);
    return entry;
  }

  private load(file: string): EditableFile | { error: string } {
    const exists = fs.existsSync(file);
    // A new file is created in a folder that must itself be inside the roots, symlinks resolved.
    const real = exists ? realpathOr(file) : path.join(realpathOr(path.dirname(file)), path.basename(file));
    if (!this.realRoots.some((root) => isWithin(real, root))) {
      return { error: `would write outside the scanned folders: ${file}${real !== path.resolve(file) ? ` (a symlink to ${real})` : ''}` };
    }
    if (!exists) return { file, real, text: '', encoding: { name: 'utf8', bom: false, lossless: true }, existed: false };
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(real);
    } catch (error) {
      return { error: `cannot read ${file}: ${(error as Error).message}` };
    }
    const { text, encoding } = decodeBytes(bytes, file);
    if (!encoding.lossless) return { error: `${file} is not valid ${encoding.name}: a rewrite could not keep its bytes` };
    return { file, real, text, encoding, existed: true };
  }

  /** Drops what was read of these files (they were rewritten). */
  forget(files: readonly string[]): void {
    for (const file of files) this.cache.delete(file);
  }

  /** Writes `text` as the file's bytes; returns an error instead when the encoding cannot hold it. */
  write(entry: EditableFile, text: string): string | undefined {
    if (!canEncode(text, entry.encoding)) return `${entry.file} is ${entry.encoding.name}, which cannot hold the new text`;
    writeAtomically(entry.real, encodeText(text, entry.encoding));
    return undefined;
  }

  /** Puts the file back as it was read (deleting it when the fixes created it). */
  restore(entry: EditableFile): void {
    if (entry.existed) writeAtomically(entry.real, encodeText(entry.text, entry.encoding));
    else fs.rmSync(entry.real, { force: true });
  }
}

function realpathOr(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Writes through a temporary file and a rename, keeping the file's mode. */
export function writeAtomically(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.unblock-${process.pid}.tmp`);
  const mode = fs.existsSync(file) ? fs.statSync(file).mode : undefined;
  try {
    fs.writeFileSync(temp, data);
    if (mode !== undefined) fs.chmodSync(temp, mode);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
