import * as vscode from 'vscode';
import { ruleDocsUrl as docsUrl } from '../core/report/common';

/**
 * A rule's documentation address: the same `docs/rules/<lang>/<name>.md`
 * link the CLI's reports use (built in one place, `src/core/report/common.ts`).
 */
export function ruleDocsUrl(ruleId: string): string {
  return docsUrl(ruleId);
}

/** The same document shipped inside the extension, for offline reading. */
export function packagedRuleDocs(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
}
