// @vscode/test-electron calls run() of this module inside the extension host.
import { run as runSuite } from './index';

export function run(): Promise<void> {
  return runSuite();
}
