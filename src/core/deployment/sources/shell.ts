import { launchFromCommand } from '../command';
import { TextLines, logicalLines } from '../text';
import { commandRecord, type LaunchEnv } from './commandRecord';
import type { LaunchRecord } from './types';

/** Service scripts without an extension: s6-overlay's and runit's `run`, a container's `docker-entrypoint` or `start`. */
export const SERVICE_SCRIPTS: ReadonlySet<string> = new Set(['run', 'start', 'entrypoint', 'docker-entrypoint', 'serve']);

/** Whether a file named `name` is a shell script by its name alone. */
export function isScriptName(name: string): boolean {
  return name.toLowerCase().endsWith('.sh') || SERVICE_SCRIPTS.has(name);
}

/** `NAME=value` or `export NAME=value` alone on a line (quotes optional). */
const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_]\w*)=(?:"([^"]*)"|'([^']*)'|(\S*))\s*$/;
/** `$NAME`, `${NAME}`, `"$NAME"`: a plain use, not `${NAME:-x}`. */
const VARIABLE_USE = /"?\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))"?/g;

/**
 * Server commands in a shell script (`exec gunicorn ...`, continued over `\`
 * lines). Variables the script set earlier stand for their value, so
 * `WORKER_CLASS=${WORKER_CLASS:-gevent}` then `--worker-class "$WORKER_CLASS"`
 * reads as the default it gives (CTFd's docker-entrypoint.sh).
 */
export function readShellScript(file: string, text: string): LaunchRecord[] {
  const lines = new TextLines(text);
  const records: LaunchRecord[] = [];
  const values = new Map<string, { value: string; line: number }>();
  for (const logical of logicalLines(text)) {
    const trimmed = logical.text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const assignment = ASSIGNMENT.exec(trimmed);
    if (assignment) {
      const value = assignment[2] ?? assignment[3] ?? assignment[4] ?? '';
      // A value that uses other variables keeps what is known of them; `$(...)` is unknown.
      if (!value.includes('$(') && !value.includes('`')) values.set(assignment[1], { value: substitute(value, values).text, line: logical.line });
      else values.delete(assignment[1]);
      continue;
    }
    const command = substitute(trimmed, values);
    const launch = launchFromCommand(command.text);
    // A setting that came from a variable is written on the line that assigned it.
    const assigned: LaunchEnv | undefined = command.lines.length ? { values: {}, line: Math.min(...command.lines), endLine: Math.max(...command.lines) } : undefined;
    if (launch) records.push(commandRecord(file, lines, logical.line, logical.endLine, 'shell', launch, {}, assigned));
  }
  return records;
}

function substitute(command: string, values: ReadonlyMap<string, { value: string; line: number }>): { text: string; lines: number[] } {
  const lines: number[] = [];
  const text = command.replace(VARIABLE_USE, (use, braced: string | undefined, bare: string | undefined) => {
    const known = values.get(braced ?? bare ?? '');
    if (known === undefined) return use;
    lines.push(known.line);
    return /\s/.test(known.value) && !/^\$\{[^}]*\}$/.test(known.value) ? `'${known.value.replace(/'/g, `'\\''`)}'` : known.value;
  });
  return { text, lines };
}
