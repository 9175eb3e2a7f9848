import { parse as parseIni } from 'ini';
import { launchFromCommand, type ServerLaunch } from '../command';
import { TextLines } from '../text';
import { commandRecord } from './commandRecord';
import type { LaunchRecord, Setting, SettingSite } from './types';

type Sections = Record<string, Record<string, unknown>>;

/** Parses INI text after joining `\`-continued lines (systemd allows them). */
function sections(text: string): Sections {
  try {
    return parseIni(text.replace(/\\\r?\n/g, ' ')) as Sections;
  } catch {
    return {};
  }
}

/** The physical line range of `key` inside `[section]` (the INI parser keeps no positions). */
function keyLines(lines: TextLines, section: string, key: string): { line: number; endLine: number } | undefined {
  let current: string | undefined;
  for (let i = 0; i < lines.lines.length; i++) {
    const raw = lines.lines[i];
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (header) current = header[1].trim();
    else if (current === section && new RegExp(`^\\s*${key.replace(/[-.]/g, '\\$&')}\\s*[=:]`).test(raw)) {
      let end = i;
      while (/\\\s*$/.test(lines.lines[end]) && end + 1 < lines.lines.length) end++;
      return { line: i + 1, endLine: end + 1 };
    }
  }
  return undefined;
}

function commandsIn(file: string, text: string, sectionMatch: RegExp, key: string, origin: 'systemd' | 'supervisord'): LaunchRecord[] {
  const lines = new TextLines(text);
  const records: LaunchRecord[] = [];
  for (const [section, values] of Object.entries(sections(text))) {
    if (!sectionMatch.test(section)) continue;
    const value = values[key];
    // systemd prefixes: `-` ignore failure, `@` argv0, `+`/`!`/`:` privileges and expansion.
    const command = typeof value === 'string' ? value.replace(/^[-@+!:]+/, '') : undefined;
    const launch = command ? launchFromCommand(command) : undefined;
    const at = keyLines(lines, section, key);
    if (!launch || !at) continue;
    records.push(commandRecord(file, lines, at.line, at.endLine, origin, launch, { name: section.replace(/^program:/, '') }));
  }
  return records;
}

/** `ExecStart=` of a systemd service unit. */
export function readSystemdUnit(file: string, text: string): LaunchRecord[] {
  return commandsIn(file, text, /^Service$/, 'ExecStart', 'systemd');
}

/** `command=` of supervisord `[program:x]` sections. */
export function readSupervisord(file: string, text: string): LaunchRecord[] {
  return commandsIn(file, text, /^program:/, 'command', 'supervisord');
}

/** A uWSGI ini file: `[uwsgi]` with `gevent = N`, `processes`, `threads`, `module`. */
export function readUwsgiIni(file: string, text: string): LaunchRecord[] {
  const values = sections(text).uwsgi;
  if (!values) return [];
  const lines = new TextLines(text);
  const get = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const num = (...keys: string[]) => {
    const value = keys.map(get).find((v) => v !== undefined);
    return value && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
  };
  const gevent = num('gevent');
  const threads = num('threads');
  const launch: ServerLaunch = {
    server: 'uwsgi',
    argv: ['uwsgi', '--ini', file],
    kind: gevent ? 'gevent' : threads && threads > 1 ? 'gthread' : 'sync',
    workerClass: gevent ? 'gevent' : undefined,
    workers: num('processes', 'workers'),
    threads,
    appSpec: get('module'),
    script: get('wsgi-file'),
  };
  const settings: Partial<Record<Setting, SettingSite>> = {};
  const site = (setting: Setting, key: string) => {
    const at = keyLines(lines, 'uwsgi', key);
    if (at) settings[setting] = { line: at.line, text: lines.lines[at.line - 1].trim() };
  };
  site('workerClass', 'gevent');
  site('workers', 'processes');
  site('threads', 'threads');
  const header = lines.lines.findIndex((l) => /^\s*\[uwsgi\]/.test(l)) + 1;
  settings.server = { line: header, text: '[uwsgi]' };
  return [{ file, line: header, endLine: lines.lineCount(), origin: 'uwsgi-ini', launch, settings }];
}

