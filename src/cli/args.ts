import { parseArgs, type ParseArgsConfig } from 'util';
import type { Scope } from '../core/model';
import { REPORT_FORMATS, type ReportFormat } from '../core/report/formats';
import type { FixKind } from '../core/model';
import { parseFixKinds } from './fixKinds';

/** A mistake in the command line: exit code 2 and the usage hint, never a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const SCOPES: readonly Scope[] = ['handlers', 'async', 'all'];

export const HELP = `Usage: unblock <command> [options]

Finds blocking calls on the request path of Python and Node web apps.

Commands:
  scan [paths...]        Scan files and folders (default: the current folder)
  server --stdio         Run the language server (LSP) on stdin/stdout
                         (also --node-ipc, --socket=<port>); see docs/editors.md
  help                   Show this help

Scan options:
  -f, --format <fmt>     Report format: text (default), json, sarif, markdown
  -s, --scope <scope>    What to check: handlers (default), async, all
  -c, --config <file>    Config file (default: .unblock.json in the scanned folder)
  -o, --output <file>    Write the report to a file instead of stdout
      --max-depth <n>    Longest call chain followed from a handler (default 8)
      --include-tests    Also report findings in test, example and docs code
                         (tests/, examples/, docs/, test_*.py, *.test.ts...;
                         counted apart otherwise)
      --fix              Apply each finding's preferred safe fix, then re-scan
      --fix-kind <kinds> Only fixes of these kinds (comma-separated): await,
                         offload, make-async, make-sync, deployment, suppress
      --diff             Print the fixes as a unified diff (without --fix: dry run)
      --exit-zero        Exit 0 even when there are findings (errors still exit 2)
      --no-cache         Neither read nor write the cache of parsed files and
                         findings (default: .cache/unblock under the scanned folder)
      --cache-dir <dir>  Keep that cache in <dir> instead (also: UNBLOCK_CACHE_DIR)

Other options:
  -h, --help             Show this help
  -v, --version          Print the version

Exit codes: 0 no finding of severity warning or above, 1 such findings,
2 usage or internal error. Set UNBLOCK_DEBUG=1 for stack traces.
`;

/**
 * Options of \`unblock scan\`. Fix-related flags (--fix, --fix-kind, --diff)
 * are added here and in \`ScanArgs\` by the fixes work; the scan command reads
 * them after the scan and before rendering.
 */
const SCAN_OPTIONS = {
  format: { type: 'string', short: 'f' },
  scope: { type: 'string', short: 's' },
  config: { type: 'string', short: 'c' },
  output: { type: 'string', short: 'o' },
  'max-depth': { type: 'string' },
  'include-tests': { type: 'boolean' },
  fix: { type: 'boolean' },
  'fix-kind': { type: 'string', multiple: true },
  diff: { type: 'boolean' },
  'exit-zero': { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  'cache-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies ParseArgsConfig['options'];

export interface ScanArgs {
  paths: string[];
  format: ReportFormat;
  scope?: Scope;
  config?: string;
  output?: string;
  maxDepth?: number;
  includeTests?: boolean;
  fix?: boolean;
  fixKinds?: FixKind[];
  diff?: boolean;
  exitZero?: boolean;
  /** False with --no-cache. */
  cache: boolean;
  cacheDir?: string;
}

export type ServerTransport = 'stdio' | 'node-ipc' | 'socket';

export type Command = { name: 'help' } | { name: 'version' } | { name: 'scan'; args: ScanArgs } | { name: 'server'; transport: ServerTransport };

/**
 * `unblock server --stdio | --node-ipc | --socket=<port>`; vscode-jsonrpc reads
 * the same flags from argv. Clients may add `--clientProcessId=<pid>`.
 */
export function parseServerArgs(argv: string[]): Command {
  const transports: ServerTransport[] = [];
  for (const arg of argv) {
    if (arg === '--stdio') transports.push('stdio');
    else if (arg === '--node-ipc') transports.push('node-ipc');
    else if (/^--socket=\d+$/.test(arg)) transports.push('socket');
    else if (/^--clientProcessId=\d+$/.test(arg)) continue;
    else throw new UsageError(`unknown server option "${arg}"`);
  }
  if (transports.length !== 1) throw new UsageError('server needs exactly one of --stdio, --node-ipc, --socket=<port>');
  return { name: 'server', transport: transports[0] };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`invalid ${flag} "${value}": expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** The same bound as `maxDepth` in .unblock.json and the editor setting. */
const MAX_DEPTH_LIMIT = 64;

function depth(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n > MAX_DEPTH_LIMIT) throw new UsageError(`invalid --max-depth "${value}": expected a whole number from 0 to ${MAX_DEPTH_LIMIT}`);
  return n;
}

function fixKinds(values: string[] | undefined): FixKind[] | undefined {
  try {
    return parseFixKinds(values);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Turns argv (without `node` and the script) into a command; throws UsageError. */
export function parseCommandLine(argv: string[]): Command {
  if (argv[0] === 'server' && !argv.includes('--help') && !argv.includes('-h')) return parseServerArgs(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: SCAN_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.version) return { name: 'version' };
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') return { name: 'help' };
  if (command === undefined) throw new UsageError('missing command');
  if (command !== 'scan') throw new UsageError(`unknown command "${command}"`);
  return {
    name: 'scan',
    args: {
      paths: rest.length ? rest : ['.'],
      format: oneOf(values.format, REPORT_FORMATS, '--format') ?? 'text',
      scope: oneOf(values.scope, SCOPES, '--scope'),
      config: values.config,
      output: values.output,
      maxDepth: depth(values['max-depth']),
      includeTests: values['include-tests'],
      fix: values.fix,
      fixKinds: fixKinds(values['fix-kind']),
      diff: values.diff,
      exitZero: values['exit-zero'],
      cache: !values['no-cache'],
      cacheDir: values['cache-dir'],
    },
  };
}
