import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../server/names';

/** Our diagnostics (the server's source) of a document. */
export function unblockDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

/** The rule id a diagnostic carries (its code, with the docs link as target). */
export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

/**
 * Which document version the diagnostics on screen belong to. The server
 * announces it (`unblock/analysed`) just before publishing; the client's
 * diagnostics middleware records it when it shows them. Read by the status
 * bar's listeners, the report and the integration tests.
 */
export class PublishedDiagnostics implements vscode.Disposable {
  private readonly announced = new Map<string, number | null>();
  private readonly shown = new Map<string, number | undefined>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  announce(uri: string, version: number | null): void {
    this.announced.set(uri, version);
  }

  /** Called with the diagnostics the client is about to show for `uri`. */
  show(uri: vscode.Uri): void {
    const key = uri.toString();
    const version = this.announced.get(key);
    this.announced.delete(key);
    this.shown.set(key, version ?? undefined);
    this.changed.fire();
  }

  /** The version whose findings are shown (undefined: text from disk), or undefined when nothing is. */
  resultFor(uri: vscode.Uri): { version: number | undefined } | undefined {
    const key = uri.toString();
    return this.shown.has(key) ? { version: this.shown.get(key) } : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
