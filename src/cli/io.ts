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

export function processIO(): CliIO {
  // `unblock scan | head`: the reader left; stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
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
