import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { EngineSettings, Request, ScanSummary, WorkerMessage } from '../../src/server/engine/protocol';
import { SOAP_APP, soapRule } from '../helpers/rules';
import { scratchDir } from '../helpers/scratch';

/** The extension's real analysis worker (compiled, no vscode), driven through its message protocol. */
class WorkerClient {
  private readonly worker = new Worker(path.resolve(__dirname, '../../src/server/engine/worker.js'));
  private next = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor() {
    this.worker.on('message', (message: WorkerMessage) => {
      if (!('id' in message) || !('ok' in message)) return;
      const pending = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(new Error(message.error));
    });
  }

  request<T>(request: Request): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, request });
    });
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

describe('analysis worker: workspace trust', () => {
  let dir: string;
  let client: WorkerClient;

  before(() => {
    dir = scratchDir('unblock-trust-');
    fs.writeFileSync(path.join(dir, '.unblock.json'), JSON.stringify({ rules: [soapRule()] }));
    fs.writeFileSync(path.join(dir, 'main.py'), SOAP_APP);
    client = new WorkerClient();
  });
  after(() => client.stop());

  async function rulesFound(trusted: boolean): Promise<string[]> {
    const settings: EngineSettings = { roots: [dir], severity: {}, disabledRules: [], ignore: [], ruleFiles: [], trusted };
    await client.request({ type: 'configure', settings });
    const summary = await client.request<ScanSummary>({ type: 'scanWorkspace' });
    return Object.values(summary.byFile).flat().map((f) => f.rule).sort();
  }

  it('an untrusted workspace gets the built-in rules only', async () => {
    assert.deepStrictEqual(await rulesFound(false), ['py/blocking-sleep']);
  });

  it('a trusted workspace also gets the project rules from .unblock.json', async () => {
    assert.deepStrictEqual(await rulesFound(true), ['py/blocking-sleep', 'py/soap-client']);
  });
});
