import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DOCUMENT_HIDDEN, DOCUMENT_SHOWN, INDEXED_NOTIFICATION, SET_TRUSTED } from '../server/names';
import { createClient, engineRequests, SHOW_DOCS_COMMAND } from './client';
import { scanWorkspace, showRuleDocs } from './commands';
import { packagedRuleDocs } from './docs';
import { ruleDocsUrl } from '../core/report/common';
import { Output } from './output';
import { PublishedDiagnostics } from './published';
import { StatusBar } from './statusBar';
import { maybeRunIntegrationTests } from './testHook';
import { registerReport } from './report/commands';
import { ReportPanel } from './report/panel';

function tabUri(tab: vscode.Tab): vscode.Uri | undefined {
  return tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
}

function openInSomeTab(uri: vscode.Uri): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => tabUri(t)?.toString() === uri.toString()));
}

/** What activate() returns: read by the integration tests (and usable by other extensions). */
export interface UnblockApi {
  activationMillis: number;
  /** Which document version the diagnostics shown belong to. */
  analyzer: Pick<PublishedDiagnostics, 'resultFor'>;
  statusText(): string;
}

let client: LanguageClient | undefined;

/** Only wiring: the language server (dist/server.js, its analysis in a worker thread) does the work. */
export function activate(context: vscode.ExtensionContext): UnblockApi {
  const started = performance.now();
  const output = new Output();
  const webDocs = (id: string) => vscode.Uri.parse(ruleDocsUrl(id));
  const localDocs = (id: string) => packagedRuleDocs(context.extensionUri, id);
  const published = new PublishedDiagnostics();
  const languageClient = createClient(context, output, published);
  client = languageClient;
  const engine = engineRequests(languageClient);
  const statusBar = new StatusBar((uri) => published.resultFor(uri) !== undefined);
  const notify = (method: string, params: unknown) => {
    if (languageClient.isRunning()) void languageClient.sendNotification(method, params).catch((e) => output.error(method, e));
  };

  // VS Code keeps a document loaded for a while after its last tab closes: the server
  // stops showing it when the tab goes, and shows it again when it comes back in a tab.
  const hidden = new Set<string>();
  const onTabs = (e: vscode.TabChangeEvent) => {
    for (const uri of e.closed.map(tabUri)) {
      if (!uri || openInSomeTab(uri) || hidden.has(uri.toString())) continue;
      hidden.add(uri.toString());
      notify(DOCUMENT_HIDDEN, { uri: uri.toString() });
    }
    for (const uri of [...e.opened, ...e.changed].map(tabUri)) {
      if (uri && hidden.delete(uri.toString())) notify(DOCUMENT_SHOWN, { uri: uri.toString() });
    }
  };

  languageClient.onNotification(INDEXED_NOTIFICATION, () => ReportPanel.refresh());
  context.subscriptions.push(
    output,
    published,
    statusBar,
    vscode.window.tabGroups.onDidChangeTabs(onTabs),
    vscode.workspace.onDidCloseTextDocument((d) => hidden.delete(d.uri.toString())),
    vscode.window.onDidChangeActiveTextEditor(() => statusBar.update()),
    vscode.languages.onDidChangeDiagnostics(() => statusBar.update()),
    published.onDidChange(() => statusBar.update()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => notify(SET_TRUSTED, { trusted: true })),
    vscode.commands.registerCommand('unblock.scanWorkspace', () => scanWorkspace(languageClient, output)),
    vscode.commands.registerCommand(SHOW_DOCS_COMMAND, (ruleId?: string) => showRuleDocs(typeof ruleId === 'string' ? ruleId : undefined, localDocs, webDocs)),
    vscode.commands.registerCommand('unblock.showOutput', () => output.show()),
    ...registerReport({ extensionUri: context.extensionUri, engine, published, output }),
  );

  void languageClient.start().catch((e) => output.error('starting the language server', e));
  const activationMillis = performance.now() - started;
  output.timing('activated', Math.round(activationMillis));
  maybeRunIntegrationTests();
  return { activationMillis, analyzer: published, statusText: () => statusBar.text };
}

export function deactivate(): Thenable<void> | undefined {
  const stopping = client?.stop();
  client = undefined;
  return stopping;
}
