/**
 * Worker side of the report: the data the panel draws and the exported
 * files. Runs in the analysis worker (it imports the engine and the core
 * renderers, which the extension host bundle must not load).
 */
import type { Engine } from '../../core/engine';
import type { AnalysisError, Finding, HandlerReport, ScanResult } from '../../core/model';
import { renderReport, type ReportFormat } from '../../core/report';
import type { WireFinding } from './protocol';

/** What the worker answers to `{ type: 'report' }`: the report panel's data. */
export interface ReportData {
  roots: string[];
  /** Files the engine holds. */
  files: number;
  /** The workspace is still being read from disk (findings may be incomplete). */
  loading: boolean;
  /** Whether findings carry their fixes (false: fixes are looked up per file on demand). */
  fixes: boolean;
  handlers: HandlerReport[];
  findings: WireFinding[];
  /** Findings only test, example or docs code reaches, left out of `findings` (0 with `unblock.includeTests`). */
  testFindingsHidden: number;
  errors: AnalysisError[];
  /** The version of each open document's text the findings and their edits were computed from. */
  versions: Record<string, number>;
}

export type ReportRequest =
  /** Handlers, findings (with fixes' edits) and errors of the whole workspace. */
  | {
      type: 'report';
      /** Wait until the workspace is read from disk. */
      complete?: boolean;
      /** Compute fixes (re-parses files with findings); false for large workspaces' live updates. */
      fixes?: boolean;
    }
  /** The workspace report rendered by the CLI's renderer (SARIF, Markdown, JSON). */
  | { type: 'renderReport'; format: ReportFormat };

/** True while `loading` has not settled (a settled promise wins the race against setImmediate). */
export function stillPending(loading: Promise<unknown> | undefined): Promise<boolean> {
  if (!loading) return Promise.resolve(false);
  return Promise.race([
    loading.then(
      () => false,
      () => false,
    ),
    new Promise<boolean>((resolve) => setImmediate(() => resolve(true))),
  ]);
}

export async function reportData(
  engine: Engine,
  roots: string[],
  loading: Promise<unknown> | undefined,
  toWire: (finding: Finding) => WireFinding,
  fixes: boolean,
  open: ReadonlyMap<string, number>,
): Promise<ReportData> {
  return {
    roots,
    files: engine.files().length,
    loading: await stillPending(loading),
    fixes,
    handlers: engine.handlers(),
    findings: engine.findings({ fixes }).map(toWire),
    testFindingsHidden: engine.hiddenTestFindings(),
    errors: engine.errors(),
    versions: Object.fromEntries(open),
  };
}

/** The same ScanResult the CLI's `scan` builds, rendered by the same renderer. */
export function renderedReport(engine: Engine, roots: string[], format: ReportFormat): string {
  const result: ScanResult = {
    root: roots[0] ?? process.cwd(),
    filesScanned: engine.files().length,
    handlers: engine.handlers(),
    findings: engine.findings(),
    errors: engine.errors(),
  };
  const hidden = engine.hiddenTestFindings();
  if (hidden > 0) result.testFindingsHidden = hidden;
  return renderReport(format, result, { rules: engine.rules });
}
