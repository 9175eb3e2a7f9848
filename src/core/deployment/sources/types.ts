import type { ServerLaunch } from '../command';

export type LaunchOrigin =
  | 'procfile'
  | 'dockerfile'
  | 'compose'
  | 'shell'
  | 'systemd'
  | 'supervisord'
  | 'uwsgi-ini'
  | 'gunicorn-conf';

/** A server setting that findings point at. */
export type Setting = 'server' | 'workerClass' | 'workers' | 'threads' | 'preload';

/** Where a setting was written: its line and the text to underline. */
export interface SettingSite {
  line: number;
  text: string;
}

/** One server launch (or server config file) found on disk. */
export interface LaunchRecord {
  file: string;
  line: number;
  endLine: number;
  origin: LaunchOrigin;
  launch: ServerLaunch;
  /** Directory the launch applies to when not the file's own (compose `build.context`). */
  appDir?: string;
  /** Process or service name (`web` in a Procfile, a compose service). */
  name?: string;
  /** A script's launch: the Dockerfile whose image runs the script (its ENTRYPOINT or CMD), which makes it the image's launch. */
  runByImage?: string;
  settings: Partial<Record<Setting, SettingSite>>;
}
