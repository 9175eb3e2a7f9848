import * as fs from 'fs';
import * as path from 'path';
import type { ScanResult } from '../model';
import { isFolder, isFolderAnswer, namesMatchingAnswer } from '../files/folders';
import { readFromDisk, readSourceFile, sourceAnswer, textAnswer } from '../files/read';
import { answerDigest, splitReadKey, type ReadAnswer, type ReadKind, type ReadLog } from '../files/readLog';
import { readPackFile, writePackFile } from './packFile';
import { sha1 } from './fingerprint';
import { VendoredPackages, vendorFolderAnswer } from '../files/vendoredPackages';
import type { RuleCatalog } from '../rules/catalog';
import { deploymentFilesAnswer, deploymentFilesUnder, enclosingAppAnswer, enclosingAppUnnoted } from '../deployment/discover';

// 1: first format.
const FORMAT = 1;
/** Scans kept per cache folder: a CI job or a person alternating a few scopes, outputs or path sets keeps each. */
const MAX_SCANS = 4;
const FOLDER = 'results';

/** One scan's result, with what it read and the digest of each answer. */
interface StoredScan {
  format: number;
  key: string;
  reads: Array<[string, string]>;
  result: ScanResult;
}

/** What answering again needs beyond the disk: the scan's rules (the key says they are the same), as one judge of vendored folders. */
interface AskContext {
  vendored(): VendoredPackages;
}

/** Each read kind asked again the way the scan asked it. */
const ANSWER_NOW: Record<ReadKind, (file: string, context: AskContext) => ReadAnswer> = {
  source: (file) => sourceAnswer(readSourceFile(file)),
  text: (file) => textAnswer(readFromDisk(file)),
  isDirectory: (file) => isFolderAnswer(isFolder(file)),
  namesMatching: (key) => namesMatchingAnswer(key),
  deploymentFiles: (roots) => deploymentFilesAnswer(deploymentFilesUnder(JSON.parse(roots) as string[])),
  enclosingApp: (root) => enclosingAppAnswer(enclosingAppUnnoted(root)),
  vendorFolder: (dir, context) => vendorFolderAnswer(context.vendored().judge(dir)),
};

/**
 * Whole scan results on disk (`results/` beside the model cache, a file per
 * scan), for a scan of the same paths with the same engine, rules, config,
 * options and walked files: when every file it read, listing it took and
 * file it found missing answers the same now (files/readLog.ts), its result
 * is the result. A CI job re-run on an unchanged tree prints in the time it
 * takes to read the files; any change falls back to the scan, with its
 * per-file caches. Each scan's own file is the only one read: a large
 * project's read list is megabytes.
 */
export class ResultCache {
  private constructor(
    private readonly folder: string,
    private readonly key: string,
  ) {}

  /** The stored result of the scan `key` names, in `dir`. */
  static open(dir: string, key: string): ResultCache {
    return new ResultCache(path.join(dir, FOLDER), key);
  }

  private get file(): string {
    return path.join(this.folder, `${sha1(this.key)}.bin`);
  }

  /** The stored result of this scan, when everything it read answers the same now. */
  lookup(rules: RuleCatalog): ScanResult | undefined {
    const stored = readPackFile(this.file) as StoredScan | undefined;
    if (stored?.format !== FORMAT || stored.key !== this.key || !Array.isArray(stored.reads)) return undefined;
    let vendored: VendoredPackages | undefined;
    const context: AskContext = { vendored: () => (vendored ??= new VendoredPackages(rules.libraryRoots('python'))) };
    for (const [read, digest] of stored.reads) {
      const { kind, file } = splitReadKey(read);
      const answer = ANSWER_NOW[kind];
      if (!answer || answerDigest(answer(file, context)) !== digest) return undefined;
    }
    return stored.result;
  }

  /** Stores `result` with the reads that built it, and forgets all but the most recent scans; false when it could not. */
  save(log: ReadLog, result: ScanResult): boolean {
    // A scan run's engine snapshot is not enumerable: it is not written.
    const written = writePackFile(this.file, { format: FORMAT, key: this.key, reads: log.entries(), result } satisfies StoredScan);
    if (written) forgetOldScans(this.folder);
    return written;
  }
}

function forgetOldScans(folder: string): void {
  try {
    const scans = fs
      .readdirSync(folder)
      .filter((name) => name.endsWith('.bin'))
      .map((name) => ({ file: path.join(folder, name), time: fs.statSync(path.join(folder, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { file } of scans.slice(MAX_SCANS)) fs.rmSync(file, { force: true });
  } catch {
    // Another scan is tidying up too: what is left is tidied next time.
  }
}
