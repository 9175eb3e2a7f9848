import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import type { ScanResultSummary } from '../server/commands';
import { SCAN_COMMAND } from '../server/names';
import type { Output } from './output';
import { ruleOf } from './published';
import { ReportPanel } from './report/panel';

let scans = 0;

/** `unblock.scanWorkspace`: the server's scan, with a cancellable progress notification fed by its $/progress. */
export async function scanWorkspace(client: LanguageClient, output: Output): Promise<ScanResultSummary | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Unblock: open a folder to scan a workspace.');
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Unblock: scanning workspace', cancellable: true },
    async (progress, token) => {
      const workDoneToken = `unblock-scan-${++scans}`;
      const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind !== 'report' || !value.message) return;
        progress.report({ message: value.message });
        const counts = /^(\d+)\/(\d+) files$/.exec(value.message);
        if (counts) ReportPanel.scanProgress({ done: Number(counts[1]), total: Number(counts[2]) });
      });
      try {
        const summary = (await client.sendRequest(ExecuteCommandRequest.type, { command: SCAN_COMMAND, arguments: [], workDoneToken }, token)) as ScanResultSummary;
        for (const e of summary.errors) output.info(`${e.file}: ${e.message}`);
        const what = `${summary.files} files, ${summary.handlers} handlers, ${summary.findings} blocking calls`;
        output.timing(`workspace scan${summary.cancelled ? ' (cancelled)' : ''}: ${what}`, summary.millis);
        void vscode.window.showInformationMessage(`Unblock${summary.cancelled ? ' (cancelled)' : ''}: ${what}.`);
        return summary;
      } catch (error) {
        if (token.isCancellationRequested) return undefined;
        output.error('workspace scan', error);
        void vscode.window.showErrorMessage(`Unblock: workspace scan failed: ${(error as Error).message}`);
        return undefined;
      } finally {
        listening.dispose();
        ReportPanel.refresh();
      }
    },
  );
}

/** `unblock.showRuleDocs [ruleId]`: the rule's page, shipped in the extension, else on the web. */
export async function showRuleDocs(
  ruleId: string | undefined,
  packaged: (id: string) => vscode.Uri,
  web: (id: string) => vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const id = ruleId ?? (await pickRule());
  if (!id) return undefined;
  const local = packaged(id);
  try {
    await vscode.workspace.fs.stat(local);
    await vscode.commands.executeCommand('markdown.showPreview', local);
    return local;
  } catch {
    const url = web(id);
    await vscode.env.openExternal(url);
    return url;
  }
}

async function pickRule(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const ids = new Set<string>();
  if (editor) for (const d of vscode.languages.getDiagnostics(editor.document.uri)) {
    const rule = ruleOf(d);
    if (rule) ids.add(rule);
  }
  if (ids.size === 0) {
    void vscode.window.showInformationMessage('Unblock: no Unblock diagnostics in this file.');
    return undefined;
  }
  return vscode.window.showQuickPick([...ids], { placeHolder: 'Rule to show documentation for' });
}
