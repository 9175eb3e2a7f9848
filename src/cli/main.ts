import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { configureHeap } from './heap';
import { HELP, parseCommandLine, UsageError, type Command } from './args';
import { processIO, type CliIO } from './io';
import { toolVersion } from '../core/report/common';
import { requireBundle } from '../core/codeCache';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** Runs the `unblock` command line; resolves to the exit code, never throws. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    switch (command.name) {
      case 'help':
        io.stdout(HELP);
        return EXIT_OK;
      case 'version':
        io.stdout(`${toolVersion()}\n`);
        return EXIT_OK;
      case 'scan': {
        // Loaded on demand: --version and --help should not pay for the engine. `require`, not `import()`:
        // a dynamic import of the CommonJS bundle goes through the ESM loader, which lexes all of it first (~150 ms).
        // In the bundle, with V8's code cache: compiling the engine is a tenth of a small scan.
        const { runScan } = requireBundle('scanCommand.js', () => require('./scan-command')) as typeof import('./scan-command');
        return await runScan(command.args, io);
      }
      case 'server':
        // The server owns stdin/stdout and runs on the main thread (see run()); its analysis has its own worker.
        io.stderr('unblock: the language server starts from bin/unblock.js, not in-process\n');
        return EXIT_ERROR;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`unblock: ${error.message}\nRun "unblock --help" for usage.\n`);
    } else {
      const e = error as Error;
      io.stderr(`unblock: internal error: ${e?.message ?? String(error)}\n`);
      if (io.env.UNBLOCK_DEBUG) io.stderr(`${e?.stack ?? ''}\n`);
    }
    return EXIT_ERROR;
  }
}

/**
 * Entry point of `bin/unblock.js` (through the bundle) and of `node
 * out/src/cli/main.js`. The work runs in a worker thread with a large stack:
 * parsers and tree walks recurse, and real code has 1,000-term expressions
 * and deeply nested calls that overflow the main thread's ~1 MB stack.
 */
export function run(): void {
  if (!isMainThread) return;
  if (process.argv[2] === 'server') {
    runServer(process.argv.slice(2));
    return;
  }
  guardStdout();
  configureHeap();
  const worker = new Worker(__filename, {
    argv: process.argv.slice(2),
    workerData: { cliWorker: true, stdoutIsTTY: Boolean(process.stdout.isTTY), stderrIsTTY: Boolean(process.stderr.isTTY) },
    resourceLimits: { stackSizeMb: WORKER_STACK_MB },
  });
  let code = EXIT_ERROR;
  worker.on('message', (message: { exitCode?: number }) => {
    if (typeof message?.exitCode === 'number') code = message.exitCode;
  });
  worker.on('error', (error) => {
    process.stderr.write(`unblock: internal error: ${error.message}\n`);
    code = EXIT_ERROR;
  });
  worker.on('exit', () => {
    process.exitCode = code;
  });
}

const WORKER_STACK_MB = 256;

/**
 * `unblock server`: LSP on this (main) thread, which only reads messages and
 * maps results; the analysis runs in the server's own worker thread.
 */
function runServer(argv: string[]): void {
  let command: Command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    process.stderr.write(`unblock: ${(error as Error).message}\nRun "unblock --help" for usage.\n`);
    process.exitCode = EXIT_ERROR;
    return;
  }
  if (command.name !== 'server') {
    void main(argv).then((code) => (process.exitCode = code));
    return;
  }
  // The language server's own entry (dist/server.js in the bundle): scans never load the LSP libraries.
  require('../server/main');
}

/** `unblock scan | head` ends quietly, as Unix tools do; any other write error (a full disk) is one line and exit 2. */
function guardStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    try {
      process.stderr.write(`unblock: cannot write the report to standard output: ${error.code ?? error.message}\n`);
    } finally {
      process.exit(EXIT_ERROR);
    }
  });
}

function runInWorker(): void {
  const data = workerData as { stdoutIsTTY: boolean; stderrIsTTY: boolean };
  const io = { ...processIO(), stdoutIsTTY: data.stdoutIsTTY, stderrIsTTY: data.stderrIsTTY };
  main(process.argv.slice(2), io).then((exitCode) => parentPort?.postMessage({ exitCode }));
}

if (!isMainThread && (workerData as { cliWorker?: boolean } | undefined)?.cliWorker) runInWorker();

if (require.main === module) run();
