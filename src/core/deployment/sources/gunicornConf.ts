import { kindOfWorkerClass, type ServerLaunch } from '../command';
import { scanPython } from '../pythonScan';
import type { LaunchRecord, Setting, SettingSite } from './types';

/**
 * `gunicorn.conf.py` (or a file named by `-c`): module-level settings.
 * Values computed at run time (`multiprocessing.cpu_count() * 2 + 1`) stay unknown.
 */
export function readGunicornConf(file: string, text: string): LaunchRecord[] {
  const scan = scanPython(file, text);
  const a = scan.assignments;
  const str = (key: string) => (typeof a.get(key)?.value === 'string' ? (a.get(key)!.value as string) : undefined);
  const num = (key: string) => (typeof a.get(key)?.value === 'number' ? (a.get(key)!.value as number) : undefined);
  const workerClass = str('worker_class');
  const threads = num('threads');
  const launch: ServerLaunch = {
    server: 'gunicorn',
    argv: ['gunicorn', '-c', file],
    kind: workerClass ? kindOfWorkerClass(workerClass, threads) : threads && threads > 1 ? 'gthread' : 'unknown',
    workerClass,
    workers: num('workers'),
    threads,
    preload: a.get('preload_app')?.value === true ? true : a.get('preload_app')?.value === false ? false : undefined,
    appSpec: str('wsgi_app'),
  };
  const settings: Partial<Record<Setting, SettingSite>> = {};
  const keys: Array<[Setting, string]> = [['workerClass', 'worker_class'], ['workers', 'workers'], ['threads', 'threads'], ['preload', 'preload_app']];
  for (const [setting, key] of keys) {
    const at = a.get(key);
    if (at) settings[setting] = { line: at.line, text: text.slice(at.start, at.end) };
  }
  const first = Math.min(...[...a.values()].map((v) => v.line), 1);
  return [{ file, line: first, endLine: text.split('\n').length, origin: 'gunicorn-conf', launch, settings }];
}
