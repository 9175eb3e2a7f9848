/**
 * A fresh engine in a thread of its own: its Python parser and kept walks
 * are its own (module state), so building it leaves the caller's engine's
 * incremental state as it was. Posts the findings and handlers as JSON.
 */
import { parentPort } from 'worker_threads';
import { Engine } from '../../src/core/engine';

parentPort?.on('message', async ({ root, texts }: { root: string; texts: Array<[string, string]> }) => {
  const engine = await Engine.create([root]);
  await engine.setFiles(texts.map(([file, text]) => ({ file, text })));
  parentPort!.postMessage(JSON.stringify({ findings: engine.findings({ fixes: false }), handlers: engine.handlers() }));
});
