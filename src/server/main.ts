/**
 * Entry of dist/server.js: the language server alone (the VS Code extension
 * starts it over Node IPC; `unblock server` runs the same code). The
 * transport comes from the command line: --stdio, --node-ipc or --socket=N.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { listen } from './server';

listen(createConnection(ProposedFeatures.all));
