import { HELP, parseCommandLine, UsageError } from './args';
import { processIO, type CliIO } from './io';
import { toolVersion } from '../core/report/common';

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
        // Loaded on demand: --version and --help should not pay for the engine.
        const { runScan } = await import('./scan-command');
        return await runScan(command.args, io);
      }
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

/** Entry point of `bin/unblock.js` (through the bundle) and of `node out/src/cli/main.js`. */
export function run(): void {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) run();
