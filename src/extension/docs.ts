import * as vscode from 'vscode';

/** Used when package.json names no repository. */
const DEFAULT_REPOSITORY = 'https://github.com/unblock-dev/unblock';

/** `https://github.com/o/r` from package.json's `repository` (string or `{ url }`). */
export function repositoryUrl(packageJson: { repository?: string | { url?: string } } | undefined): string {
  const raw = typeof packageJson?.repository === 'string' ? packageJson.repository : packageJson?.repository?.url;
  if (!raw) return DEFAULT_REPOSITORY;
  return raw.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^github:/, 'https://github.com/');
}

/**
 * The one place a rule's documentation address is built: `docs/rules/<lang>/<name>.md`
 * in the repository. Rule ids are `py/<name>` / `js/<name>`, so the id is the path.
 */
export function ruleDocsUrl(repository: string, ruleId: string): vscode.Uri {
  return vscode.Uri.parse(`${repository}/blob/main/docs/rules/${ruleId}.md`);
}

/** The same document shipped inside the extension, for offline reading. */
export function packagedRuleDocs(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
}
