import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import { Analyzer, engineFile } from './analysis';
import { UnblockCodeActions, SHOW_DOCS_COMMAND } from './codeActions';
import { HandlerCodeLens } from './codeLens';
import { scanProgressListeners, scanWorkspace, showRuleDocs } from './commands';
import { packagedRuleDocs, ruleDocsUrl } from './docs';
import { EngineClient } from '../server/engine/engineClient';
import type { HandlerLens } from '../server/engine/handlerCounts';
import { UnblockHover } from './hover';
import { Output } from './output';
import type { WorkerEvent } from '../server/engine/protocol';
import type { RuleDefinition } from '../core/rules/types';
import { ENGINE_SETTINGS, SECTION, readEngineSettings } from './settings';
import { StatusBar } from './statusBar';
import { maybeRunIntegrationTests } from './testHook';
import { registerReport } from './report/commands';
import { ReportPanel } from './report/panel';

const SELECTOR: vscode.DocumentSelector = ['python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact'].map(
  (language) => ({ language }),
);
const WATCHED = '**/*.{py,js,jsx,mjs,cjs,ts,tsx,mts,cts}';
/** Files deployment facts come from (see src/core/deployment). */
const DEPLOYMENT_FILES = '**/{Procfile,Dockerfile,*.toml,*.ini,*.cfg,requirements*.txt,*.yml,*.yaml,*.json,.env,.env.*,*.env}';

function tabUri(tab: vscode.Tab): vscode.Uri | undefined {
  return tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
}

function documentFor(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

function openInSomeTab(uri: vscode.Uri): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => tabUri(t)?.toString() === uri.toString()));
}

/** What activate() returns: read by the integration tests (and usable by other extensions). */
export interface UnblockApi {
  activationMillis: number;
  analyzer: Analyzer;
  statusText(): string;
}

/** Only wiring: every concern lives in its own module; nothing heavy loads until the first analysis. */
export function activate(context: vscode.ExtensionContext): UnblockApi {
  const started = performance.now();
  const output = new Output();
  const webDocs = ruleDocsUrl;
  const localDocs = (id: string) => packagedRuleDocs(context.extensionUri, id);

  let analyzer: Analyzer | undefined;
  const onEvent = (event: WorkerEvent) => {
    if (event.type === 'indexed') {
      output.timing(`indexed ${event.files} workspace files`, event.millis);
      void analyzer?.refresh().catch((e) => output.error('refresh after indexing', e));
      ReportPanel.refresh();
    } else if (event.type === 'progress') {
      scanProgressListeners.get(event.id)?.(event.done, event.total);
      ReportPanel.scanProgress({ done: event.done, total: event.total });
    }
  };
  const engine = EngineClient.forExtension(context.extensionPath, onEvent, (m) => output.info(`worker: ${m}`));
  void engine.configure(readEngineSettings());
  analyzer = new Analyzer(engine, webDocs, output);
  const statusBar = new StatusBar(analyzer);
  const lens = new HandlerCodeLens(() => engine.request<HandlerLens[]>({ type: 'handlers' }));
  const rules = new Map<string, Promise<RuleDefinition | undefined>>();
  const ruleFor = (id: string) => {
    if (!rules.has(id)) rules.set(id, engine.request<RuleDefinition | null>({ type: 'rule', id }).then((r) => r ?? undefined));
    return rules.get(id)!;
  };
  const uriFor = (document: vscode.TextDocument) => (file: string) =>
    file === engineFile(document).file ? document.uri : vscode.Uri.file(file);
  const a = analyzer;
  // A crashed worker lost the editor texts: send every open document again.
  let restartTimer: NodeJS.Timeout | undefined;
  engine.onDidCrash = () => {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => a.reset(vscode.workspace.textDocuments), 1000);
  };
  const reconfigure = () => {
    rules.clear();
    void engine.configure(readEngineSettings()).catch((e) => output.error('applying settings', e));
    a.reset(vscode.workspace.textDocuments);
  };

  let diskTimer: NodeJS.Timeout | undefined;
  const onDisk = (uri: vscode.Uri, deleted: boolean) => {
    if (!engine.started || uri.scheme !== 'file') return;
    // An open file is saved too (the gevent cure creates gunicorn.conf.py in an editor): the worker
    // re-reads the deployment either way and keeps the editor's text of open files.
    // The worker says whether a file's model changed; a deployment it re-reads announces itself ('indexed').
    void engine
      .request<boolean>({ type: 'diskChange', file: uri.fsPath, deleted })
      .then((changed) => {
        if (!changed) return;
        clearTimeout(diskTimer);
        diskTimer = setTimeout(() => void a.refresh().catch((e) => output.error('refresh after a disk change', e)), 300);
      })
      .catch((e) => output.error('reading a changed file', e));
  };
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED);
  const deploymentWatcher = vscode.workspace.createFileSystemWatcher(DEPLOYMENT_FILES);

  context.subscriptions.push(
    output,
    a,
    statusBar,
    lens,
    watcher,
    { dispose: () => engine.dispose() },
    { dispose: () => clearTimeout(diskTimer) },
    { dispose: () => clearTimeout(restartTimer) },
    vscode.workspace.onDidOpenTextDocument((d) => a.schedule(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && a.schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => a.close(d)),
    // VS Code keeps a document loaded for a while after its last tab closes: clear on the tab.
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const uri of e.closed.map(tabUri)) {
        if (!uri || openInSomeTab(uri)) continue;
        const document = documentFor(uri);
        if (document) a.close(document);
      }
      // A document can come back in a tab without a new open event (it stayed loaded).
      for (const uri of [...e.opened, ...e.changed].map(tabUri)) {
        const document = uri && documentFor(uri);
        if (document && !a.isTracked(document)) a.schedule(document, 0);
      }
    }),
    vscode.window.onDidChangeVisibleTextEditors((editors) => {
      for (const editor of editors) if (!a.isTracked(editor.document)) a.schedule(editor.document, 0);
    }),
    vscode.window.onDidChangeActiveTextEditor(() => statusBar.update()),
    a.onDidChange(() => {
      statusBar.update();
      lens.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (ENGINE_SETTINGS.some((k) => e.affectsConfiguration(`${SECTION}.${k}`)) || e.affectsConfiguration(`${SECTION}.enable`)) {
        output.info('settings changed: rebuilding the engine');
        reconfigure();
      } else if (e.affectsConfiguration(`${SECTION}.codeLens`)) lens.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => reconfigure()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => reconfigure()),
    watcher.onDidChange((uri) => onDisk(uri, false)),
    watcher.onDidCreate((uri) => onDisk(uri, false)),
    watcher.onDidDelete((uri) => onDisk(uri, true)),
    deploymentWatcher,
    deploymentWatcher.onDidChange((uri) => onDisk(uri, false)),
    deploymentWatcher.onDidCreate((uri) => onDisk(uri, false)),
    deploymentWatcher.onDidDelete((uri) => onDisk(uri, true)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new UnblockCodeActions((u) => a.resultFor(u), uriFor, (groups) => engine.request({ type: 'checkFixes', groups })), UnblockCodeActions.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new UnblockHover((u) => a.resultFor(u), ruleFor)),
    vscode.languages.registerCodeLensProvider(SELECTOR, lens),
    vscode.commands.registerCommand('unblock.scanWorkspace', () => scanWorkspace(engine, a, output)),
    vscode.commands.registerCommand(SHOW_DOCS_COMMAND, (ruleId?: string) => showRuleDocs(ruleId, localDocs, webDocs)),
    vscode.commands.registerCommand('unblock.showOutput', () => output.show()),
    ...registerReport({ extensionUri: context.extensionUri, engine, analyzer: a, output }),
  );

  for (const document of vscode.workspace.textDocuments) a.schedule(document, 0);
  const activationMillis = performance.now() - started;
  output.timing('activated', Math.round(activationMillis));
  maybeRunIntegrationTests();
  return { activationMillis, analyzer: a, statusText: () => statusBar.text };
}

export function deactivate(): void {
  // Disposables registered in activate() stop the worker.
}
