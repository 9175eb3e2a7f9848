import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { AnalyzeInput } from '../language';
import type { LanguageId } from '../model';
import type { EncodedModel } from './codec';
import type { RuleCatalog } from '../rules/catalog';

export type WorkerRequest =
  | { type: 'rules'; rules: unknown[] }
  | { type: 'analyze'; id: number; language: LanguageId; input: AnalyzeInput };

export type WorkerReply = { id: number; encoded: EncodedModel } | { id: number; error: string };

export interface AnalysisJob {
  language: LanguageId;
  input: AnalyzeInput;
}

/** Parsers and tree walks recurse deeply on real code (as in the CLI's own thread). */
const WORKER_STACK_MB = 256;

/** Below this much text, starting threads (each loads the engine and the parsers) costs more than it saves. */
export const MIN_PARALLEL_BYTES = 4 * 1024 * 1024;

/** The pool's thread script, next to this module: `dist/analysisWorker.js` in the bundle, `out/src/core/analysis/` in development. */
function workerScript(): string | undefined {
  const script = path.join(__dirname, 'analysisWorker.js');
  return fs.existsSync(script) ? script : undefined;
}

/**
 * Below this many cores the calling thread analyses alone: on two cores the
 * threads' own costs (each loads and warms up the engine, models cross as
 * bytes) outweigh the second core. Measured on saleor (4,337 files): two
 * threads 18.6 s, 33 s of CPU and 464 MB, the calling thread 16.8 s, 22 s
 * and 345 MB.
 */
const MIN_PARALLEL_CORES = 4;

/** How many threads to analyse `jobs` with: one per core, or none when the work is too small or the cores too few to pay for them. */
export function threadsFor(jobs: readonly AnalysisJob[], requested?: number): number {
  const cores = os.availableParallelism();
  const threads = requested ?? (cores >= MIN_PARALLEL_CORES ? cores : 1);
  if (threads < 2 || !workerScript()) return 0;
  let bytes = 0;
  for (const job of jobs) bytes += job.input.text.length;
  return bytes >= MIN_PARALLEL_BYTES || requested !== undefined ? Math.min(threads, jobs.length) : 0;
}

/**
 * Analyses `jobs` on `threads` worker threads, largest files first so no
 * thread is left with a big file at the end. Resolves to one encoded model
 * per job (the thread encodes it: cheaper to pass, decoded lazily), in job order; a job whose thread failed resolves to undefined (the caller
 * analyses it itself, with the same error handling as always).
 */
export function analyzeInWorkers(
  jobs: readonly AnalysisJob[],
  rules: RuleCatalog,
  threads: number,
  options: { signal?: AbortSignal; onDone?: () => void } = {},
): Promise<Array<EncodedModel | undefined>> {
  const script = workerScript();
  const results: Array<EncodedModel | undefined> = new Array(jobs.length).fill(undefined);
  if (!script || jobs.length === 0 || threads < 1) return Promise.resolve(results);
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b].input.text.length - jobs[a].input.text.length);
  let next = 0;
  let pending = jobs.length;
  const ruleData = rules.all();

  return new Promise((resolve) => {
    const workers = new Set<Worker>();
    const finish = (): void => {
      for (const w of workers) void w.terminate();
      workers.clear();
      resolve(results);
    };
    const settle = (): void => {
      pending--;
      options.onDone?.();
      if (pending === 0) finish();
    };
    const start = (): void => {
      const worker = new Worker(script, { resourceLimits: { stackSizeMb: WORKER_STACK_MB } });
      workers.add(worker);
      let current: number | undefined;
      const feed = (): void => {
        if (options.signal?.aborted) {
          // Cancelled: what is left stays undefined, the caller stops anyway.
          pending -= order.length - next;
          next = order.length;
        }
        if (next >= order.length) {
          current = undefined;
          workers.delete(worker);
          void worker.terminate();
          if (workers.size === 0 && pending <= 0) finish();
          return;
        }
        current = order[next++];
        worker.postMessage({ type: 'analyze', id: current, language: jobs[current].language, input: jobs[current].input } satisfies WorkerRequest);
      };
      worker.on('message', (reply: WorkerReply) => {
        if ('encoded' in reply) results[reply.id] = reply.encoded;
        current = undefined;
        settle();
        if (pending > 0) feed();
      });
      const failed = (): void => {
        if (!workers.delete(worker)) return;
        // The job it held stays undefined: the caller analyses it in its own thread.
        if (current !== undefined) {
          current = undefined;
          settle();
        }
        if (workers.size === 0 && pending > 0) {
          // Every thread is gone: leave the rest to the caller.
          pending = 0;
          next = order.length;
          finish();
        }
      };
      worker.on('error', failed);
      worker.on('exit', failed);
      worker.postMessage({ type: 'rules', rules: ruleData } satisfies WorkerRequest);
      feed();
    };
    for (let i = 0; i < Math.min(threads, jobs.length); i++) start();
  });
}
