/**
 * Messages between the extension host and the analysis worker
 * (`worker.ts`). Plain JSON: the worker owns the engine, the host owns vscode.
 */
import type { AnalysisError, Finding, Fix, HandlerReport, Scope, TextEdit } from '../../core/model';
import type { SeverityOverrides } from '../../core/severity';
import type { ReportRequest } from './workerReport';

/** Untitled and other non-file documents get a fake path under this root, in their own engine. */
export const VIRTUAL_ROOT = '/__unblock_virtual__';

/** 0-based, like vscode.Position. */
export interface WirePosition {
  line: number;
  character: number;
}

/** A TextEdit with its range resolved against the text the engine analysed. */
export interface WireEdit extends TextEdit {
  start: WirePosition;
  end: WirePosition;
  /** The file does not exist yet (a new requirements.txt): create it first. */
  create?: boolean;
}

export interface WireFix extends Omit<Fix, 'edits'> {
  edits: WireEdit[];
}

export interface WireFinding extends Omit<Finding, 'fixes'> {
  fixes: WireFix[];
  /**
   * Set when fixes were left out (the keystroke path): whether a rewrite or
   * cure may be offered, judged from the rule alone. Code actions ask for
   * the fixes themselves.
   */
  fixesPending?: { likely: boolean };
}

export interface EngineSettings {
  roots: string[];
  /** Undefined: `.unblock.json` or the engine default decides. */
  scope?: Scope;
  maxDepth?: number;
  /** Undefined: `.unblock.json` decides (default off). */
  includeTests?: boolean;
  severity: SeverityOverrides;
  disabledRules: string[];
  /** gitignore-style globs relative to the first root. */
  ignore: string[];
  /** Project rule files; empty in untrusted workspaces. */
  ruleFiles: string[];
  /** Also load project rules from `.unblock.json`; false in untrusted workspaces. */
  trusted: boolean;
  /** Where file models and findings are kept between sessions (the editor's storage); none: not kept. */
  cacheDir?: string;
}

export type Request =
  | { type: 'configure'; settings: EngineSettings }
  /** Replace a file's text with the editor's (version echoes back in results). */
  | { type: 'setFile'; file: string; text: string; version: number; virtual: boolean }
  /** The editor closed it: fall back to the text on disk (or drop a virtual file). */
  | { type: 'closeFile'; file: string; virtual: boolean }
  /** A file changed on disk (not open in an editor). */
  | { type: 'diskChange'; file: string; deleted: boolean }
  /**
   * `fixes: false` leaves fixes out: they re-parse files, and only code
   * actions need them. `indexes` (one file): only those findings of the
   * file, with fixes (a code action's).
   */
  | { type: 'findings'; files: string[]; fixes?: boolean; indexes?: number[] }
  /** The workspace's handlers with how many blocking calls each reaches; `file`: only the handlers declared there (a document's code lenses). */
  | { type: 'handlers'; file?: string }
  /** A rule's definition (built-in or project), for hovers. */
  | { type: 'rule'; id: string }
  /** Walk the roots and analyse every file; reports progress. */
  | { type: 'scanWorkspace' }
  | { type: 'cancel'; id: number }
  /** The whole-project check of a fix-all batch (one group of edits per fix): which groups may be applied together. */
  | { type: 'checkFixes'; groups: TextEdit[][] }
  /** The report panel's data and exports (src/extension/report/workerReport.ts). */
  | ReportRequest;

export interface RequestEnvelope {
  id: number;
  request: Request;
}

export interface FindingsResult {
  /** file → findings, for every requested file the engine knows. */
  byFile: Record<string, WireFinding[]>;
  /** file → the editor version analysed (absent for disk files). */
  versions: Record<string, number>;
  millis: number;
}

/**
 * `findings` without fixes as the worker posts it: a finding it posted for
 * the file in its last such reply is that reply's index (a keystroke leaves
 * most of a file's findings as they were; each copy across threads took a
 * millisecond and a half of a 5,000-line file's keystroke). `EngineClient`
 * gives the requester the findings themselves.
 */
export interface PostedFindings extends Omit<FindingsResult, 'byFile'> {
  byFile: Record<string, Array<WireFinding | number>>;
  posted: true;
}

export interface ScanSummary {
  files: number;
  findings: number;
  handlers: number;
  errors: AnalysisError[];
  byFile: Record<string, WireFinding[]>;
  cancelled: boolean;
  millis: number;
}

export type Response =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

export type WorkerEvent =
  | { type: 'progress'; id: number; done: number; total: number; findings: number }
  | { type: 'log'; message: string }
  /** The workspace index finished loading: findings of open files may have changed. */
  | { type: 'indexed'; files: number; millis: number };

export type WorkerMessage = Response | WorkerEvent;

export type { HandlerReport };
