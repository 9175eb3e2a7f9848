/** Engine fix edits (already resolved to line/character in the worker) → an LSP WorkspaceEdit. */
import type { CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { WireEdit } from './engine/protocol';

export interface EditTarget {
  /** The URI the client knows the file by. */
  uriOf(file: string): string;
  /**
   * The version of the open document's text the edits were computed from
   * (not its version now: edits of an older text must be refused); null for
   * files not open.
   */
  versionOf(file: string): number | null;
}

/**
 * `documentChanges` (versioned, so a client refuses edits of a document that
 * moved on; new files created first) when the client supports them, else `changes`.
 */
export function toWorkspaceEdit(edits: readonly WireEdit[], target: EditTarget, documentChanges: boolean): WorkspaceEdit {
  if (!documentChanges) {
    const changes: NonNullable<WorkspaceEdit['changes']> = {};
    for (const e of edits) (changes[target.uriOf(e.file)] ??= []).push({ range: { start: e.start, end: e.end }, newText: e.newText });
    return { changes };
  }
  const operations: (TextDocumentEdit | CreateFile)[] = [];
  const byFile = new Map<string, TextDocumentEdit>();
  for (const e of edits) {
    const uri = target.uriOf(e.file);
    let edit = byFile.get(e.file);
    if (!edit) {
      if (e.create) operations.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
      edit = { textDocument: { uri, version: e.create ? null : target.versionOf(e.file) }, edits: [] };
      byFile.set(e.file, edit);
      operations.push(edit);
    }
    edit.edits.push({ range: { start: e.start, end: e.end }, newText: e.newText });
  }
  return { documentChanges: operations };
}
