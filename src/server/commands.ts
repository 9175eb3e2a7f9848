/**
 * workspace/executeCommand: the workspace scan (with $/progress, cancellable),
 * the report, apply-all, and the targets of our code actions and lenses.
 */
import type { CancellationToken, Connection, WorkDoneProgressReporter, WorkspaceEdit } from 'vscode-languageserver';
import type { BatchVerdict } from '../core/fixes/checkBatch';
import type { ReportFormat } from '../core/report/formats';
import { ruleDocsUrl } from '../core/report/common';
import type { EngineClient } from './engine/engineClient';
import type { ScanSummary, WireEdit } from './engine/protocol';
import type { ReportData } from './engine/workerReport';
import { APPLY_ALL_COMMAND, OPEN_DOCS_COMMAND, REPORT_COMMAND, SCAN_COMMAND, SHOW_HANDLER_COMMAND } from './names';
import { checkedSafeEdits } from './fixAll';

export const SERVER_COMMANDS = [SCAN_COMMAND, REPORT_COMMAND, APPLY_ALL_COMMAND, OPEN_DOCS_COMMAND, SHOW_HANDLER_COMMAND];

/** What the scan command returns: the worker's summary without the findings (they arrive as diagnostics). */
export type ScanResultSummary = Omit<ScanSummary, 'byFile'>;

export interface CommandDeps {
  connection: Connection;
  engine: EngineClient;
  /** Progress events of the worker's scan, by its request id. */
  scanProgress: Map<number, (done: number, total: number) => void>;
  publishScan(byFile: ScanSummary['byFile']): void;
  /** The edits as a WorkspaceEdit, each open document's named by the version they were computed from. */
  edit(edits: readonly WireEdit[], versionOf: (file: string) => number | null): WorkspaceEdit;
  /** A reporter of the client's own token, else one the server creates (when the client supports it). */
  progress(): Promise<{ reporter: WorkDoneProgressReporter; token?: CancellationToken }>;
  canShowDocument: boolean;
}

const FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'markdown'];

export async function scanWorkspace(deps: CommandDeps, token: CancellationToken): Promise<ScanResultSummary> {
  const { reporter, token: progressToken } = await deps.progress();
  reporter.begin('Unblock: scanning workspace', 0, undefined, true);
  const { id, result } = deps.engine.requestWithId<ScanSummary>({ type: 'scanWorkspace' });
  const cancel = () => deps.engine.cancel(id);
  const subscriptions = [token.onCancellationRequested(cancel), progressToken?.onCancellationRequested(cancel)];
  deps.scanProgress.set(id, (done, total) => reporter.report(total ? Math.round((100 * done) / total) : 0, `${done}/${total} files`));
  try {
    const { byFile, ...summary } = await result;
    deps.publishScan(byFile);
    return summary;
  } finally {
    deps.scanProgress.delete(id);
    for (const s of subscriptions) s?.dispose();
    reporter.done();
  }
}

/** Every safe preferred fix of the workspace that passes the whole-project check, applied through workspace/applyEdit. */
export async function applyAllSafeFixes(deps: CommandDeps): Promise<{ applied: boolean; edits: number; files: number; rejected: number }> {
  const data = await deps.engine.request<ReportData>({ type: 'report', complete: true });
  const { edits, rejected } = await checkedSafeEdits(data.findings, (groups) => deps.engine.request<BatchVerdict>({ type: 'checkFixes', groups }));
  const files = new Set(edits.map((e) => e.file)).size;
  if (edits.length === 0) return { applied: false, edits: 0, files: 0, rejected: rejected.length };
  // Named by the versions the worker analysed: a client refuses the edits of a document typed in since.
  const edit = deps.edit(edits, (file) => data.versions[file] ?? null);
  const answer = await deps.connection.workspace.applyEdit({ label: 'Unblock: apply all safe fixes', edit });
  return { applied: answer.applied, edits: edits.length, files, rejected: rejected.length };
}

export async function executeCommand(deps: CommandDeps, command: string, args: unknown[], token: CancellationToken): Promise<unknown> {
  switch (command) {
    case SCAN_COMMAND:
      return scanWorkspace(deps, token);
    case REPORT_COMMAND: {
      const format = FORMATS.includes(args[0] as ReportFormat) ? (args[0] as ReportFormat) : 'json';
      return deps.engine.request<string>({ type: 'renderReport', format });
    }
    case APPLY_ALL_COMMAND:
      return applyAllSafeFixes(deps);
    case OPEN_DOCS_COMMAND: {
      if (typeof args[0] !== 'string') return null;
      const uri = ruleDocsUrl(args[0]);
      if (deps.canShowDocument) await deps.connection.window.showDocument({ uri, external: true });
      else deps.connection.window.showInformationMessage(`Unblock: ${args[0]}: ${uri}`);
      return uri;
    }
    case SHOW_HANDLER_COMMAND:
      if (typeof args[0] === 'string') deps.connection.window.showInformationMessage(`Unblock: ${args[0]}`);
      return null;
    default:
      throw new Error(`unknown command ${command}`);
  }
}
