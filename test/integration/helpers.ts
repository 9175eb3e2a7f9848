import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'unblock.unblock';

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration workspace is not open');
  return folder.uri.fsPath;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), ...segments));
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function unblockDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Unblock');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

/** Opens a file and waits until Unblock published diagnostics matching `ready`. */
export async function openAndWait(
  uri: vscode.Uri,
  ready: (ds: vscode.Diagnostic[]) => boolean = (ds) => ds.length > 0,
  timeoutMs = 30_000,
): Promise<{ document: vscode.TextDocument; diagnostics: vscode.Diagnostic[] }> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false });
  // Diagnostics of an earlier version may still be shown: wait for the ones of this version.
  const api = vscode.extensions.getExtension(EXTENSION_ID)?.exports as
    | { analyzer: { resultFor(uri: vscode.Uri): { version: number | undefined } | undefined } }
    | undefined;
  try {
    const diagnostics = await waitFor(`Unblock diagnostics in ${path.basename(uri.fsPath)} v${document.version}`, () => {
      const ds = unblockDiagnostics(uri);
      const version = api?.analyzer.resultFor(uri)?.version;
      return ready(ds) && (version === undefined || version === document.version) ? ds : undefined;
    }, timeoutMs);
    return { document, diagnostics };
  } catch (error) {
    // Say what the editor held instead, so a CI failure can be read without a rerun.
    const shown = unblockDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}`);
    const state = `document v${document.version}${document.isDirty ? ' (dirty)' : ''}, analysed v${api?.analyzer.resultFor(uri)?.version ?? 'none'}, diagnostics [${shown.join(', ')}]`;
    throw new Error(`${(error as Error).message}; ${state}; text:\n${document.getText()}`);
  }
}

/** The 1-based line of the first line containing `needle`. */
export function lineOf(document: vscode.TextDocument, needle: string): number {
  for (let i = 0; i < document.lineCount; i++) if (document.lineAt(i).text.includes(needle)) return i + 1;
  throw new Error(`"${needle}" not found in ${document.uri.fsPath}`);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('unblock').update(key, value, vscode.ConfigurationTarget.Workspace);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
