import * as path from 'path';
import * as vscode from 'vscode';
import type { Scope } from '../core/model';
import type { SeverityOverrides } from '../core/severity';
import type { EngineSettings } from '../server/engine/protocol';

export const SECTION = 'unblock';

/** The `unblock.*` settings that decide what the engine does (changing one rebuilds it). */
export const ENGINE_SETTINGS = ['scope', 'severity', 'ignore', 'rulesFile', 'maxChainDepth', 'disable', 'includeTests'];

/** A setting's value only when someone set it, so `.unblock.json` can fill the rest. */
function explicit<T>(config: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const inspected = config.inspect<T>(key);
  return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
}

export function readEngineSettings(): EngineSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const trusted = vscode.workspace.isTrusted;
  const rulesFile = config.get<string>('rulesFile', '').trim();
  const ruleFiles = trusted && rulesFile ? [path.isAbsolute(rulesFile) || !roots[0] ? rulesFile : path.join(roots[0], rulesFile)] : [];
  // Configuration values are proxies that postMessage cannot clone: send plain JSON.
  return plain({
    roots,
    scope: explicit<Scope>(config, 'scope'),
    maxDepth: explicit<number>(config, 'maxChainDepth'),
    includeTests: explicit<boolean>(config, 'includeTests'),
    severity: config.get<SeverityOverrides>('severity', {}),
    disabledRules: config.get<string[]>('disable', []),
    ignore: config.get<string[]>('ignore', []),
    ruleFiles,
    trusted,
  });
}

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Whether documents of this language should be analysed at all. */
export function languageEnabled(languageId: string): boolean {
  const config = vscode.workspace.getConfiguration(SECTION);
  if (languageId === 'python') return config.get<boolean>('enable.python', true);
  if (JS_LANGUAGES.has(languageId)) return config.get<boolean>('enable.javascript', true);
  return false;
}

export const JS_LANGUAGES: ReadonlySet<string> = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact']);

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('codeLens.enabled', true);
}
