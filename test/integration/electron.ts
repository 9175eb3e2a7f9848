/**
 * `npm run test:electron`: the same suite in a downloaded desktop VS Code via
 * @vscode/test-electron, for machines that can reach update.code.visualstudio.com
 * (the build machines here cannot: there, `npm test` runs it in code-server).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..', '..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-electron-'));
  fs.cpSync(path.join(repo, 'test', 'integration', 'workspace'), workspace, { recursive: true });
  fs.cpSync(path.join(repo, 'examples'), path.join(workspace, 'examples'), { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(__dirname, 'electronEntry'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
