/**
 * A thread of the analysis pool (`pool.ts`): analyses the files it is sent
 * with the same language bindings as the main thread and posts the models
 * back encoded (`codec.ts`).
 */
import { parentPort } from 'worker_threads';
import { LANGUAGES } from '../languages';
import { RuleCatalog } from '../rules/catalog';
import type { RuleDefinition } from '../rules/types';
import type { WorkerReply, WorkerRequest } from './pool';
import { encodeModel } from './codec';

const port = parentPort;
let rules = new RuleCatalog();
const ready = Promise.all(LANGUAGES.map((l) => l.init()));

port?.on('message', (request: WorkerRequest) => {
  if (request.type === 'rules') {
    rules = new RuleCatalog(request.rules as RuleDefinition[]);
    return;
  }
  void ready.then(() => {
    const language = LANGUAGES.find((l) => l.id === request.language);
    let reply: WorkerReply;
    try {
      if (!language) throw new Error(`no language ${request.language}`);
      reply = { id: request.id, encoded: encodeModel(language.analyze(request.input, rules)) };
    } catch (error) {
      reply = { id: request.id, error: (error as Error)?.message ?? String(error) };
    }
    port.postMessage(reply);
    // An aborted WASM parser cannot be used again: end this thread, the pool analyses the rest itself.
    if ('error' in reply && /Aborted\(/.test(reply.error)) process.exit(70);
  });
});
