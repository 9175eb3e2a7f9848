import * as vscode from 'vscode';

export const SECTION = 'unblock';

/** A setting's value only when someone set it, so `.unblock.json` can fill the rest. */
function explicit<T>(config: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const inspected = config.inspect<T>(key);
  return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
}

/**
 * The `unblock` section the server asks for (workspace/configuration): scope,
 * chain depth and includeTests only when set explicitly (`.unblock.json`
 * decides otherwise), and no rules file in an untrusted workspace.
 * Plain JSON: configuration values are proxies.
 */
export function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const rulesFile = config.get<string>('rulesFile', '').trim();
  return JSON.parse(
    JSON.stringify({
      enable: { python: config.get<boolean>('enable.python', true), javascript: config.get<boolean>('enable.javascript', true) },
      scope: explicit(config, 'scope'),
      maxChainDepth: explicit(config, 'maxChainDepth'),
      includeTests: explicit(config, 'includeTests'),
      severity: config.get('severity', {}),
      disable: config.get('disable', []),
      ignore: config.get('ignore', []),
      rulesFile: vscode.workspace.isTrusted && rulesFile ? rulesFile : undefined,
      codeLens: { enabled: config.get<boolean>('codeLens.enabled', true) },
    }),
  ) as Record<string, unknown>;
}
