import * as vscode from 'vscode';

/** The same document shipped inside the extension, for offline reading. */
export function packagedRuleDocs(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
}
