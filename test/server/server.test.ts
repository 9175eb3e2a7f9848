/**
 * The language server as an editor sees it: the real `unblock server --stdio`
 * process, real files, LSP messages over its pipes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CancellationTokenSource, type CodeAction, type Diagnostic, type Hover, type CodeLens, type TextDocumentEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, uriOf } from './lspClient';
import { bigModule, flaskWorkspace, lineOf, manyModules, serviceWorkspace, tempWorkspace } from './workspace';
import { SOAP_APP, soapRule } from '../helpers/rules';
import { markStoredFindings, STORED_MARK } from '../helpers/findingsPack';

const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();

/** Applies the edits a WorkspaceEdit makes to `uri` (documentChanges or changes) to `text`. */
function applyTo(text: string, uri: string, edit: WorkspaceEdit): string {
  const changes = [
    ...(edit.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri).flatMap((c) => c.edits),
    ...(edit.changes?.[uri] ?? []),
  ];
  return TextDocument.applyEdits(TextDocument.create(uri, 'python', 1, text), changes as { range: Diagnostic['range']; newText: string }[]);
}

/**
 * The server on a fresh copy of the FastAPI service (`prepare` may add to it)
 * with its app.py open and analysed; stopped and removed after `body`.
 */
async function withServiceApp(body: (client: LspClient, app: string, text: string) => Promise<void>, prepare?: (root: string) => void): Promise<void> {
  const root = serviceWorkspace();
  prepare?.(root);
  const client = await LspClient.start(root);
  try {
    const app = path.join(root, 'service', 'app.py');
    await client.open(app, 'python');
    await client.diagnosticsFor(app, (ds) => ds.length >= 3);
    await body(client, app, fs.readFileSync(app, 'utf8'));
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('language server (unblock server --stdio)', function () {
  this.timeout(120_000);

  describe('on the FastAPI service', () => {
    let root: string;
    let client: LspClient;
    let app: string;
    let text: string;
    before(async () => {
      root = serviceWorkspace();
      app = path.join(root, 'service', 'app.py');
      text = fs.readFileSync(app, 'utf8');
      client = await LspClient.start(root);
      await client.open(app, 'python');
    });
    after(async () => {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('announces its features, without pull diagnostics for a client that cannot pull', async () => {
      const capabilities = (client.initializeResult as { capabilities: Record<string, unknown> }).capabilities;
      assert.deepStrictEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.unblock'], resolveProvider: true });
      assert.strictEqual(capabilities.hoverProvider, true);
      assert.ok(capabilities.codeLensProvider);
      assert.ok((capabilities.executeCommandProvider as { commands: string[] }).commands.includes('unblock.server.scanWorkspace'));
      assert.strictEqual(capabilities.diagnosticProvider, undefined);
      const watched = await client.waitFor('the watched files registration', () => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'));
      const globs = (watched.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
      assert.ok(globs.some((g) => g.includes('Procfile') && g.includes('requirements*.txt')), JSON.stringify(globs));
    });

    it('publishes diagnostics with the rule id, its docs link, severity from the context and the chain', async () => {
      const ds = await client.diagnosticsFor(app, (d) => d.length >= 3);
      assert.deepStrictEqual(codes(ds), ['py/blocking-http', 'py/blocking-sleep', 'py/via-call']);
      const sleep = ds.find((d) => d.code === 'py/blocking-sleep')!;
      const line = lineOf(text, 'time.sleep(1)');
      const column = text.split('\n')[line].indexOf('time.sleep(1)');
      assert.deepStrictEqual(sleep.range, { start: { line, character: column }, end: { line, character: column + 'time.sleep(1)'.length } });
      assert.strictEqual(sleep.severity, 1, 'an error: it blocks the shared event loop');
      assert.strictEqual(sleep.source, 'Unblock');
      assert.match(sleep.codeDescription!.href, /\/docs\/rules\/py\/blocking-sleep\.md$/);
      assert.match(sleep.message, /event loop/);
      // Fixes are not computed on the keystroke path: the message only says one exists.
      assert.match(sleep.message, /Quick fix available\.$/);

      const via = ds.find((d) => d.code === 'py/via-call')!;
      const related = via.relatedInformation ?? [];
      assert.ok(related.length >= 2, JSON.stringify(related));
      assert.strictEqual(related[0].location.uri, uriOf(app));
      assert.strictEqual(related[0].location.range.start.line, lineOf(text, 'async def profile'));
      const last = related[related.length - 1];
      assert.strictEqual(last.location.uri, uriOf(path.join(root, 'service', 'helpers.py')));
      assert.strictEqual(last.location.range.start.line, lineOf(fs.readFileSync(path.join(root, 'service', 'helpers.py'), 'utf8'), 'time.sleep(0.5)'));
      assert.match(last.message, /blocking call time\.sleep/);
    });

    it('offers quick fixes resolved lazily: the preferred one rewrites the call; ignore-line and docs too', async () => {
      const ds = await client.diagnosticsFor(app, (d) => d.length >= 3);
      const sleep = ds.find((d) => d.code === 'py/blocking-sleep')!;
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: uriOf(app) },
        range: sleep.range,
        context: { diagnostics: [sleep] },
      })) as CodeAction[];
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Ignore py/blocking-sleep on this line'), JSON.stringify(titles));
      const docs = actions.find((a) => a.title === 'Show documentation for py/blocking-sleep');
      assert.deepStrictEqual(docs?.command?.arguments, ['py/blocking-sleep']);
      const preferred = actions.filter((a) => a.isPreferred);
      assert.strictEqual(preferred.length, 1, JSON.stringify(preferred));
      assert.strictEqual(preferred[0].edit, undefined, 'the edit comes with codeAction/resolve');

      const resolved = (await client.connection.sendRequest('codeAction/resolve', preferred[0])) as CodeAction;
      assert.ok(resolved.edit, JSON.stringify(resolved));
      const fixed = applyTo(text, uriOf(app), resolved.edit);
      assert.match(fixed, /^import asyncio$/m);
      assert.match(fixed, /^ {4}await asyncio\.sleep\(1\)$/m);
      assert.doesNotMatch(fixed, /time\.sleep\(1\)/);
    });

    it('source.fixAll.unblock returns one action whose resolved edit applies every safe preferred fix', async () => {
      await client.diagnosticsFor(app, (d) => d.length >= 3);
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: uriOf(app) },
        range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.unblock'] },
      })) as CodeAction[];
      assert.deepStrictEqual(actions.map((a) => [a.title, a.kind]), [['Unblock: apply all safe fixes', 'source.fixAll.unblock']]);
      const resolved = (await client.connection.sendRequest('codeAction/resolve', actions[0])) as CodeAction;
      const fixed = applyTo(text, uriOf(app), resolved.edit!);
      assert.match(fixed, /await asyncio\.sleep\(1\)/);
    });

    it('hover shows rule, context and the replacement as code', async () => {
      const line = lineOf(text, 'time.sleep(1)');
      const hover = (await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: uriOf(app) },
        position: { line, character: text.split('\n')[line].indexOf('sleep') + 1 },
      })) as Hover;
      const value = (hover.contents as { value: string }).value;
      assert.match(value, /py\/blocking-sleep/);
      assert.match(value, /event-loop/);
      assert.match(value, /```python\n[^`]*await asyncio\.sleep\(1\)/);
    });

    it('code lenses show route, context and blocking-call count per handler', async () => {
      const found = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uriOf(app) } })) as CodeLens[];
      const titles = found.map((l) => l.command!.title);
      const sleep = found.find((l) => l.command!.title.startsWith('GET /sleep'));
      assert.ok(sleep, JSON.stringify(titles));
      assert.strictEqual(sleep.range.start.line, lineOf(text, 'async def slow'));
      assert.match(sleep.command!.title, /event-loop · 1 blocking call$/);
      assert.ok(titles.some((t) => /^GET \/health · event-loop · no blocking calls$/.test(t)), JSON.stringify(titles));
    });
  });

  describe('commands, edits and settings', () => {
    let root: string;
    let client: LspClient;
    let app: string;
    before(async () => {
      root = serviceWorkspace();
      app = path.join(root, 'service', 'app.py');
      client = await LspClient.start(root, { settings: { severity: { 'event-loop': { sleep: 'info' } } } });
      await client.open(app, 'python');
    });
    after(async () => {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('reads settings through workspace/configuration and applies a change', async () => {
      const severityOfSleep = (ds: Diagnostic[]) => ds.find((d) => d.code === 'py/blocking-sleep')?.severity;
      await client.diagnosticsFor(app, (ds) => severityOfSleep(ds) === 3);
      client.settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.diagnosticsFor(app, (ds) => severityOfSleep(ds) === 1);
    });

    it('re-analyses an edited document and publishes for its new version', async () => {
      await client.diagnosticsFor(app, (ds) => ds.length >= 3);
      const text = fs.readFileSync(app, 'utf8');
      const target = lineOf(text, 'async def health') + 1;
      const version = await client.insert(app, target, '    time.sleep(2)\n');
      const ds = await client.diagnosticsFor(app, (d) => d.length === 4);
      assert.strictEqual(client.diagnostics.get(uriOf(app))!.version, version);
      assert.ok(ds.some((d) => d.code === 'py/blocking-sleep' && d.range.start.line === target), JSON.stringify(ds.map((d) => [d.code, d.range.start.line])));

      // Its fixes are computed when code actions ask, for the text these diagnostics came from.
      const added = ds.find((d) => d.code === 'py/blocking-sleep' && d.range.start.line === target)!;
      const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(app) }, range: added.range, context: { diagnostics: [added] } })) as CodeAction[];
      const resolved = (await client.connection.sendRequest('codeAction/resolve', actions.find((a) => a.isPreferred))) as CodeAction;
      const lines = text.split('\n');
      lines.splice(target, 0, '    time.sleep(2)');
      const edited = applyTo(lines.join('\n'), uriOf(app), resolved.edit!);
      assert.match(edited, /^ {4}await asyncio\.sleep\(2\)$/m);
      assert.match(edited, /^ {4}time\.sleep\(1\)$/m, 'only that call changes');
    });


    it('unblock.server.scanWorkspace reports $/progress on the client token and publishes files that are not open', async () => {
      const summary = (await client.connection.sendRequest('workspace/executeCommand', {
        command: 'unblock.server.scanWorkspace',
        arguments: [],
        workDoneToken: 'scan-1',
      })) as { files: number; findings: number; handlers: number; cancelled: boolean };
      assert.ok(summary.files >= 3 && summary.findings > 0 && summary.handlers > 0 && !summary.cancelled, JSON.stringify(summary));
      const kinds = client.progress.filter((p) => p.token === 'scan-1').map((p) => p.value.kind);
      assert.strictEqual(kinds[0], 'begin');
      assert.strictEqual(kinds[kinds.length - 1], 'end');
      const helpers = await client.diagnosticsFor(path.join(root, 'service', 'helpers.py'));
      assert.deepStrictEqual(codes(helpers), ['py/blocking-sleep']);
    });

    it('unblock.server.applyAllSafeFixes sends the safe preferred fixes through workspace/applyEdit', async () => {
      const result = (await client.connection.sendRequest('workspace/executeCommand', { command: 'unblock.server.applyAllSafeFixes', arguments: [] })) as {
        applied: boolean;
        edits: number;
      };
      assert.strictEqual(result.applied, true, JSON.stringify(result));
      assert.strictEqual(client.appliedEdits.length, 1);
      const { label, edit } = client.appliedEdits[0];
      assert.strictEqual(label, 'Unblock: apply all safe fixes');
      // app.py is open (and edited by an earlier test): its edits name the version they were computed for.
      const changes = ((edit as WorkspaceEdit).documentChanges ?? []) as TextDocumentEdit[];
      const ofApp = changes.find((c) => c.textDocument?.uri === uriOf(app));
      assert.ok(ofApp, JSON.stringify(edit));
      assert.strictEqual(ofApp.textDocument.version, client.diagnostics.get(uriOf(app))!.version);
      assert.ok(ofApp.edits.some((e) => e.newText.includes('await asyncio.sleep')), JSON.stringify(ofApp.edits));
    });

    it('unblock.server.report renders the workspace report (the CLI renderers)', async () => {
      const json = (await client.connection.sendRequest('workspace/executeCommand', { command: 'unblock.server.report', arguments: ['json'] })) as string;
      const report = JSON.parse(json) as { findings: { rule: string; file: string }[] };
      assert.ok(report.findings.some((f) => f.rule === 'py/via-call'), json.slice(0, 500));
    });
  });

  it('answers pulls (textDocument/diagnostic) and publishes nothing for open documents when the client can pull', async () => {
    const root = serviceWorkspace();
    const client = await LspClient.start(root, { pull: true });
    try {
      const capabilities = (client.initializeResult as { capabilities: Record<string, unknown> }).capabilities;
      assert.deepStrictEqual(capabilities.diagnosticProvider, { identifier: 'unblock', interFileDependencies: true, workspaceDiagnostics: true });
      const app = path.join(root, 'service', 'app.py');
      await client.open(app, 'python');
      const pull = () => client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: uriOf(app) } }) as Promise<{ kind: string; items: Diagnostic[] }>;
      let report = await pull();
      assert.strictEqual(report.kind, 'full');
      assert.ok(codes(report.items).includes('py/blocking-sleep'), JSON.stringify(report));
      // The chain into helpers.py needs the workspace read from disk; the server then asks the client to pull again.
      while (!codes(report.items).includes('py/via-call')) {
        const seen = client.diagnosticRefreshes;
        await client.waitFor('workspace/diagnostic/refresh', () => client.diagnosticRefreshes > seen);
        report = await pull();
      }
      assert.deepStrictEqual(codes(report.items), ['py/blocking-http', 'py/blocking-sleep', 'py/via-call']);
      assert.strictEqual(client.diagnostics.has(uriOf(app)), false);
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('answers code actions asked for mid-debounce from the text now: fix-all right after an edit covers the line typed', () =>
    withServiceApp(async (client, app, text) => {
      const target = lineOf(text, 'async def health') + 1;
      // No wait for its diagnostics: the request arrives inside the 300 ms debounce, as fix-all on save does.
      await client.insert(app, target, '    time.sleep(2)\n');
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: uriOf(app) },
        range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.unblock'], triggerKind: 1 },
      })) as CodeAction[];
      assert.deepStrictEqual(actions.map((a) => a.kind), ['source.fixAll.unblock']);
      const resolved = (await client.connection.sendRequest('codeAction/resolve', actions[0])) as CodeAction;
      const lines = text.split('\n');
      lines.splice(target, 0, '    time.sleep(2)');
      const fixed = applyTo(lines.join('\n'), uriOf(app), resolved.edit!);
      assert.match(fixed, /^ {4}await asyncio\.sleep\(2\)$/m);
      assert.doesNotMatch(fixed, /time\.sleep\(/);
    }));

  it('runs a command asked for mid-debounce on the text now: Apply All Safe Fixes right after an edit fixes the line typed, for its version', () =>
    withServiceApp(async (client, app, text) => {
      const target = lineOf(text, 'async def health') + 1;
      const version = await client.insert(app, target, '    time.sleep(2)\n');
      const result = (await client.connection.sendRequest('workspace/executeCommand', { command: 'unblock.server.applyAllSafeFixes', arguments: [] })) as { applied: boolean };
      assert.strictEqual(result.applied, true, JSON.stringify(result));
      const changes = ((client.appliedEdits[0].edit as WorkspaceEdit).documentChanges ?? []) as TextDocumentEdit[];
      const ofApp = changes.find((c) => c.textDocument?.uri === uriOf(app));
      assert.strictEqual(ofApp?.textDocument.version, version, JSON.stringify(changes.map((c) => c.textDocument)));
      const lines = text.split('\n');
      lines.splice(target, 0, '    time.sleep(2)');
      const fixed = applyTo(lines.join('\n'), uriOf(app), client.appliedEdits[0].edit as WorkspaceEdit);
      assert.match(fixed, /^ {4}await asyncio\.sleep\(2\)$/m);
    }));

  it('names a resolved fix by the version its finding was analysed in: the client refuses it once the document moved on', () =>
    withServiceApp(async (client, app) => {
      const ds = await client.diagnosticsFor(app, (d) => d.some((x) => x.code === 'py/blocking-sleep'));
      const analysedVersion = client.diagnostics.get(uriOf(app))!.version;
      const sleep = ds.find((d) => d.code === 'py/blocking-sleep')!;
      const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(app) }, range: sleep.range, context: { diagnostics: [sleep] } })) as CodeAction[];
      const preferred = actions.find((a) => a.isPreferred)!;
      // A line typed above, then the fix resolved before its analysis (inside the debounce): the edit is of the older text.
      const typed = await client.insert(app, 0, '# a comment\n');
      const resolved = (await client.connection.sendRequest('codeAction/resolve', preferred)) as CodeAction;
      const ofApp = ((resolved.edit?.documentChanges ?? []) as TextDocumentEdit[]).find((c) => c.textDocument?.uri === uriOf(app));
      assert.ok(ofApp, JSON.stringify(resolved));
      assert.strictEqual(ofApp.textDocument.version, analysedVersion, `typed version ${typed}`);
      assert.notStrictEqual(ofApp.textDocument.version, typed);
    }));

  it('keeps up with an edit of a 5,000-line file', async () => {
    const root = tempWorkspace('big');
    const file = path.join(root, 'big_app.py');
    const text = bigModule();
    fs.writeFileSync(file, text);
    const client = await LspClient.start(root);
    try {
      await client.open(file, 'python');
      await client.diagnosticsFor(file, (ds) => ds.length === 25);
      const target = lineOf(text, 'async def item_1(') + 1;
      const version = await client.insert(file, target, '    time.sleep(1)\n');
      const ds = await client.diagnosticsFor(file, (d) => d.length === 26);
      assert.strictEqual(client.diagnostics.get(uriOf(file))!.version, version);
      assert.ok(ds.some((d) => d.code === 'py/blocking-sleep' && d.range.start.line === target));
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('answers other requests while a workspace scan runs, and the scan can be cancelled from the client', () =>
    withServiceApp(async (client, app, text) => {
      const before = client.progress.length;
      let settled = false;
      // No token from the client: the server creates the progress (window/workDoneProgress/create), cancellable.
      const scan = client.connection
        .sendRequest('workspace/executeCommand', { command: 'unblock.server.scanWorkspace', arguments: [] })
        .finally(() => (settled = true)) as Promise<{ cancelled: boolean; files: number }>;
      const first = await client.waitFor('scan progress', () => client.progress.slice(before).find((p) => p.value.kind === 'report'));
      const line = lineOf(text, 'time.sleep(1)');
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(app) }, position: { line, character: 10 } })) as Hover | null;
      assert.ok(hover, 'hover answered during the scan');
      assert.strictEqual(settled, false, 'the scan was still running when the hover came back');
      await client.connection.sendNotification('window/workDoneProgress/cancel', { token: first.token });
      const summary = await scan;
      assert.strictEqual(summary.cancelled, true, JSON.stringify(summary));
      assert.ok(client.progress.some((p) => p.token === first.token && p.value.kind === 'end'));

      // The other way to cancel: $/cancelRequest for the command itself.
      const source = new CancellationTokenSource();
      const mark = client.progress.length;
      const again = client.connection.sendRequest('workspace/executeCommand', { command: 'unblock.server.scanWorkspace', arguments: [] }, source.token) as Promise<{ cancelled: boolean }>;
      await client.waitFor('progress of the second scan', () => client.progress.slice(mark).find((p) => p.value.kind === 'report'));
      source.cancel();
      assert.strictEqual((await again).cancelled, true);
    }, (root) => manyModules(root, 2000)));

  it('follows watched files: a gunicorn.conf.py switching to gevent workers, then .unblock.json disabling a rule', async () => {
    const root = flaskWorkspace('watched');
    const app = path.join(root, 'app.py');
    const client = await LspClient.start(root);
    try {
      await client.open(app, 'python');
      const warning = (await client.diagnosticsFor(app, (ds) => ds.some((d) => d.code === 'py/blocking-sleep')))[0];
      assert.match(warning.message, /worker/);
      // Under gevent workers time.sleep is patched: the finding goes once the server hears of the new config.
      fs.appendFileSync(path.join(root, 'gunicorn.conf.py'), 'worker_class = "gevent"\n');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(root, 'gunicorn.conf.py')), type: 2 }] });
      await client.diagnosticsFor(app, (ds) => !ds.some((d) => d.code === 'py/blocking-sleep'));

      fs.writeFileSync(path.join(root, 'gunicorn.conf.py'), 'workers = 4\n');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(root, 'gunicorn.conf.py')), type: 2 }] });
      await client.diagnosticsFor(app, (ds) => ds.some((d) => d.code === 'py/blocking-sleep'));
      fs.writeFileSync(path.join(root, '.unblock.json'), JSON.stringify({ disable: ['py/blocking-sleep'] }));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(root, '.unblock.json')), type: 1 }] });
      await client.diagnosticsFor(app, (ds) => !ds.some((d) => d.code === 'py/blocking-sleep'));
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('follows unsaved edits that change the deployment: gevent workers typed into an open gunicorn.conf.py', async () => {
    const root = flaskWorkspace('unsaved');
    const app = path.join(root, 'app.py');
    const conf = path.join(root, 'gunicorn.conf.py');
    const client = await LspClient.start(root);
    try {
      await client.open(app, 'python');
      await client.open(conf, 'python');
      await client.diagnosticsFor(app, (ds) => ds.some((d) => d.code === 'py/blocking-sleep'));
      // The workspace is loaded (and its deployment read) before the edit: the edit itself must be noticed.
      await client.connection.sendRequest('workspace/executeCommand', { command: 'unblock.server.scanWorkspace', arguments: [] });
      const lines = fs.readFileSync(conf, 'utf8').split('\n').length;
      await client.insert(conf, lines - 1, 'worker_class = "gevent"\n');
      await client.diagnosticsFor(app, (ds) => !ds.some((d) => d.code === 'py/blocking-sleep'));
      assert.ok(!fs.readFileSync(conf, 'utf8').includes('gevent'), 'nothing was saved');
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('loads project rules only when the client says the workspace is trusted', async () => {
    const root = tempWorkspace('trust');
    fs.writeFileSync(path.join(root, '.unblock.json'), JSON.stringify({ rules: [soapRule()] }));
    const main = path.join(root, 'main.py');
    fs.writeFileSync(main, SOAP_APP);
    const client = await LspClient.start(root, { initializationOptions: { trusted: false } });
    try {
      await client.open(main, 'python');
      assert.deepStrictEqual(codes(await client.diagnosticsFor(main)), ['py/blocking-sleep']);
      await client.connection.sendNotification('unblock/setTrusted', { trusted: true });
      await client.diagnosticsFor(main, (ds) => codes(ds).includes('py/soap-client'));
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('keeps the models and findings of the workspace in initializationOptions.cacheDir: a reopened workspace gets its findings from there', async () => {
    const root = serviceWorkspace();
    const cacheDir = path.join(tempWorkspace('server-cache'), 'cache');
    const app = path.join(root, 'service', 'app.py');
    const start = async () => {
      const client = await LspClient.start(root, { initializationOptions: { cacheDir, editorEvents: true } });
      await client.open(app, 'python');
      await client.waitFor('the workspace read from disk', () => client.indexed > 0);
      return client;
    };
    try {
      const first = await start();
      const fresh = await first.diagnosticsFor(app, (ds) => ds.length >= 3);
      await first.stop();
      assert.ok(fs.statSync(path.join(cacheDir, 'models-python.bin')).size > 0);
      assert.ok(markStoredFindings(cacheDir) >= 3, 'the findings of the handlers are stored');

      const second = await start();
      try {
        const reopened = await second.diagnosticsFor(app, (ds) => ds.length >= 3 && ds.every((d) => d.message.includes(STORED_MARK)));
        assert.deepStrictEqual(reopened.map((d) => [d.code, d.range]), fresh.map((d) => [d.code, d.range]));
        // An edit after the load is analysed as always: the edited file's handlers are built again.
        const version = await second.insert(app, 0, '# edited\n');
        const edited = await second.diagnosticsFor(app, (ds) => ds.length >= 3);
        assert.ok(version > 1);
        assert.ok(edited.every((d) => !d.message.includes(STORED_MARK)), JSON.stringify(edited.map((d) => d.message)));
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(path.dirname(cacheDir), { recursive: true, force: true });
    }
  });
});
