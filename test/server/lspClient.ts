/**
 * A small real LSP client for the tests: spawns `unblock server --stdio` (the
 * compiled CLI) and speaks JSON-RPC to it over the pipes, as an editor does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawn, type ChildProcess } from 'child_process';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { CLI, TEST_CACHE_DIR } from '../cli/run-cli';

export const uriOf = (file: string) => pathToFileURL(file).href;

/** What a capable editor announces (VS Code-like), minus pull diagnostics unless asked. */
export function capabilities(options: { pull?: boolean; progress?: boolean } = {}): ClientCapabilities {
  return {
    workspace: {
      configuration: true,
      workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
      didChangeWatchedFiles: { dynamicRegistration: true },
      didChangeConfiguration: { dynamicRegistration: true },
      codeLens: { refreshSupport: true },
      ...(options.pull ? { diagnostics: { refreshSupport: true } } : {}),
    },
    textDocument: {
      synchronization: { dynamicRegistration: false },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
        isPreferredSupport: true,
        dataSupport: true,
        resolveSupport: { properties: ['edit'] },
      },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      codeLens: {},
      ...(options.pull ? { diagnostic: { relatedDocumentSupport: false } } : {}),
    },
    window: { workDoneProgress: options.progress ?? true, showDocument: { support: false } },
  };
}

export class LspClient {
  readonly connection: ProtocolConnection;
  /** Latest published diagnostics per URI. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** `unblock` settings answered to workspace/configuration. */
  settings: Record<string, unknown> = {};
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly progress: { token: string | number; value: { kind: string; message?: string; percentage?: number } }[] = [];
  private readonly waiters = new Set<() => void>();
  private versions = new Map<string, number>();
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    child.stderr!.on('data', (chunk) => (this.stderr += chunk));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params);
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'unblock' ? this.settings : null)),
    );
    this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      this.wake();
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (params: LspClient['progress'][number]) => {
      this.progress.push(params);
      this.wake();
    });
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.onRequest('workspace/applyEdit', (params: { label?: string; edit: unknown }) => {
      this.appliedEdits.push(params);
      return { applied: true };
    });
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.diagnosticRefreshes++;
      this.wake();
      return null;
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    // Sent with `editorEvents` once the workspace is read from disk.
    this.connection.onNotification('unblock/indexed', () => {
      this.indexed++;
      this.wake();
    });
    this.connection.listen();
  }

  /** Starts the server in `root` and completes the initialize handshake. */
  static async start(root: string, options: { pull?: boolean; initializationOptions?: unknown; settings?: Record<string, unknown> } = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [CLI, 'server', '--stdio'], {
      cwd: root,
      env: { ...process.env, UNBLOCK_CACHE_DIR: TEST_CACHE_DIR },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const client = new LspClient(child);
    client.settings = options.settings ?? {};
    const result = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
      capabilities: capabilities({ pull: options.pull }),
      initializationOptions: options.initializationOptions,
    });
    client.initializeResult = result;
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  initializeResult: unknown;
  /** workspace/applyEdit requests from the server (answered as applied). */
  readonly appliedEdits: { label?: string; edit: unknown }[] = [];
  /** workspace/diagnostic/refresh requests received: a pulling client pulls again after each. */
  diagnosticRefreshes = 0;
  /** `unblock/indexed` notifications received (with `editorEvents`). */
  indexed = 0;

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves once `check` returns a value, re-checked after every message from the server. */
  waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const tryNow = () => {
        const value = check();
        if (value !== undefined && value !== false) {
          this.waiters.delete(tryNow);
          clearTimeout(timer);
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(tryNow);
        reject(new Error(`timed out waiting for ${what}; server stderr:\n${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.waiters.add(tryNow);
      tryNow();
    });
  }

  /** The diagnostics of `file` once `ready` accepts them (for the version last sent when the file is open). */
  diagnosticsFor(file: string, ready: (ds: Diagnostic[]) => boolean = (ds) => ds.length > 0): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    return this.waitFor(`diagnostics of ${path.basename(file)}`, () => {
      const published = this.diagnostics.get(uri);
      if (!published) return undefined;
      const version = this.versions.get(uri);
      if (version !== undefined && published.version !== version) return undefined;
      return ready(published.diagnostics) && published.diagnostics;
    });
  }

  async open(file: string, languageId: string): Promise<string> {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text: fs.readFileSync(file, 'utf8') },
    });
    return uri;
  }

  /** Replaces lines [line, line) with `text` (an insertion), as an incremental edit. */
  async insert(file: string, line: number, text: string): Promise<number> {
    const uri = uriOf(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text }],
    });
    return version;
  }

  async close(file: string): Promise<void> {
    const uri = uriOf(file);
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    if (this.child.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve();
        }, 5000);
        this.child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
