import type { TextLines } from '../text';
import type { ServerLaunch } from '../command';
import type { LaunchOrigin, LaunchRecord, Setting, SettingSite } from './types';

/** Finds where each setting of a command-line launch is written within lines `line..endLine`. */
export function commandRecord(
  file: string,
  lines: TextLines,
  line: number,
  endLine: number,
  origin: LaunchOrigin,
  launch: ServerLaunch,
  extra: Partial<LaunchRecord> = {},
): LaunchRecord {
  const settings: Partial<Record<Setting, SettingSite>> = {};
  const site = (text: string | undefined): SettingSite | undefined => {
    if (!text) return undefined;
    const found = lines.locate(text, line, endLine);
    return { line: found.line, text: lines.text.slice(found.span.start, found.span.end) };
  };
  settings.server = site(launch.argv[0] ?? launch.server);
  if (launch.workerClass) settings.workerClass = site(launch.workerClass);
  if (launch.preload) settings.preload = site('--preload');
  if (launch.workers !== undefined) settings.workers = site(String(launch.workers));
  if (launch.threads !== undefined) settings.threads = site(String(launch.threads));
  return { file, line, endLine, origin, launch, settings, ...extra };
}
