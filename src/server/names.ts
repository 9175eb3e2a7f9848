/**
 * The server's custom method and command names and its initialization
 * options: the part of its interface the VS Code extension imports (kept free
 * of imports, so the extension bundle does not pull in the server).
 */

/** What a client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** The `unblock` settings, for clients without workspace/configuration. */
  settings?: unknown;
  /** False: built-in rules only (VS Code's restricted mode). Default true: the user started this server. */
  trusted?: boolean;
  /** `push` keeps publishDiagnostics even for a client that can pull. Default: pull when the client can. */
  diagnostics?: 'push' | 'pull';
  /** Send `unblock/analysed` and `unblock/indexed` (the VS Code extension's status bar, report and tests). */
  editorEvents?: boolean;
  /**
   * A folder where the workspace's file models and findings are kept between
   * sessions, so a reopened workspace is not parsed again (the CLI's
   * `.cache/unblock` may be named: both read and write its model packs, one
   * per language; each keeps its own findings pack). Default: none.
   */
  cacheDir?: string;
}

/** The `source` of every diagnostic the server publishes (the extension picks its own out by it). */
export const DIAGNOSTIC_SOURCE = 'Unblock';

/** Requests the VS Code extension's report forwards to the worker; nothing that changes the session. */
export const ENGINE_REQUEST = 'unblock/engine';
/** The client's workspace trust changed (VS Code: trust granted). */
export const SET_TRUSTED = 'unblock/setTrusted';
/** A document's last tab closed / a tab shows it again, without a didClose / didOpen. */
export const DOCUMENT_HIDDEN = 'unblock/documentHidden';
export const DOCUMENT_SHOWN = 'unblock/documentShown';
/** Sent before the diagnostics of a document version are published (with `editorEvents`). */
export const ANALYSED_NOTIFICATION = 'unblock/analysed';
/** The workspace was read from disk again (with `editorEvents`). */
export const INDEXED_NOTIFICATION = 'unblock/indexed';

/**
 * workspace/executeCommand names. `unblock.server.*`: a VS Code client
 * registers every server command, and the extension keeps its own `unblock.*`.
 */
export const SCAN_COMMAND = 'unblock.server.scanWorkspace';
export const REPORT_COMMAND = 'unblock.server.report';
export const APPLY_ALL_COMMAND = 'unblock.server.applyAllSafeFixes';
export const OPEN_DOCS_COMMAND = 'unblock.server.openRuleDocs';
export const SHOW_HANDLER_COMMAND = 'unblock.server.showHandler';
