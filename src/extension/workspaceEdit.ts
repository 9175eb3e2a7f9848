import * as vscode from 'vscode';
import type { WireEdit } from '../server/engine/protocol';

/**
 * Engine fix edits (resolved to line/character by the worker) as one
 * WorkspaceEdit, for the report's fix button and Apply All Safe Fixes.
 * `metadata` (e.g. needsConfirmation) makes VS Code show its refactor preview first.
 */
export function toWorkspaceEdit(
  edits: readonly WireEdit[],
  uriFor: (file: string) => vscode.Uri,
  metadata?: vscode.WorkspaceEditEntryMetadata,
): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const created = new Set<string>();
  for (const e of edits) {
    if (e.create && !created.has(e.file)) {
      created.add(e.file);
      edit.createFile(uriFor(e.file), { ignoreIfExists: true }, metadata);
    }
    const range = new vscode.Range(e.start.line, e.start.character, e.end.line, e.end.character);
    edit.replace(uriFor(e.file), range, e.newText, metadata);
  }
  return edit;
}
