import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { main } from '../../src/cli/main';

/** Repository root (tests run from out/test/cli). */
export const REPO = path.resolve(__dirname, '../../..');
/** The CLI as tsc compiled it just before the suite: no bundling per test. */
export const CLI = path.join(REPO, 'out/src/cli/main.js');

/** Scans in tests keep their parse cache here, not in the folders they scan (examples/ is in the repo). */
export const TEST_CACHE_DIR = path.join(os.tmpdir(), 'unblock-test-cache');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; script?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [options.script ?? CLI, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '', UNBLOCK_DEBUG: '', UNBLOCK_CACHE_DIR: TEST_CACHE_DIR, ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same command line in this process (no start-up or engine load per
 * call): for tests about what a scan reports rather than how the process exits.
 */
export async function runInProcess(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    cwd: options.cwd ?? REPO,
    env: { UNBLOCK_CACHE_DIR: TEST_CACHE_DIR, ...options.env },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    progress: () => undefined,
  });
  return { status, stdout, stderr };
}
