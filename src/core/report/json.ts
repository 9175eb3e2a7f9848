import type { AppReadiness, AnalysisError, ChainHop, Finding, HandlerKind, HandlerRef, HandlerReport, ScanResult } from '../model';
import { compareFindings, relativePath, toolVersion, type RenderOptions } from './common';

/** Bumped only when a field changes meaning or disappears; other tools parse this. */
export const JSON_SCHEMA_VERSION = 1;

export interface JsonHandlerRef {
  file: string;
  line: number;
  name: string;
  framework: string;
}

export interface JsonHandler extends JsonHandlerRef {
  kind: 'sync' | 'async';
  /** route, class-view, middleware, hook, websocket, socketio-event, graphql-resolver, callback. */
  handlerKind: HandlerKind;
  route: string | null;
  /** In test, example or docs code: its findings are counted in `testFindingsHidden` unless `--include-tests`. */
  testCode?: true;
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  category: string;
  severity: 'error' | 'warning' | 'info';
  call: string;
  message: string;
  context: string;
  handler: JsonHandlerRef | null;
  /** `via`: how a hop runs when it is not a plain call (`callback passed to call_soon`); `note`: why it may not run per request. */
  chain: Array<{ file: string; line: number; column: number; name: string; via?: string; note?: string }>;
  /** `preferred` is the one fix-all applies; `unavailable` says why a fix cannot be applied here. */
  fixes: Array<{ title: string; kind: string; safe: boolean; preferred?: true; unavailable?: string; files?: string[] }>;
  deployment?: Record<string, unknown>;
}

export interface JsonReport {
  tool: 'unblock';
  version: string;
  schema: number;
  root: string;
  filesScanned: number;
  handlers: JsonHandler[];
  findings: JsonFinding[];
  /** Findings only test, example or docs code reaches, left out of `findings` (0 with `--include-tests`). */
  testFindingsHidden: number;
  /** Test, example or docs files not analysed, since no other file imports them (0 with `--include-tests`). */
  testFilesNotAnalysed: number;
  /** Migrations not analysed, since no other file imports them (only in a `--scope handlers` scan without fixes). */
  migrationsNotAnalysed: number;
  errors: Array<{ file: string; message: string }>;
  /** Per Flask/Django app: would an ASGI framework pay? Absent when the scan holds no such app. */
  readiness?: AppReadiness[];
}

/** The JSON contract as a value (the CLI's `--format json`, tests and other tools). */
export function toJsonReport(result: ScanResult): JsonReport {
  const rel = (file: string) => relativePath(result.root, file);
  const handlerRef = (h: HandlerRef): JsonHandlerRef => ({ file: rel(h.file), line: h.line, name: h.name, framework: h.framework });
  const handler = (h: HandlerReport): JsonHandler => ({ ...handlerRef(h), kind: h.kind, handlerKind: h.handlerKind, route: h.route, ...(h.testCode ? { testCode: true as const } : {}) });
  const hop = (c: ChainHop) => ({ file: rel(c.file), line: c.line, column: c.column, name: c.name, ...(c.via ? { via: c.via } : {}), ...(c.note ? { note: c.note } : {}) });
  const error = (e: AnalysisError) => ({ file: rel(e.file), message: e.message });
  const finding = (f: Finding): JsonFinding => {
    const out: JsonFinding = {
      file: rel(f.file),
      line: f.range.line,
      column: f.range.column,
      endLine: f.range.endLine,
      endColumn: f.range.endColumn,
      rule: f.rule,
      category: f.category,
      severity: f.severity,
      call: f.call,
      message: f.message,
      context: f.context,
      handler: f.handler ? handlerRef(f.handler) : null,
      chain: f.chain.map(hop),
      fixes: f.fixes.map((x) => ({
        title: x.title,
        kind: x.kind,
        safe: x.safe,
        ...(x.preferred ? { preferred: true as const } : {}),
        ...(x.unavailable ? { unavailable: x.unavailable } : {}),
        ...(x.edits.length ? { files: [...new Set(x.edits.map((e) => rel(e.file)))] } : {}),
      })),
    };
    if (f.deployment) out.deployment = { ...f.deployment, file: rel(f.deployment.file) };
    return out;
  };
  const handlers = [...result.handlers].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line);
  return {
    tool: 'unblock',
    version: toolVersion(),
    schema: JSON_SCHEMA_VERSION,
    root: result.root,
    filesScanned: result.filesScanned,
    handlers: handlers.map(handler),
    findings: [...result.findings].sort(compareFindings).map(finding),
    testFindingsHidden: result.testFindingsHidden ?? 0,
    testFilesNotAnalysed: result.testFilesNotAnalysed ?? 0,
    migrationsNotAnalysed: result.migrationsNotAnalysed ?? 0,
    errors: result.errors.map(error),
    ...(result.readiness ? { readiness: result.readiness.map((r) => ({ ...r, appRoot: rel(r.appRoot) || '.' })) } : {}),
  };
}

export function render(result: ScanResult, _options: RenderOptions = {}): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}
