import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { EngineRequests } from '../client';
import type { PublishedDiagnostics } from '../published';
import { toWorkspaceEdit } from '../workspaceEdit';
import type { Output } from '../output';
import type { FindingsResult, WireFinding } from '../../server/engine/protocol';
import { parseWebviewMessage, type HostMessage, type WebviewCommand, type WebviewMessage } from './messages';
import { buildView, findingId, locationKey, preferredFix, viewLocations, type ReportData } from './view';

export const REPORT_VIEW_TYPE = 'unblock.report';

export interface ReportDeps {
  extensionUri: vscode.Uri;
  /** The server's analysis worker, read-only (report data, a file's findings, the fix-all check). */
  engine: EngineRequests;
  /** Fires when diagnostics were published: the report redraws. */
  published: PublishedDiagnostics;
  output: Output;
}

/** Commands the webview's toolbar buttons run. */
const TOOLBAR: Record<WebviewCommand, string> = {
  scan: 'unblock.scanWorkspace',
  export: 'unblock.exportReport',
  fixAll: 'unblock.applyAllSafeFixes',
};

/** Pause between a change (edit analysed, file changed on disk, scan finished) and redrawing. */
const REFRESH_DELAY_MS = 250;
/**
 * Above this many findings the live report skips computing fixes (that
 * re-parses every file with findings); a fix button then finds its fix on click.
 */
const FIX_TITLES_LIMIT = 400;

/** The file a finding's edits refer to, as the editor knows it (an open document keeps its URI). */
export function uriForFile(file: string): vscode.Uri {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)?.uri ?? vscode.Uri.file(file);
}

/**
 * Whether `file` is open with a text newer than the one the worker analysed
 * (`analysed`: the version it had): edits computed then would land at the
 * wrong offsets.
 */
export function changedSinceAnalysed(file: string, analysed: number | undefined): boolean {
  const uri = uriForFile(file).toString();
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  return document !== undefined && analysed !== undefined && document.version !== analysed;
}

/**
 * The report webview: one panel at a time (`createOrShow`), revived after a
 * reload by a serializer, `media/` as its only resource root, a strict CSP
 * with a fresh nonce per render. It draws a view model built from the
 * worker's data and never re-scans itself.
 */
export class ReportPanel {
  private static current: ReportPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private findings = new Map<string, WireFinding>();
  private locations = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private lastCount = 0;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: ReportDeps,
  ) {
    panel.webview.options = ReportPanel.webviewOptions(deps.extensionUri);
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((raw) => void this.receive(raw), undefined, this.disposables);
    deps.published.onDidChange(() => this.refreshSoon(), undefined, this.disposables);
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
  }

  static createOrShow(deps: ReportDeps): ReportPanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    if (ReportPanel.current) {
      ReportPanel.current.panel.reveal(column);
      ReportPanel.current.refreshSoon(0);
      return ReportPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'Unblock Report', column, {
      ...ReportPanel.webviewOptions(deps.extensionUri),
      retainContextWhenHidden: false,
    });
    ReportPanel.current = new ReportPanel(panel, deps);
    return ReportPanel.current;
  }

  /** The serializer's entry: a panel restored after a window reload. */
  static revive(panel: vscode.WebviewPanel, deps: ReportDeps): ReportPanel {
    ReportPanel.current?.dispose();
    ReportPanel.current = new ReportPanel(panel, deps);
    return ReportPanel.current;
  }

  /** Something changed (workspace indexed, scan finished): redraw the open panel, if any. */
  static refresh(): void {
    ReportPanel.current?.refreshSoon();
  }

  static scanProgress(progress: { done: number; total: number } | null): void {
    void ReportPanel.current?.post({ type: 'scanning', progress });
  }

  static get visible(): ReportPanel | undefined {
    return ReportPanel.current;
  }

  refreshSoon(delay = REFRESH_DELAY_MS): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    try {
      const data = await this.deps.engine.request<ReportData>({ type: 'report', fixes: this.lastCount <= FIX_TITLES_LIMIT });
      if (generation !== this.generation) return;
      this.lastCount = data.findings.length;
      const view = buildView(data);
      this.findings = new Map(data.findings.map((f) => [findingId(f), f]));
      this.locations = viewLocations(view);
      await this.post({ type: 'view', view });
      if (!data.loading) await this.post({ type: 'scanning', progress: null });
      // Still reading the workspace: the 'indexed' event refreshes again; this covers a missed one.
      else this.refreshSoon(2000);
    } catch (error) {
      this.deps.output.error('report', error);
    }
  }

  private post(message: HostMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.deps.output.info(`report: ignored a malformed webview message`);
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      this.deps.output.error(`report: ${message.type}`, error);
      void vscode.window.showErrorMessage(`Unblock: ${(error as Error).message}`);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.refresh();
      case 'open':
        return this.open(message.file, message.line, message.column);
      case 'fix':
        return this.fix(message.id);
      case 'command':
        await vscode.commands.executeCommand(TOOLBAR[message.command]);
        return;
    }
  }

  private async open(file: string, line: number, column: number): Promise<void> {
    // Only places the report shows: a webview message cannot open arbitrary files.
    if (!this.locations.has(locationKey(file, line))) return;
    const position = new vscode.Position(line - 1, Math.max(0, column - 1));
    const column_ = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(uriForFile(file), {
      viewColumn: column_,
      selection: new vscode.Range(position, position),
      preserveFocus: false,
    });
  }

  /**
   * Applies the finding's preferred fix: asks the worker for that file's
   * findings (the request behind the editor's diagnostics and quick fixes)
   * and applies the same WorkspaceEdit the quick fix applies.
   */
  private async fix(id: string): Promise<void> {
    const known = this.findings.get(id);
    if (!known) return;
    const result = await this.deps.engine.request<FindingsResult>({ type: 'findings', files: [known.file] });
    const finding = result.byFile[known.file]?.find((f) => findingId(f) === id);
    const fix = finding && preferredFix(finding);
    if (!finding || !fix) {
      void vscode.window.showInformationMessage('Unblock: no automatic fix for this call; open it to see the suggestions.');
      this.refreshSoon();
      return;
    }
    // The edits' positions belong to the analysed text; a newer edit in the editor makes them stale.
    if (changedSinceAnalysed(finding.file, result.versions[finding.file])) {
      void vscode.window.showInformationMessage('Unblock: the file changed since it was analysed; try again in a moment.');
      this.refreshSoon();
      return;
    }
    const applied = await vscode.workspace.applyEdit(toWorkspaceEdit(fix.edits, uriForFile));
    if (!applied) void vscode.window.showWarningMessage(`Unblock: could not apply "${fix.title}".`);
  }

  private html(): string {
    const webview = this.panel.webview;
    const media = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'report');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css'));
    const nonce = crypto.randomBytes(16).toString('base64');
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Unblock Report</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="state">Loading the report…</p></main>
<div id="announce" class="visually-hidden" role="status" aria-live="polite"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (ReportPanel.current === this) ReportPanel.current = undefined;
    clearTimeout(this.timer);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
