import { launchFromCommand } from '../command';
import { TextLines } from '../text';
import { commandRecord } from './commandRecord';
import type { LaunchRecord } from './types';

/** `web: gunicorn -k gevent app:app` — one process type per line. */
export function readProcfile(file: string, text: string): LaunchRecord[] {
  const lines = new TextLines(text);
  const records: LaunchRecord[] = [];
  lines.lines.forEach((raw, index) => {
    const match = /^\s*([A-Za-z0-9_-]+)\s*:\s*(.+)$/.exec(raw);
    if (!match) return;
    const launch = launchFromCommand(match[2]);
    if (launch) records.push(commandRecord(file, lines, index + 1, index + 1, 'procfile', launch, { name: match[1] }));
  });
  return records;
}
