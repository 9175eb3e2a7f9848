/**
 * The editor session: open documents go to the analysis worker (debounced),
 * findings of every tracked file come back (an edit in a helper changes its
 * callers' findings), answers for versions that are already stale are
 * dropped, and the rest become diagnostics. No LSP transport here: the
 * server decides whether diagnostics are pushed or pulled.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EngineClient } from './engine/engineClient';
import type { FindingsResult, WireFinding } from './engine/protocol';
import { engineFile, fileUri } from './documents';
import { toDiagnostic } from './diagnostics';
import { findingKey } from '../core/findingKey';

/** Pause after the last keystroke before analysing. */
export const DEBOUNCE_MS = 300;

export interface Analysed {
  uri: string;
  /** The engine's name for the document (a path, or a virtual one). */
  file: string;
  /** The document version the findings belong to (undefined: text from disk). */
  version: number | undefined;
  findings: WireFinding[];
  diagnostics: Diagnostic[];
  /** Findings by index with their fixes, as code actions asked for them. */
  fixed?: Map<number, WireFinding>;
}

export interface SessionEvents {
  /** A file's diagnostics changed (empty: cleared). */
  published(result: Analysed): void;
  /** Some findings changed: lenses, pulled diagnostics and reports are out of date. */
  changed(): void;
  error(what: string, error: unknown): void;
}

export class Session {
  private readonly results = new Map<string, Analysed>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Engine file → document, for every document we track. */
  private readonly tracked = new Map<string, TextDocument>();
  /** Engine file → the analysis under way. */
  private readonly analyses = new Map<string, Promise<void>>();
  /** Files shown because of a workspace scan, kept up to date with the rest. */
  private readonly scanned = new Set<string>();
  private generation = 0;
  private lastRefresh: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: EngineClient,
    private readonly events: SessionEvents,
    /** Whether a document is analysed at all (its language enabled). */
    private readonly analysable: (document: TextDocument) => boolean,
  ) {}

  /** The URI the client knows a file by: an open document's own, else a file URI. */
  readonly uriOf = (file: string): string => this.tracked.get(file)?.uri ?? fileUri(file);

  /** The open document's version, null for a file that is not open. */
  readonly versionOf = (file: string): number | null => this.tracked.get(file)?.version ?? null;

  isTracked(document: TextDocument): boolean {
    return this.tracked.has(engineFile(document.uri, document.languageId).file);
  }

  resultFor(uri: string): Analysed | undefined {
    return this.results.get(uri);
  }

  allResults(): Analysed[] {
    return [...this.results.values()];
  }

  /** A document was opened or edited: analyse it after a pause. */
  schedule(document: TextDocument, delay = DEBOUNCE_MS): void {
    if (!this.analysable(document)) {
      if (this.results.has(document.uri) || this.isTracked(document)) this.forget(document);
      return;
    }
    const { file } = engineFile(document.uri, document.languageId);
    this.tracked.set(file, document);
    clearTimeout(this.timers.get(file));
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        this.startAnalysis(file, document);
      }, delay),
    );
  }

  private startAnalysis(file: string, document: TextDocument): Promise<void> {
    const running = this.analyse(document).finally(() => {
      if (this.analyses.get(file) === running) this.analyses.delete(file);
    });
    this.analyses.set(file, running);
    return running;
  }

  private async analyse(document: TextDocument): Promise<void> {
    const { file, virtual } = engineFile(document.uri, document.languageId);
    try {
      await this.engine.request({ type: 'setFile', file, text: document.getText(), version: document.version, virtual });
      await this.refresh();
    } catch (error) {
      this.events.error(`analysing ${document.uri}`, error);
    }
  }

  /**
   * The findings of the document's current version: an analysis waiting for
   * its debounce starts now (a client pulling diagnostics or asking for code
   * actions wants them at once). Undefined for documents we do not analyse.
   */
  async current(document: TextDocument): Promise<Analysed | undefined> {
    const { file } = engineFile(document.uri, document.languageId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = this.results.get(document.uri);
      if (result && (result.version === undefined || result.version === document.version)) return result;
      if (!this.tracked.has(file)) return result;
      if (this.timers.has(file)) {
        clearTimeout(this.timers.get(file));
        this.timers.delete(file);
        this.startAnalysis(file, this.tracked.get(file)!);
      }
      await (this.analyses.get(file) ?? this.lastRefresh);
    }
    return this.results.get(document.uri);
  }

  /** Every open document's findings of its current version (what `current` gives each): workspace pulls, commands and reports wait for them. */
  async allCurrent(documents: readonly TextDocument[]): Promise<void> {
    await Promise.all(documents.map((document) => this.current(document)));
  }

  /** Asks for findings of every tracked and scanned file and publishes the fresh ones. */
  refresh(): Promise<void> {
    const run = this.refreshNow();
    this.lastRefresh = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(): Promise<void> {
    const generation = ++this.generation;
    const files = [...new Set([...this.tracked.keys(), ...this.scanned])];
    if (files.length === 0) return;
    // Fixes stay off the keystroke path: code actions ask for them (withFixes).
    const result = await this.engine.request<FindingsResult>({ type: 'findings', files, fixes: false });
    // A later refresh already asked for newer state.
    if (generation !== this.generation) return;
    this.publish(result);
  }

  private publish(result: Pick<FindingsResult, 'byFile' | 'versions'>): void {
    for (const [file, findings] of Object.entries(result.byFile)) {
      const document = this.tracked.get(file);
      const version = result.versions[file];
      // Stale: the document changed after the worker analysed it; a newer analysis is on its way.
      if (document && version !== undefined && document.version !== version) continue;
      const uri = document?.uri ?? fileUri(file);
      const analysedVersion = document ? version : undefined;
      // Every tracked file comes back after each edit: one whose findings did not change is not sent again (and keeps its fixes).
      const previous = this.results.get(uri);
      if (previous && previous.version === analysedVersion && sameFindings(previous.findings, findings)) continue;
      const diagnostics = findings.map((f, index) => toDiagnostic(f, index, this.uriOf));
      const analysed: Analysed = { uri, file, version: analysedVersion, findings, diagnostics };
      this.results.set(uri, analysed);
      this.events.published(analysed);
    }
    this.events.changed();
  }

  /**
   * `result` with the fixes of the findings at `indexes` (all when omitted),
   * computed for the text it was analysed from and kept; undefined when the
   * engine has moved on (another version, or findings that changed through
   * an edit elsewhere).
   */
  async withFixes(result: Analysed, indexes: readonly number[] = result.findings.map((_, i) => i)): Promise<Analysed | undefined> {
    const fixed = (result.fixed ??= new Map());
    const missing = indexes.filter((i) => result.findings[i]?.fixesPending && !fixed.has(i));
    if (missing.length > 0) {
      const answer = await this.engine.request<FindingsResult>({ type: 'findings', files: [result.file], fixes: true, indexes: missing });
      const findings = answer.byFile[result.file] ?? [];
      const sameText = result.version === undefined || answer.versions[result.file] === result.version;
      if (!sameText || findings.length !== missing.length || !findings.every((f, k) => findingKey(f) === findingKey(result.findings[missing[k]]))) return undefined;
      missing.forEach((i, k) => fixed.set(i, findings[k]));
    }
    return { ...result, findings: result.findings.map((f, i) => fixed.get(i) ?? f) };
  }

  /** Results of a workspace scan: every file with findings stays published. */
  publishScan(byFile: Record<string, WireFinding[]>): void {
    for (const file of Object.keys(byFile)) this.scanned.add(file);
    this.publish({ byFile, versions: {} });
  }

  close(document: TextDocument): void {
    const { file, virtual } = engineFile(document.uri, document.languageId);
    clearTimeout(this.timers.get(file));
    this.timers.delete(file);
    if (!this.tracked.has(file)) return;
    this.forget(document);
    if (this.engine.started) {
      void this.engine
        .request({ type: 'closeFile', file, virtual })
        .then(() => this.refresh())
        .catch((error) => this.events.error('closing a document', error));
    }
  }

  private forget(document: TextDocument): void {
    const { file } = engineFile(document.uri, document.languageId);
    this.tracked.delete(file);
    this.scanned.delete(file);
    this.results.delete(document.uri);
    this.events.published({ uri: document.uri, file, version: document.version, findings: [], diagnostics: [] });
    this.events.changed();
  }

  /** Settings changed or the worker restarted: drop everything and analyse the open documents again. */
  reset(documents: readonly TextDocument[]): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    const shown = [...this.results.values()];
    this.results.clear();
    this.scanned.clear();
    this.tracked.clear();
    for (const r of shown) this.events.published({ ...r, findings: [], diagnostics: [], fixed: undefined });
    for (const d of documents) this.schedule(d, 0);
    this.events.changed();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
  }
}

/** The same findings: the same objects (the engine client keeps those a reply repeats), else equal. */
function sameFindings(a: readonly WireFinding[], b: readonly WireFinding[]): boolean {
  if (a.length === b.length && a.every((finding, i) => finding === b[i])) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}
