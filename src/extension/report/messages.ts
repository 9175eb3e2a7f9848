/**
 * Messages between the report panel and its webview. The webview is
 * untrusted input: every message is shape-checked here before the host acts
 * on it (and `open` targets are checked against the locations shown).
 */
import type { ReportView } from './view';

export type HostMessage =
  | { type: 'view'; view: ReportView }
  /** A workspace scan runs (done/total files) or ended (null). */
  | { type: 'scanning'; progress: { done: number; total: number } | null };

export type WebviewCommand = 'scan' | 'export' | 'fixAll';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'open'; file: string; line: number; column: number }
  | { type: 'fix'; id: string }
  | { type: 'command'; command: WebviewCommand };

const COMMANDS: readonly WebviewCommand[] = ['scan', 'export', 'fixAll'];
const MAX_TEXT = 4096;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

function isPosition(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10_000_000;
}

/** The message, narrowed to its type, or undefined for anything malformed or unknown. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'open':
      return isText(raw.file) && isPosition(raw.line) && isPosition(raw.column)
        ? { type: 'open', file: raw.file, line: raw.line, column: raw.column }
        : undefined;
    case 'fix':
      return isText(raw.id) ? { type: 'fix', id: raw.id } : undefined;
    case 'command':
      return COMMANDS.includes(raw.command as WebviewCommand) ? { type: 'command', command: raw.command as WebviewCommand } : undefined;
    default:
      return undefined;
  }
}
