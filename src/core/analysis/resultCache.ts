import * as path from 'path';
import type { ScanResult } from '../model';
import { entriesAnswer, folderEntries, folderNames, isFolder, isFolderAnswer, namesAnswer, namesMatchingAnswer } from '../files/folders';
import { readFromDisk, readSourceFile, sourceAnswer, textAnswer } from '../files/read';
import { answerDigest, splitReadKey, type ReadAnswer, type ReadKind, type ReadLog } from '../files/readLog';
import { readPackFile, writePackFile } from './packFile';
import { VendoredPackages, vendorFolderAnswer } from '../files/vendoredPackages';
import type { RuleCatalog } from '../rules/catalog';
import { deploymentFilesAnswer, deploymentFilesUnder, enclosingAppAnswer, enclosingAppUnnoted } from '../deployment/discover';

// 1: first format.
const FORMAT = 1;
/** Scans kept per cache folder: a CI job or a person alternating a few scopes or path sets keeps each. */
const MAX_SCANS = 4;

/** One scan's result, with what it read and the digest of each answer. */
interface StoredScan {
  key: string;
  reads: Array<[string, string]>;
  result: ScanResult;
}

interface Pack {
  format: number;
  scans: StoredScan[];
}

/** Each read kind asked again the way the scan asked it (with the scan's rules: the key says they are the same). */
const ANSWER_NOW: Record<ReadKind, (file: string, rules: RuleCatalog) => ReadAnswer> = {
  source: (file) => sourceAnswer(readSourceFile(file)),
  text: (file) => textAnswer(readFromDisk(file)),
  names: (file) => namesAnswer(folderNames(file)),
  entries: (file) => entriesAnswer(folderEntries(file)),
  isDirectory: (file) => isFolderAnswer(isFolder(file)),
  namesMatching: (key) => namesMatchingAnswer(key),
  deploymentFiles: (roots) => deploymentFilesAnswer(deploymentFilesUnder(JSON.parse(roots) as string[])),
  enclosingApp: (root) => enclosingAppAnswer(enclosingAppUnnoted(root)),
  vendorFolder: (dir, rules) => vendorFolderAnswer(new VendoredPackages(rules.libraryRoots('python')).judge(dir)),
};

/**
 * Whole scan results on disk (`results.bin` beside the model cache), for a
 * scan of the same paths with the same engine, rules, config, options and
 * walked files: when every file it read, listing it took and file it found
 * missing answers the same now (files/readLog.ts), its result is the result.
 * A CI job re-run on an unchanged tree prints in the time it takes to read
 * the files; any change falls back to the scan, with its per-file caches.
 */
export class ResultCache {
  private constructor(
    private readonly file: string,
    private readonly scans: StoredScan[],
  ) {}

  static open(dir: string): ResultCache {
    const file = path.join(dir, 'results.bin');
    const pack = readPackFile(file) as Pack | undefined;
    return new ResultCache(file, pack?.format === FORMAT && Array.isArray(pack.scans) ? pack.scans : []);
  }

  /** The stored result of the scan `key` names, when everything it read answers the same now. */
  lookup(key: string, rules: RuleCatalog): ScanResult | undefined {
    const stored = this.scans.find((s) => s.key === key);
    if (!stored) return undefined;
    for (const [read, digest] of stored.reads) {
      const { kind, file } = splitReadKey(read);
      const answer = ANSWER_NOW[kind];
      if (!answer || answerDigest(answer(file, rules)) !== digest) return undefined;
    }
    return stored.result;
  }

  /** Stores `result` under `key` with the reads that built it (the most recent scans first); false when it could not. */
  save(key: string, log: ReadLog, result: ScanResult): boolean {
    const scans = [{ key, reads: log.entries(), result: plain(result) }, ...this.scans.filter((s) => s.key !== key)].slice(0, MAX_SCANS);
    return writePackFile(this.file, { format: FORMAT, scans } satisfies Pack);
  }
}

/** The result's own fields only (a scan run carries its engine's snapshot as a hidden property). */
function plain(result: ScanResult): ScanResult {
  return { ...result };
}
