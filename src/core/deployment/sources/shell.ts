import { launchFromCommand } from '../command';
import { TextLines, logicalLines } from '../text';
import { commandRecord } from './commandRecord';
import type { LaunchRecord } from './types';

/** Server commands in a shell script (`exec gunicorn ...`, continued over `\` lines). */
export function readShellScript(file: string, text: string): LaunchRecord[] {
  const lines = new TextLines(text);
  const records: LaunchRecord[] = [];
  for (const logical of logicalLines(text)) {
    const trimmed = logical.text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const launch = launchFromCommand(trimmed);
    if (launch) records.push(commandRecord(file, lines, logical.line, logical.endLine, 'shell', launch));
  }
  return records;
}
