/**
 * The Unblock language server: LSP on one side, the analysis worker
 * (engine/worker.ts, a worker thread) on the other, so parsing and the
 * interprocedural analysis never run on the thread that reads messages.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  CodeActionTriggerKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ExecuteCommandRequest,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type ExecuteCommandParams,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { RuleDefinition } from '../core/rules/types';
import { toolVersion } from '../core/report/common';
import { EngineClient } from './engine/engineClient';
import type { HandlerLens } from './engine/handlerCounts';
import type { Request, WireEdit, WorkerEvent } from './engine/protocol';
import { codeActions, findingsNeedingFixes, findingsNeedingResolve, FIX_ALL_KIND, resolveCodeAction, wantsFixAll, type ActionContext } from './codeActions';
import { handlerCodeLenses } from './codeLens';
import { executeCommand, SERVER_COMMANDS, type CommandDeps } from './commands';
import { engineFile, fileUri, languageOf, uriToPath } from './documents';
import { toWorkspaceEdit } from './edits';
import { hoverAt } from './hover';
import { Session, DEBOUNCE_MS } from './session';
import { codeLensEnabled, engineSettings, languageEnabled, parseSettings, SECTION, type ServerSettings } from './settings';
import { changesConfiguration, WATCHED_GLOBS } from './watchers';
import {
  ANALYSED_NOTIFICATION,
  DOCUMENT_HIDDEN,
  DOCUMENT_SHOWN,
  ENGINE_REQUEST,
  INDEXED_NOTIFICATION,
  SET_TRUSTED,
  type InitializationOptions,
} from './names';

const FORWARDED: ReadonlySet<Request['type']> = new Set(['report', 'renderReport', 'findings', 'checkFixes', 'handlers', 'rule']);

/** dist/worker.js next to the bundle; engine/worker.js next to the compiled sources. */
function defaultWorkerFile(): string {
  const bundled = path.join(__dirname, 'worker.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, 'engine', 'worker.js');
}

function rootsOf(params: InitializeParams): string[] {
  const folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
  if (folders.length) return folders;
  const root = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined);
  return root ? [root] : [];
}

export function listen(connection: Connection, workerFile = defaultWorkerFile()): void {
  const documents = new TextDocuments(TextDocument);
  let capabilities: ClientCapabilities = {};
  let options: InitializationOptions = {};
  let roots: string[] = [];
  let settings: ServerSettings = {};
  let trusted = true;
  let pull = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const scanProgress = new Map<number, (done: number, total: number) => void>();
  const onEvent = (event: WorkerEvent) => {
    if (event.type === 'indexed') {
      connection.console.log(`indexed ${event.files} workspace files in ${event.millis} ms`);
      void session.refresh().catch((e) => logError('refresh after indexing', e));
      if (options.editorEvents) void connection.sendNotification(INDEXED_NOTIFICATION, { files: event.files });
    } else if (event.type === 'progress') scanProgress.get(event.id)?.(event.done, event.total);
  };
  const engine = new EngineClient(workerFile, onEvent, (m) => connection.console.log(`worker: ${m}`));
  const logError = (what: string, error: unknown) =>
    connection.console.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

  const analysable = (d: TextDocument) => {
    const language = languageOf(d.uri, d.languageId);
    return language !== undefined && languageEnabled(settings, language) && !d.uri.startsWith('git:') && !d.uri.startsWith('output:');
  };
  const timers = new Map<string, NodeJS.Timeout>();
  /** Coalesces refresh requests to the client (lenses, pulled diagnostics) into one per burst. */
  const soon = (key: string, run: () => void) => {
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(run, 100));
  };
  const session = new Session(
    engine,
    {
      published: (r) => {
        // First the version, then its diagnostics: the extension pairs them in that order.
        if (options.editorEvents) void connection.sendNotification(ANALYSED_NOTIFICATION, { uri: r.uri, version: r.version ?? null });
        if (!pull || !documents.get(r.uri)) void connection.sendDiagnostics({ uri: r.uri, version: r.version, diagnostics: r.diagnostics });
      },
      changed: () => {
        if (pull && capabilities.workspace?.diagnostics?.refreshSupport) soon('diagnostics', () => void connection.languages.diagnostics.refresh());
        if (capabilities.workspace?.codeLens?.refreshSupport) soon('lenses', () => void connection.sendRequest(CodeLensRefreshRequest.type));
      },
      error: logError,
    },
    analysable,
  );

  const documentChanges = () => capabilities.workspace?.workspaceEdit?.documentChanges === true;
  const edit = (edits: readonly WireEdit[], versionOf: (file: string) => number | null): WorkspaceEdit =>
    toWorkspaceEdit(edits, { uriOf: session.uriOf, versionOf }, documentChanges());
  const actionContext = (): ActionContext => ({
    lazy: capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
    // A fix's edits belong to the text its finding was analysed in; another open file's, to the text the worker holds.
    edit: (edits, analysed) => edit(edits, (file) => (file === analysed.file ? analysed.version ?? null : session.versionOf(file))),
    check: (groups) => engine.request({ type: 'checkFixes', groups }),
  });

  const rules = new Map<string, Promise<RuleDefinition | undefined>>();
  const ruleFor = (id: string) => {
    if (!rules.has(id)) rules.set(id, engine.request<RuleDefinition | null>({ type: 'rule', id }).then((r) => r ?? undefined));
    return rules.get(id)!;
  };

  const current = () => engineSettings(roots, settings, trusted, options.cacheDir);
  let applied = '';
  /** Rebuilds the engine when what it computes changed (or `force`), and analyses the open documents again. */
  const reconfigure = async (force = false) => {
    const next = JSON.stringify([current(), settings.enable]);
    if (!force && next === applied) return;
    applied = next;
    rules.clear();
    await engine.configure(current()).catch((e) => logError('applying settings', e));
    session.reset(documents.all());
  };
  const fetchSettings = async (): Promise<ServerSettings> => {
    if (!capabilities.workspace?.configuration) return settings;
    const scopeUri = documents.all()[0]?.uri ?? (roots[0] ? fileUri(roots[0]) : undefined);
    const [raw] = await connection.workspace.getConfiguration([{ section: SECTION, scopeUri }]).catch(() => [undefined]);
    return raw === undefined || raw === null ? settings : parseSettings(raw);
  };

  let restartTimer: NodeJS.Timeout | undefined;
  // A crashed worker lost the editor texts: send every open document again.
  engine.onDidCrash = () => {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => session.reset(documents.all()), 1000);
  };

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    options = (params.initializationOptions ?? {}) as InitializationOptions;
    roots = rootsOf(params);
    trusted = options.trusted !== false;
    // `settings`, or an `unblock` section (Helix and Zed send their LSP config as initializationOptions).
    settings = parseSettings(options.settings ?? (options as { unblock?: unknown }).unblock);
    pull = capabilities.textDocument?.diagnostic !== undefined && options.diagnostics !== 'push';
    applied = JSON.stringify([current(), settings.enable]);
    void engine.configure(current());
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: SERVER_COMMANDS },
        ...(pull ? { diagnosticProvider: { identifier: 'unblock', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'unblock', version: toolVersion() },
    };
  });

  connection.onInitialized(async () => {
    try {
      if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
      }
      if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
      }
      if (capabilities.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(() => {
          void connection.workspace.getWorkspaceFolders().then((folders) => {
            roots = (folders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
            return reconfigure();
          });
        });
      }
      settings = await fetchSettings();
      await reconfigure();
    } catch (error) {
      logError('initializing', error);
    } finally {
      markReady();
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    await ready;
    if (!capabilities.workspace?.configuration) {
      const raw = (change.settings as Record<string, unknown> | undefined)?.[SECTION];
      if (raw !== undefined) settings = parseSettings(raw);
    } else settings = await fetchSettings();
    await reconfigure();
    if (capabilities.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type);
  });

  connection.onNotification(SET_TRUSTED, async (params: { trusted?: boolean }) => {
    await ready;
    trusted = params?.trusted !== false;
    // The client leaves the rules file out of the settings while untrusted: ask again.
    settings = await fetchSettings();
    await reconfigure();
  });

  // VS Code keeps a document open for a while after its last tab closed: the extension says when it
  // is out of sight (shown like a closed file) and when it is back, without a close or an open.
  connection.onNotification(DOCUMENT_HIDDEN, async (params: { uri?: string }) => {
    await ready;
    const document = params?.uri ? documents.get(params.uri) : undefined;
    if (document) session.close(document);
  });
  connection.onNotification(DOCUMENT_SHOWN, async (params: { uri?: string }) => {
    await ready;
    const document = params?.uri ? documents.get(params.uri) : undefined;
    if (document && !session.isTracked(document)) session.schedule(document, 0);
  });

  let diskTimer: NodeJS.Timeout | undefined;
  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    await ready;
    const ruleFiles = current().ruleFiles;
    if (changes.some((c) => changesConfiguration(uriToPath(c.uri) ?? '', ruleFiles))) {
      await reconfigure(true);
      return;
    }
    if (!engine.started) return;
    // An open file is saved too (a fix creates gunicorn.conf.py in an editor): the worker re-reads the
    // deployment either way, keeps the editor's text of open files, and says whether a file's model changed.
    const answers = await Promise.all(
      changes.flatMap((c) => {
        const file = uriToPath(c.uri);
        return file ? [engine.request<boolean>({ type: 'diskChange', file, deleted: c.type === FileChangeType.Deleted }).catch(() => false)] : [];
      }),
    );
    if (!answers.some(Boolean)) return;
    clearTimeout(diskTimer);
    diskTimer = setTimeout(() => void session.refresh().catch((e) => logError('refresh after a disk change', e)), 300);
  });

  documents.onDidChangeContent((e) => {
    const delay = session.isTracked(e.document) ? DEBOUNCE_MS : 0;
    void ready.then(() => session.schedule(e.document, delay));
  });
  documents.onDidClose((e) => void ready.then(() => session.close(e.document)));

  connection.languages.diagnostics.on(async (params) => {
    // Opens before the settings arrived are scheduled once they did: wait for that, then for the analysis.
    await ready;
    const document = documents.get(params.textDocument.uri);
    const result = document ? await session.current(document) : session.resultFor(params.textDocument.uri);
    return { kind: 'full', items: result?.diagnostics ?? [] };
  });
  connection.languages.diagnostics.onWorkspace(async () => {
    await ready;
    await session.allCurrent(documents.all());
    return {
      items: session.allResults().map((r) => ({ kind: 'full' as const, uri: r.uri, version: documents.get(r.uri)?.version ?? null, items: r.diagnostics })),
    };
  });

  connection.onHover(async ({ textDocument, position }) => {
    await ready;
    const document = documents.get(textDocument.uri);
    if (!document) return null;
    const result = await session.current(document);
    if (!result || (result.version !== undefined && result.version !== document.version)) return null;
    return hoverAt(result.findings, position, document, ruleFor, roots[0]);
  });

  connection.onCodeAction(async (params) => {
    await ready;
    const document = documents.get(params.textDocument.uri);
    // Asked for (Ctrl+., a source action, fix-all on save): the analysis of the text now, even mid-debounce.
    // The lightbulb's automatic requests take what is there, so moving the cursor does not cut the debounce short.
    const wantsNow = params.context.triggerKind !== CodeActionTriggerKind.Automatic || wantsFixAll(params.context.only);
    const analysed = document && wantsNow ? await session.current(document) : session.resultFor(params.textDocument.uri);
    // Spans belong to the analysed text; offer edits only while it is the document's text.
    const isCurrent = !!analysed && (analysed.version === undefined || analysed.version === document?.version);
    const fixed = analysed && isCurrent ? await session.withFixes(analysed, findingsNeedingFixes(params, analysed)) : undefined;
    return codeActions(params, fixed ?? analysed, isCurrent && !!fixed, actionContext());
  });
  connection.onCodeActionResolve(async (action) => {
    const uri = (action.data as { uri?: string } | undefined)?.uri;
    const analysed = uri ? session.resultFor(uri) : undefined;
    return resolveCodeAction(action, analysed && (await session.withFixes(analysed, findingsNeedingResolve(action))), actionContext());
  });

  connection.onCodeLens(async ({ textDocument }) => {
    const document = documents.get(textDocument.uri);
    if (!document || !codeLensEnabled(settings) || !textDocument.uri.startsWith('file:') || !analysable(document)) return [];
    await ready;
    const { file } = engineFile(document.uri, document.languageId);
    const lenses = await engine.request<HandlerLens[]>({ type: 'handlers', file }).catch(() => [] as HandlerLens[]);
    return handlerCodeLenses(lenses, file, document.lineCount);
  });

  const commandDeps = (params: ExecuteCommandParams): CommandDeps => ({
    connection,
    engine,
    scanProgress,
    publishScan: (byFile) => session.publishScan(byFile),
    edit,
    canShowDocument: capabilities.window?.showDocument?.support === true,
    progress: async () => {
      if (params.workDoneToken !== undefined) return { reporter: connection.window.attachWorkDoneProgress(params.workDoneToken) };
      if (capabilities.window?.workDoneProgress) {
        const created = await connection.window.createWorkDoneProgress();
        return { reporter: created, token: created.token };
      }
      return { reporter: connection.window.attachWorkDoneProgress(undefined) };
    },
  });
  // Registered as a plain request so the client's workDoneToken is ours to read (onExecuteCommand consumes it).
  connection.onRequest(ExecuteCommandRequest.type, async (params: ExecuteCommandParams, token: CancellationToken) => {
    await ready;
    // A command run right after typing (Apply All Safe Fixes, a report) works on the open documents' text now, not the debounced one.
    await session.allCurrent(documents.all());
    return executeCommand(commandDeps(params), params.command, params.arguments ?? [], token);
  });

  connection.onRequest(ENGINE_REQUEST, async (request: Request) => {
    await ready;
    if (!request || !FORWARDED.has(request.type)) throw new Error(`unblock/engine: ${request?.type} is not forwarded`);
    // The report and a file's findings (the report view's fix button, Apply All Safe Fixes) are of the open documents' text now.
    if (request.type === 'report' || request.type === 'findings') await session.allCurrent(documents.all());
    return engine.request(request);
  });

  connection.onShutdown(() => {
    session.dispose();
    for (const t of timers.values()) clearTimeout(t);
    clearTimeout(diskTimer);
    clearTimeout(restartTimer);
    engine.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
