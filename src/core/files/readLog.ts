import { AsyncLocalStorage } from 'async_hooks';
import * as crypto from 'crypto';

/** How a path was read: a later scan reads it again the same way and compares (analysis/resultCache.ts). */
export type ReadKind = 'source' | 'text' | 'isDirectory' | 'namesMatching' | 'deploymentFiles' | 'enclosingApp' | 'vendorFolder';

/**
 * What one scan read from the disk after its walk, with a digest of each
 * answer: source files, config and deployment files (present or not), and
 * what it looked for in folders. A scan's result depends on nothing else but the walk, the
 * engine, the rules and the options, so it can be reused while every read
 * answers the same. Every reader of the disk notes itself here: those of
 * `files/`, and those that read folders whole and note what they made of
 * them (the deployment's walk, the enclosing app, a vendored-library
 * verdict), each with a way to ask again in analysis/resultCache.ts.
 */
export class ReadLog {
  private readonly digests = new Map<string, string>();

  note(kind: ReadKind, file: string, answer: () => ReadAnswer): void {
    const key = readKey(kind, file);
    if (!this.digests.has(key)) this.digests.set(key, answerDigest(answer()));
  }

  /** Each read as [readKey, digest]. */
  entries(): Array<[string, string]> {
    return [...this.digests];
  }
}

export const readKey = (kind: ReadKind, file: string): string => `${kind}\u0000${file}`;

export function splitReadKey(key: string): { kind: ReadKind; file: string } {
  const at = key.indexOf('\u0000');
  return { kind: key.slice(0, at) as ReadKind, file: key.slice(at + 1) };
}

/** What a read gave: a tag for its outcome (text, error, missing...) and its content; hashed without joining them (a copy of every source text). */
export type ReadAnswer = readonly [tag: string, content: string];

export const answerDigest = ([tag, content]: ReadAnswer): string => crypto.createHash('sha1').update(tag).update('\u0000').update(content).digest('base64');

const active = new AsyncLocalStorage<ReadLog>();

/** Runs `work` with its reads, and those of everything it awaits, noted in `log`. */
export function recordingReads<T>(log: ReadLog, work: () => Promise<T>): Promise<T> {
  return active.run(log, work);
}

/** Notes a read in the running scan's log, if any; `answer` is asked only then. */
export function noteRead(kind: ReadKind, file: string, answer: () => ReadAnswer): void {
  active.getStore()?.note(kind, file, answer);
}
