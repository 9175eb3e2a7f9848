import type { TextEdit } from '../model';
import type { LaunchRecord } from './sources/types';
import { GTHREAD_THREADS, type WorkerTarget } from './fixes';
import { TextLines } from './text';

/** `-k sync`, `--worker-class=sync`, `"-k", "sync"` (Dockerfile exec form): the value's offsets in the line. */
const WORKER_FLAG = /(?:^|[\s"'[,])(?:-k|--worker-class)(?:=|\s+|["']\s*,\s*["'])([\w.:-]+)/g;

function flagValueIn(line: string, value: string): { start: number; end: number } | undefined {
  for (const m of line.matchAll(WORKER_FLAG)) {
    if (m[1] !== value) continue;
    const start = m.index! + m[0].length - m[1].length;
    return { start, end: start + m[1].length };
  }
  return undefined;
}

/** The token `text` on `line` as a whole word, and whether it is a JSON string (a Dockerfile exec form). */
function tokenAt(lines: TextLines, line: number, text: string): { start: number; end: number; json: boolean } | undefined {
  const lineText = lines.lines[line - 1] ?? '';
  for (let at = lineText.indexOf(text); at >= 0; at = lineText.indexOf(text, at + 1)) {
    const before = lineText[at - 1] ?? ' ';
    const after = lineText[at + text.length] ?? ' ';
    if (!/[\s"'[/=:]/.test(before) || !/[\s"'\],;&|]/.test(after)) continue;
    const start = lines.lineStart(line) + at;
    return { start, end: start + text.length, json: before === '"' && after === '"' };
  }
  return undefined;
}

/** Shell words or JSON strings to insert after a token. */
function words(json: boolean, args: string[]): string {
  return json ? args.map((a) => `, "${a}"`).join('') : args.map((a) => ` ${a}`).join('');
}

/**
 * Edits one gunicorn command line (Procfile, Dockerfile CMD, compose,
 * systemd, shell) so it runs `target` workers: the worker class written there
 * is replaced; without one, `-k gevent` (or `--threads N`) goes after
 * `gunicorn` unless a config file already decides (`configDecides`).
 */
export function commandWorkerEdits(
  rec: LaunchRecord,
  text: string,
  target: WorkerTarget,
  configDecides: boolean,
): { edits: TextEdit[] } | { unavailable: string } {
  const lines = new TextLines(text);
  const l = rec.launch;
  const edits: TextEdit[] = [];
  const current = l.workerClass;
  const threadsOk = (l.threads ?? 0) > 1;
  const classSite = rec.settings.workerClass;
  if (current && classSite) {
    const span = flagValueIn(lines.lines[classSite.line - 1] ?? '', current);
    if (!span) return { unavailable: `cannot find the worker class ${current} on line ${classSite.line} of the command` };
    const start = lines.lineStart(classSite.line) + span.start;
    const json = (lines.lines[classSite.line - 1] ?? '')[span.end] === '"';
    if (target === 'gevent' && current !== 'gevent') edits.push({ file: rec.file, span: { start, end: start + current.length }, newText: 'gevent' });
    if (target === 'gthread') {
      if (current !== 'gthread' && current !== 'sync') edits.push({ file: rec.file, span: { start, end: start + current.length }, newText: 'gthread' });
      if (!threadsOk) edits.push({ file: rec.file, span: { start: start + current.length + (json ? 1 : 0), end: start + current.length + (json ? 1 : 0) }, newText: words(json, ['--threads', String(GTHREAD_THREADS)]) });
    }
    return { edits };
  }
  if (configDecides) return { edits };
  if (target === 'gthread' && threadsOk) return { edits };
  const server = rec.settings.server;
  const token = server ? tokenAt(lines, server.line, server.text) : undefined;
  if (!server || !token) return { unavailable: `cannot find where gunicorn is started in ${rec.file}:${rec.line}` };
  const args = target === 'gevent' ? ['-k', 'gevent'] : ['--threads', String(GTHREAD_THREADS)];
  const at = token.end + (token.json ? 1 : 0);
  edits.push({ file: rec.file, span: { start: at, end: at }, newText: words(token.json, args) });
  return { edits };
}
