import * as vscode from 'vscode';
import type { Analyzer } from './analysis';
import type { EngineClient } from '../server/engine/engineClient';
import type { ScanSummary } from '../server/engine/protocol';
import type { Output } from './output';
import { ruleOf } from './diagnostics';

/** `unblock.scanWorkspace`: analyse every file in the worker, with a cancellable progress notification. */
export async function scanWorkspace(engine: EngineClient, analyzer: Analyzer, output: Output): Promise<ScanSummary | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Unblock: open a folder to scan a workspace.');
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Unblock: scanning workspace', cancellable: true },
    async (progress, token) => {
      const { id, result } = engine.requestWithId<ScanSummary>({ type: 'scanWorkspace' });
      const cancelling = token.onCancellationRequested(() => engine.cancel(id));
      const listener = (done: number, total: number) => progress.report({ message: `${done}/${total} files` });
      scanProgressListeners.set(id, listener);
      try {
        const summary = await result;
        analyzer.publishScan(summary.byFile);
        for (const e of summary.errors) output.info(`${e.file}: ${e.message}`);
        const what = `${summary.files} files, ${summary.handlers} handlers, ${summary.findings} blocking calls`;
        output.timing(`workspace scan${summary.cancelled ? ' (cancelled)' : ''}: ${what}`, summary.millis);
        void vscode.window.showInformationMessage(`Unblock${summary.cancelled ? ' (cancelled)' : ''}: ${what}.`);
        return summary;
      } catch (error) {
        output.error('workspace scan', error);
        void vscode.window.showErrorMessage(`Unblock: workspace scan failed: ${(error as Error).message}`);
        return undefined;
      } finally {
        cancelling.dispose();
        scanProgressListeners.delete(id);
      }
    },
  );
}

/** Progress reporters of running scans, by request id (the worker's progress events carry it). */
export const scanProgressListeners = new Map<number, (done: number, total: number) => void>();

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
