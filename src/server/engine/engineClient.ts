import { Worker } from 'worker_threads';
import type { EngineSettings, FindingsResult, PostedFindings, Request, RequestEnvelope, WireFinding, WorkerEvent, WorkerMessage } from './protocol';

/**
 * Each edit re-walks the file and drops thousands of short-lived parse-tree
 * objects: a young generation this large (V8 default: 48 MB) collects them
 * in fewer scavenges and promotes less, so fewer old-generation collections
 * land on an edit (bench, 5,000-line file: p95 126–133 → 86–112 ms, 60 MB more).
 */
const EDIT_NURSERY_MB = 96;

const MAX_CRASHES = 3;
const CRASH_WINDOW_MS = 5 * 60_000;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * The host's handle on the analysis worker. The worker (and with it the
 * engine, the parser WASM and the rules) starts on the first request, not at
 * activation. A crashed worker is restarted on the next request.
 */
export class EngineClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private settings: EngineSettings | undefined;
  private configured: Promise<unknown> | undefined;
  private readonly crashes: number[] = [];
  /** Each file's findings in the worker's last `PostedFindings`, which its next one refers to. */
  private readonly postedFindings = new Map<string, WireFinding[]>();
  /** Called after the worker died unexpectedly; the next request starts a new one. */
  onDidCrash: ((code: number) => void) | undefined;

  constructor(
    private readonly workerFile: string,
    private readonly onEvent: (event: WorkerEvent) => void,
    private readonly onLog: (message: string) => void,
  ) {}


  get started(): boolean {
    return this.worker !== undefined;
  }

  /** Applies settings: the worker rebuilds its engine and reloads the workspace. */
  configure(settings: EngineSettings): Promise<unknown> {
    this.settings = settings;
    if (!this.worker) return Promise.resolve();
    this.configured = this.send({ type: 'configure', settings });
    return this.configured;
  }

  /** Sends a request, starting and configuring the worker first if needed. */
  async request<T>(request: Request): Promise<T> {
    this.ensureWorker();
    await this.configured;
    return (await this.send(request)) as T;
  }

  /** Returns an id usable with `cancel` before the answer arrives. */
  requestWithId<T>(request: Request): { id: number; result: Promise<T> } {
    this.ensureWorker();
    const id = this.nextId++;
    const result = (this.configured ?? Promise.resolve()).then(() => this.send(request, id)) as Promise<T>;
    return { id, result };
  }

  cancel(id: number): void {
    if (this.worker) void this.send({ type: 'cancel', id }).catch(() => undefined);
  }

  dispose(): void {
    for (const p of this.pending.values()) p.reject(new Error('Unblock: analysis worker stopped'));
    this.pending.clear();
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private ensureWorker(): void {
    if (this.worker) return;
    if (!this.settings) throw new Error('Unblock: engine used before settings were read');
    const recent = this.crashes.filter((t) => Date.now() - t < CRASH_WINDOW_MS);
    if (recent.length >= MAX_CRASHES) {
      throw new Error(`Unblock: the analysis worker crashed ${recent.length} times in 5 minutes; reload the window to retry`);
    }
    // A large stack: parsers and tree walks recurse on 1,000-term expressions and deeply nested calls.
    const worker = new Worker(this.workerFile, { resourceLimits: { stackSizeMb: 256, maxYoungGenerationSizeMb: EDIT_NURSERY_MB } });
    worker.on('message', (message: WorkerMessage) => this.receive(message));
    worker.on('error', (error) => this.onLog(`worker error: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.configured = undefined;
      for (const p of this.pending.values()) p.reject(new Error(`Unblock: analysis worker exited (code ${code})`));
      this.pending.clear();
      this.crashes.push(Date.now());
      this.onLog(`worker exited with code ${code}`);
      this.onDidCrash?.(code);
    });
    this.worker = worker;
    this.postedFindings.clear();
    this.configured = this.send({ type: 'configure', settings: this.settings });
  }

  private send(request: Request, id = this.nextId++): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('Unblock: analysis worker not running'));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, request } satisfies RequestEnvelope);
    });
  }

  private receive(message: WorkerMessage): void {
    if ('type' in message) {
      if (message.type === 'log') this.onLog(message.message);
      else this.onEvent(message);
      return;
    }
    // Posted findings update what the next ones refer to, whoever waits for them.
    const value = message.ok && isPosted(message.value) ? this.received(message.value) : message.ok ? message.value : undefined;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(value);
    else pending.reject(new Error(message.error));
  }

  /** The findings a `PostedFindings` stands for. */
  private received(posted: PostedFindings): FindingsResult {
    const byFile: FindingsResult['byFile'] = {};
    for (const [file, items] of Object.entries(posted.byFile)) {
      const before = this.postedFindings.get(file) ?? [];
      const findings = items.map((item) => (typeof item === 'number' ? before[item] : item));
      this.postedFindings.set(file, findings);
      byFile[file] = findings;
    }
    const { posted: _posted, ...rest } = posted;
    return { ...rest, byFile };
  }
}

function isPosted(value: unknown): value is PostedFindings {
  return typeof value === 'object' && value !== null && (value as Partial<PostedFindings>).posted === true;
}
