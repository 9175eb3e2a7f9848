import * as path from 'path';
import type { Finding } from '../model';
import { readPackFile, writePackFile } from './packFile';
import { sha1 } from './fingerprint';

// 1: first format.
const FORMAT = 1;

/**
 * What every kept root's findings depend on at once: the files the index
 * holds (a new or removed file changes what imports resolve to), each file's
 * class layout (inheritance and overrides decide dispatch everywhere), the
 * folders on `sys.path`, and the config files resolution read (tsconfig
 * paths, package.json names) with their digests.
 */
export interface WorkspaceShape {
  files: string[];
  layouts: Map<string, string>;
  importRoots: readonly string[];
  /** Filled while the scan resolves: `begin` is given the live map. */
  configReads: Map<string, string>;
}

/** One root's findings and what building them read (files, construction keys, startup and deployment answers), as indexes into `Pack.reads`. */
interface StoredRoot {
  findings: Finding[];
  reads: number[];
}

/** What startup code runs (index/startup.ts), for the handlers it was followed around, with what following it read. */
interface StoredStartup {
  handlers: string;
  functions: string[];
  reads: number[];
}

interface Pack {
  format: number;
  salt: string;
  shape: WorkspaceShape;
  startup?: StoredStartup;
  /** Every key some root read, and its digest when the pack was written (one table: roots share most reads). */
  reads: string[];
  digests: string[];
  roots: Map<string, StoredRoot>;
}

/** Digest of what a read key names now: a file's text, a class's construction sites, an answer of the deployment or of startup. */
export type ReadDigest = (key: string) => string;

/**
 * Each root's findings on disk between scans (`findings.bin` beside the
 * model cache), so a warm scan builds findings only for the roots whose
 * reads changed, as the editor does between keystrokes. A stored root is
 * used when everything its findings read has the digest it had; none is
 * while the workspace's shape differs (`WorkspaceShape`), and the whole pack
 * is dropped when the engine, rules or options (the salt) do.
 */
export class FindingsCache {
  private readonly roots: Map<string, StoredRoot>;
  private shape: WorkspaceShape | undefined;
  private digest: ReadDigest | undefined;
  /** Per read index of the pack: whether its digest is still the same (asked once each per compute). */
  private unchanged = new Map<number, boolean>();
  /** Roots the last compute took back; when they are all it has, the pack on disk is already right. */
  private taken = new Set<string>();
  /** The last compute saw the stored shape: stored roots may be given back. */
  private usable = false;
  /** Config files the stored roots' resolution read: still needed by the next scan, with what this scan reads (`shape.configReads`, filled as it goes). */
  private keptConfigReads = new Map<string, string>();
  /** This run's startup set, to store: given back (`storedStartup`) or followed anew (`noteStartup`). */
  private startup: { handlers: string; functions: ReadonlySet<string>; reads: Iterable<string>; stored: boolean } | undefined;

  private constructor(
    private readonly file: string,
    private readonly salt: string,
    private readonly previous: Pack | undefined,
  ) {
    this.roots = previous?.roots ?? new Map();
  }

  /** Opens the pack in `dir` for this salt; never throws (a missing, damaged or foreign pack is an empty cache). */
  static open(dir: string, salt: string, name = 'findings'): FindingsCache {
    const file = path.join(dir, `${name}.bin`);
    return new FindingsCache(file, salt, readPack(file, salt));
  }

  /**
   * Called before each compute of the index's findings: with a shape unlike
   * the stored one, nothing stored is given back (an editor's worker computes
   * while the workspace is still loading: the stored roots wait for the
   * whole workspace). `configDigest` digests a config file's text as it is
   * on disk now.
   */
  begin(shape: WorkspaceShape, digest: ReadDigest, configDigest: (file: string) => string): void {
    this.digest = digest;
    const before = this.previous?.shape;
    const same =
      before !== undefined &&
      sameList(before.files, shape.files) &&
      sameList(before.importRoots, shape.importRoots) &&
      shape.files.every((file) => before.layouts.get(file) === shape.layouts.get(file)) &&
      [...before.configReads].every(([file, digest]) => configDigest(file) === digest);
    this.usable = same;
    this.unchanged = new Map();
    this.taken = new Set();
    this.keptConfigReads = same ? before.configReads : new Map();
    this.shape = shape;
  }

  /** The stored findings of `key` when everything they read is as it was; with the keys they read. */
  take(key: string): { findings: Finding[]; reads: string[] } | undefined {
    const stored = this.usable ? this.roots.get(key) : undefined;
    const pack = this.previous;
    if (!stored || !pack || !this.allUnchanged(stored.reads)) return undefined;
    this.taken.add(key);
    return { findings: stored.findings, reads: stored.reads.map((read) => pack.reads[read]) };
  }

  /**
   * The stored startup set when it was followed around the same handlers
   * and nothing it read changed: following it again reads every file's
   * module code and what that calls (saleor: 260 ms of a 3.3 s warm scan).
   */
  storedStartup(handlers: ReadonlySet<string>): Set<string> | undefined {
    const stored = this.previous?.startup;
    if (!stored || !this.usable || stored.handlers !== setDigest(handlers) || !this.allUnchanged(stored.reads)) return undefined;
    const functions = new Set(stored.functions);
    this.startup = { handlers: stored.handlers, functions, reads: stored.reads.map((read) => this.previous!.reads[read]), stored: true };
    return functions;
  }

  noteStartup(handlers: ReadonlySet<string>, functions: ReadonlySet<string>, reads: Iterable<string>): void {
    this.startup = { handlers: setDigest(handlers), functions, reads, stored: false };
  }

  private allUnchanged(reads: readonly number[]): boolean {
    const pack = this.previous;
    if (!pack || !this.digest) return false;
    for (const read of reads) {
      let same = this.unchanged.get(read);
      if (same === undefined) this.unchanged.set(read, (same = this.digest(pack.reads[read]) === pack.digests[read]));
      if (!same) return false;
    }
    return true;
  }

  /**
   * Writes this scan's roots (atomically: a temporary file and a rename),
   * unless the pack already holds exactly them; false when it could not.
   * `roots` gives each root's key, findings and the keys it read; their
   * digests are taken now.
   */
  save(roots: Iterable<{ key: string; findings: Finding[]; reads: Iterable<string> }>): boolean {
    if (!this.shape || !this.digest) return false;
    const all = [...roots];
    const startupKept = !this.startup || this.startup.stored;
    const configReads = new Map([...this.keptConfigReads, ...this.shape.configReads]);
    const newConfig = configReads.size !== this.keptConfigReads.size;
    const unchanged = this.usable && !newConfig && startupKept && all.length === this.roots.size && all.every(({ key }) => this.taken.has(key));
    if (unchanged) return true;
    const index = new Map<string, number>();
    const numbered = (reads: Iterable<string>): number[] => {
      const out: number[] = [];
      for (const read of reads) {
        let at = index.get(read);
        if (at === undefined) index.set(read, (at = index.size));
        out.push(at);
      }
      return out;
    };
    const stored = new Map<string, StoredRoot>();
    for (const { key, findings, reads } of all) stored.set(key, { findings, reads: numbered(reads) });
    const startup = this.startup && { handlers: this.startup.handlers, functions: [...this.startup.functions], reads: numbered(this.startup.reads) };
    const keys = [...index.keys()];
    const pack: Pack = { format: FORMAT, salt: this.salt, shape: { ...this.shape, configReads }, ...(startup ? { startup } : {}), reads: keys, digests: keys.map((key) => this.digest!(key)), roots: stored };
    return writePackFile(this.file, pack);
  }
}

function readPack(file: string, salt: string): Pack | undefined {
  const pack = readPackFile(file) as Pack | undefined;
  return pack?.format === FORMAT && pack.salt === salt && pack.roots instanceof Map && Array.isArray(pack.reads) ? pack : undefined;
}

function setDigest(keys: ReadonlySet<string>): string {
  return sha1([...keys].sort().join('\n'));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
