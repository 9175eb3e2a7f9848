import * as vscode from 'vscode';
import type { EngineClient } from '../server/engine/engineClient';
import type { FindingsResult, WireFinding } from '../server/engine/protocol';
import { VIRTUAL_ROOT } from '../server/engine/protocol';
import { languageEnabled } from './settings';
import { toDiagnostic } from './diagnostics';
import type { Output } from './output';

/** Pause after the last keystroke before analysing. */
export const DEBOUNCE_MS = 300;

const EXTENSION_FOR_LANGUAGE: Record<string, string> = {
  python: '.py',
  javascript: '.js',
  javascriptreact: '.jsx',
  typescript: '.ts',
  typescriptreact: '.tsx',
};

/** What the engine calls a document: its path, or a fake path for untitled/virtual ones. */
export function engineFile(document: vscode.TextDocument): { file: string; virtual: boolean } {
  if (document.uri.scheme === 'file') return { file: document.uri.fsPath, virtual: false };
  const ext = EXTENSION_FOR_LANGUAGE[document.languageId] ?? '.py';
  const safe = `${document.uri.scheme}/${document.uri.path}`.replace(/[^A-Za-z0-9_./-]/g, '_').replace(/\/+/g, '/');
  return { file: `${VIRTUAL_ROOT}/${safe}${safe.endsWith(ext) ? '' : ext}`, virtual: true };
}

export interface Analysed {
  uri: vscode.Uri;
  /** The document version the findings belong to (undefined: text from disk). */
  version: number | undefined;
  findings: WireFinding[];
  diagnostics: vscode.Diagnostic[];
}

/**
 * Keeps diagnostics in step with the editor: sends open documents to the
 * worker (debounced), asks for findings of every open document (an edit in
 * a helper changes its callers' findings), drops answers for versions that
 * are already stale, and publishes the rest.
 */
export class Analyzer implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('unblock');
  private readonly results = new Map<string, Analysed>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Engine file → document, for every document we track. */
  private readonly tracked = new Map<string, vscode.TextDocument>();
  /** Files shown because of a workspace scan, kept up to date with the rest. */
  private readonly scanned = new Set<string>();
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly engine: EngineClient,
    private readonly docs: (ruleId: string) => vscode.Uri,
    private readonly output: Output,
  ) {}

  static isCandidate(document: vscode.TextDocument): boolean {
    return languageEnabled(document.languageId) && document.uri.scheme !== 'git' && document.uri.scheme !== 'output';
  }

  isTracked(document: vscode.TextDocument): boolean {
    return this.tracked.has(engineFile(document).file);
  }

  resultFor(uri: vscode.Uri): Analysed | undefined {
    return this.results.get(uri.toString());
  }

  allResults(): Analysed[] {
    return [...this.results.values()];
  }

  /** A document was opened or edited: analyse it after a pause. */
  schedule(document: vscode.TextDocument, delay = DEBOUNCE_MS): void {
    if (!Analyzer.isCandidate(document)) {
      if (this.results.has(document.uri.toString())) this.forget(document);
      return;
    }
    const { file } = engineFile(document);
    this.tracked.set(file, document);
    clearTimeout(this.timers.get(file));
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        void this.analyse(document);
      }, delay),
    );
  }

  async analyse(document: vscode.TextDocument): Promise<void> {
    const { file, virtual } = engineFile(document);
    const started = Date.now();
    try {
      await this.engine.request({ type: 'setFile', file, text: document.getText(), version: document.version, virtual });
      await this.refresh();
      this.output.timing(`analysed ${vscode.workspace.asRelativePath(document.uri)} v${document.version}`, Date.now() - started);
    } catch (error) {
      this.output.error(`analysing ${document.uri.toString()}`, error);
    }
  }

  /** Asks for findings of every tracked and scanned file and publishes the fresh ones. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const files = [...new Set([...this.tracked.keys(), ...this.scanned])];
    if (files.length === 0) return;
    const result = await this.engine.request<FindingsResult>({ type: 'findings', files });
    // A later refresh already asked for newer state.
    if (generation !== this.generation) return;
    this.publish(result);
  }

  publish(result: Pick<FindingsResult, 'byFile' | 'versions'>): void {
    for (const [file, findings] of Object.entries(result.byFile)) {
      const document = this.tracked.get(file);
      const version = result.versions[file];
      // Stale: the document changed after the worker analysed it; a newer analysis is on its way.
      if (document && version !== undefined && document.version !== version) continue;
      const uri = document?.uri ?? vscode.Uri.file(file);
      const diagnostics = findings.map((f) => toDiagnostic(f, this.docs));
      this.results.set(uri.toString(), { uri, version: document ? version : undefined, findings, diagnostics });
      this.collection.set(uri, diagnostics);
    }
    this.changed.fire();
  }

  /** Results of a workspace scan: every file with findings stays published. */
  publishScan(byFile: Record<string, WireFinding[]>): void {
    for (const file of Object.keys(byFile)) this.scanned.add(file);
    this.publish({ byFile, versions: {} });
  }

  close(document: vscode.TextDocument): void {
    const { file, virtual } = engineFile(document);
    clearTimeout(this.timers.get(file));
    this.timers.delete(file);
    if (!this.tracked.has(file)) return;
    this.tracked.delete(file);
    this.forget(document);
    if (this.engine.started) {
      void this.engine
        .request({ type: 'closeFile', file, virtual })
        .then(() => this.refresh())
        .catch((error) => this.output.error('closing a document', error));
    }
  }

  private forget(document: vscode.TextDocument): void {
    const { file } = engineFile(document);
    this.tracked.delete(file);
    this.scanned.delete(file);
    this.results.delete(document.uri.toString());
    this.collection.delete(document.uri);
    this.changed.fire();
  }

  /** Settings changed: drop everything and analyse the open documents again. */
  reset(documents: readonly vscode.TextDocument[]): void {
    this.collection.clear();
    this.results.clear();
    this.scanned.clear();
    this.tracked.clear();
    for (const d of documents) this.schedule(d, 0);
    this.changed.fire();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
    this.changed.dispose();
  }
}
