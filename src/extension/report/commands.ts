import * as vscode from 'vscode';
import { checkedSafeEdits } from '../../server/fixAll';
import { toWorkspaceEdit } from '../workspaceEdit';
import type { BatchVerdict } from '../../core/fixes/checkBatch';
import type { ReportFormat } from '../../core/report/formats';
import { changedSinceAnalysed, ReportPanel, REPORT_VIEW_TYPE, uriForFile, type ReportDeps } from './panel';
import type { ReportData } from './view';

interface ExportChoice extends vscode.QuickPickItem {
  format: ReportFormat;
  extension: string;
  filter: string;
}

const EXPORTS: ExportChoice[] = [
  { label: 'SARIF', description: 'for code scanning (GitHub, Azure DevOps)', format: 'sarif', extension: 'sarif', filter: 'SARIF' },
  { label: 'Markdown', description: 'for a pull request or an issue', format: 'markdown', extension: 'md', filter: 'Markdown' },
  { label: 'JSON', description: "the CLI's --format json", format: 'json', extension: 'json', filter: 'JSON' },
];

/**
 * `unblock.exportReport [format] [target]`: renders the workspace report with
 * the CLI's renderers (in the worker) and saves it. Without arguments it asks
 * for the format and the file.
 */
export async function exportReport(deps: ReportDeps, format?: ReportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  // Run from the report, the command palette hands focus back to the webview as it closes, which can land after
  // this picker opened and dismiss it (seen in the UI suite); the picker stays until the user picks or presses Escape.
  const choice = format
    ? EXPORTS.find((e) => e.format === format)
    : await vscode.window.showQuickPick(EXPORTS, { placeHolder: 'Export the Unblock report as', ignoreFocusOut: true });
  if (!choice) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Export Unblock Report',
      defaultUri: folder ? vscode.Uri.joinPath(folder, `unblock-report.${choice.extension}`) : undefined,
      filters: { [choice.filter]: [choice.extension] },
    }));
  if (!uri) return undefined;
  const text = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Unblock: rendering the report' },
    () => deps.engine.request<string>({ type: 'renderReport', format: choice.format }),
  );
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  if (!target) {
    void vscode.window.showInformationMessage(`Unblock: report saved to ${vscode.workspace.asRelativePath(uri)}.`, 'Open').then((answer) => {
      if (answer === 'Open') void vscode.window.showTextDocument(uri);
    });
  }
  return uri;
}

/**
 * `unblock.applyAllSafeFixes`: every safe, preferred fix in the workspace.
 * A modal says how many edits in which files; "Preview…" shows them in VS
 * Code's refactor preview (entries marked needsConfirmation: tick what to
 * apply), "Apply" applies them at once.
 */
export async function applyAllSafeFixes(deps: ReportDeps, choice?: 'apply' | 'preview'): Promise<boolean> {
  const data = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Unblock: collecting safe fixes' },
    () => deps.engine.request<ReportData>({ type: 'report', complete: true }),
  );
  const { edits, rejected } = await checkedSafeEdits(data.findings, (groups) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Unblock: checking the fixes together' }, () =>
      deps.engine.request<BatchVerdict>({ type: 'checkFixes', groups }),
    ),
  );
  // The edits' positions belong to the analysed text: a document typed in since (during the progress above) makes them stale.
  const stale = edits.find((e) => changedSinceAnalysed(e.file, data.versions[e.file]));
  if (stale) {
    void vscode.window.showInformationMessage(`Unblock: ${vscode.workspace.asRelativePath(stale.file)} changed since it was analysed; run Apply All Safe Fixes again in a moment.`);
    return false;
  }
  const leftOut = rejected.length ? `\n\n${rejected.length} fix(es) left out by the project check: ${rejected.slice(0, 3).map((r) => r.problems[0]).join('; ')}` : '';
  if (edits.length === 0) {
    void vscode.window.showInformationMessage(`Unblock: no safe fixes to apply.${leftOut}`);
    return false;
  }
  const files = [...new Set(edits.map((e) => e.file))].map((f) => vscode.workspace.asRelativePath(f));
  const APPLY = 'Apply';
  const PREVIEW = 'Preview…';
  const answer =
    choice === 'apply'
      ? APPLY
      : choice === 'preview'
        ? PREVIEW
        : await vscode.window.showWarningMessage(
            `Unblock: apply ${edits.length} safe edits in ${files.length} files?`,
            { modal: true, detail: `Only fixes marked safe (they keep behaviour) and preferred, checked together.${leftOut}\n\n${files.slice(0, 20).join('\n')}${files.length > 20 ? '\n…' : ''}` },
            APPLY,
            PREVIEW,
          );
  if (answer === APPLY) return vscode.workspace.applyEdit(toWorkspaceEdit(edits, uriForFile), { isRefactoring: true });
  if (answer !== PREVIEW) return false;
  const edit = toWorkspaceEdit(edits, uriForFile, {
    needsConfirmation: true,
    label: 'Unblock: safe fix',
    description: `${edits.length} edits in ${files.length} files`,
  });
  return vscode.workspace.applyEdit(edit, { isRefactoring: true });
}

/** The report's commands and its serializer. */
export function registerReport(deps: ReportDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('unblock.showReport', () => ReportPanel.createOrShow(deps)),
    vscode.commands.registerCommand('unblock.exportReport', (format?: ReportFormat, target?: vscode.Uri) =>
      exportReport(deps, typeof format === 'string' ? format : undefined, target instanceof vscode.Uri ? target : undefined),
    ),
    vscode.commands.registerCommand('unblock.applyAllSafeFixes', (choice?: unknown) =>
      applyAllSafeFixes(deps, choice === 'apply' || choice === 'preview' ? choice : undefined),
    ),
    vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        ReportPanel.revive(panel, deps);
      },
    }),
    { dispose: () => ReportPanel.visible?.dispose() },
  ];
}
