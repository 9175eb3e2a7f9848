/**
 * The language client: starts the bundled server (dist/server.js) over Node
 * IPC. The server owns analysis, diagnostics, quick fixes, hovers and lenses;
 * this side only adapts a few things to VS Code (settings as explicitly set,
 * the rule docs shipped in the extension, the Problems view for lenses).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { Request } from '../server/engine/protocol';
import { ANALYSED_NOTIFICATION, ENGINE_REQUEST, OPEN_DOCS_COMMAND, SHOW_HANDLER_COMMAND, type InitializationOptions } from '../server/names';
import type { Output } from './output';
import type { PublishedDiagnostics } from './published';
import { SECTION, serverSettings } from './settings';

export const SHOW_DOCS_COMMAND = 'unblock.showRuleDocs';
const LANGUAGES = ['python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact'];

/** Read-only requests the report forwards to the server's analysis worker. */
export interface EngineRequests {
  request<T>(request: Request): Promise<T>;
}

export function engineRequests(client: LanguageClient): EngineRequests {
  return { request: <T>(request: Request) => client.sendRequest<T>(ENGINE_REQUEST, request) };
}

/** Server commands a VS Code command does better: the packaged docs page, the Problems view. */
function localCommand(command: vscode.Command): vscode.Command {
  if (command.command === OPEN_DOCS_COMMAND) return { ...command, command: SHOW_DOCS_COMMAND };
  if (command.command === SHOW_HANDLER_COMMAND) return { ...command, command: 'workbench.actions.view.problems', arguments: [] };
  return command;
}

function middleware(published: PublishedDiagnostics): Middleware {
  return {
    workspace: {
      configuration: (params, token, next) =>
        params.items.every((item) => item.section === SECTION) ? params.items.map(() => serverSettings()) : next(params, token),
    },
    handleDiagnostics: (uri, diagnostics, next) => {
      next(uri, diagnostics);
      published.show(uri);
    },
    provideCodeActions: async (document, range, context, token, next) => {
      const actions = await next(document, range, context, token);
      for (const action of actions ?? []) {
        if (action instanceof vscode.CodeAction && action.command) action.command = localCommand(action.command);
      }
      return actions;
    },
    provideCodeLenses: async (document, token, next) => {
      const lenses = await next(document, token);
      for (const lens of lenses ?? []) if (lens.command) lens.command = localCommand(lens.command);
      return lenses;
    },
  };
}

export function createClient(context: vscode.ExtensionContext, output: Output, published: PublishedDiagnostics): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc },
  };
  const initializationOptions: InitializationOptions = {
    trusted: vscode.workspace.isTrusted,
    // Pushed diagnostics carry the document version; the status bar, the report and the tests follow them.
    diagnostics: 'push',
    editorEvents: true,
    // The workspace's own storage, outside the workspace: a reopened workspace is read from it, not parsed again.
    ...(context.storageUri ? { cacheDir: path.join(context.storageUri.fsPath, 'cache') } : {}),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    diagnosticCollectionName: 'unblock',
    outputChannel: output.channel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions,
    middleware: middleware(published),
  };
  const client = new LanguageClient('unblock', 'Unblock', serverOptions, clientOptions);
  client.onNotification(ANALYSED_NOTIFICATION, (params: { uri: string; version: number | null }) => published.announce(params.uri, params.version));
  return client;
}
