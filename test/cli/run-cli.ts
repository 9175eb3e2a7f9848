import * as path from 'path';
import { spawnSync } from 'child_process';

/** Repository root (tests run from out/test/cli). */
export const REPO = path.resolve(__dirname, '../../..');
/** The CLI as tsc compiled it just before the suite: no bundling per test. */
export const CLI = path.join(REPO, 'out/src/cli/main.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; script?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [options.script ?? CLI, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '', UNBLOCK_DEBUG: '', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
