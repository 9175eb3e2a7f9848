import type { TextLines } from '../text';
import { launchFromArgv, splitCommands, type ServerLaunch } from '../command';
import type { LaunchOrigin, LaunchRecord, Setting, SettingSite } from './types';

/** Environment a launch runs with, and the lines that set it (Dockerfile ENV, compose `environment`). */
export interface LaunchEnv {
  values: Record<string, string>;
  line: number;
  endLine: number;
}

/** granian's options read from the environment (click's `GRANIAN_` prefix) that say how it serves requests. */
const GRANIAN_ENV: Record<string, string> = { GRANIAN_INTERFACE: '--interface', GRANIAN_WORKERS: '--workers', GRANIAN_BLOCKING_THREADS: '--blocking-threads' };

/** Whether a server reads `name` from its environment for a setting `applyServerEnv` knows. */
export function isServerEnv(name: string): boolean {
  return name === 'GUNICORN_CMD_ARGS' || name === 'WEB_CONCURRENCY' || name in GRANIAN_ENV;
}

/**
 * The launch with the settings its server reads from the environment, the
 * command line winning as it does for each server: gunicorn reads
 * `GUNICORN_CMD_ARGS` and takes its default worker count from
 * `WEB_CONCURRENCY`; granian reads each option from `GRANIAN_<OPTION>`
 * (searxng's image sets `GRANIAN_INTERFACE=wsgi GRANIAN_BLOCKING_THREADS=4`).
 */
export function applyServerEnv(launch: ServerLaunch, env: LaunchEnv | undefined): ServerLaunch {
  if (!env) return launch;
  if (launch.server === 'granian') {
    const given = (flag: string) => launch.argv.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
    const flags = Object.entries(GRANIAN_ENV).filter(([name, flag]) => env.values[name] && !given(flag)).flatMap(([name, flag]) => [flag, env.values[name]]);
    return flags.length > 0 ? launchFromArgv([launch.argv[0], ...flags, ...launch.argv.slice(1)]) ?? launch : launch;
  }
  if (launch.server !== 'gunicorn') return launch;
  let result = launch;
  const extra = env.values.GUNICORN_CMD_ARGS;
  if (extra) {
    const tokens = splitCommands(extra)[0] ?? [];
    result = launchFromArgv([launch.argv[0], ...tokens, ...launch.argv.slice(1)]) ?? launch;
    result = { ...result, chdir: result.chdir ?? launch.chdir };
  }
  const concurrency = env.values.WEB_CONCURRENCY;
  if (result.workers === undefined && concurrency && /^\d+$/.test(concurrency)) result = { ...result, workers: Number(concurrency) };
  return result;
}

/** Finds where each setting of a command-line launch is written within lines `line..endLine` (or the env lines). */
export function commandRecord(
  file: string,
  lines: TextLines,
  line: number,
  endLine: number,
  origin: LaunchOrigin,
  launch: ServerLaunch,
  extra: Partial<LaunchRecord> = {},
  env?: LaunchEnv,
): LaunchRecord {
  const settings: Partial<Record<Setting, SettingSite>> = {};
  const site = (text: string | undefined, envKey?: string): SettingSite | undefined => {
    if (!text) return undefined;
    let found = lines.locate(text, line, endLine);
    if (!found.found && env) {
      const inEnv = lines.locate(text, env.line, env.endLine);
      if (inEnv.found) found = inEnv;
      else if (envKey && env.values[envKey] !== undefined) found = lines.locate(envKey, env.line, env.endLine);
    }
    return { line: found.line, text: lines.text.slice(found.span.start, found.span.end) };
  };
  settings.server = site(launch.argv[0] ?? launch.server);
  if (launch.workerClass) settings.workerClass = site(launch.workerClass);
  if (launch.preload) settings.preload = site('--preload');
  const granian = launch.server === 'granian';
  if (launch.workers !== undefined) settings.workers = site(String(launch.workers), granian ? 'GRANIAN_WORKERS' : 'WEB_CONCURRENCY');
  if (launch.threads !== undefined) settings.threads = site(String(launch.threads), granian ? 'GRANIAN_BLOCKING_THREADS' : undefined);
  return { file, line, endLine, origin, launch, settings, ...extra };
}
