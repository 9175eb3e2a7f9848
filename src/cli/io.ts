/** The process as the CLI sees it; tests may run `main` with their own. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  /** A transient status line on stderr (empty text clears it). */
  progress(text: string): void;
}

/** The process's streams (in the CLI's worker thread they are piped to the main thread, which handles write errors). */
export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    progress: (text) => process.stderr.write(`\r\u001b[K${text}`),
  };
}
