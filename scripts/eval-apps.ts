/**
 * `npm run eval:apps -- <app dirs...>`: the precision harness. Scans each app
 * and writes every finding with its code context (the lines around it, the
 * chain from the handler, the handler) to a Markdown sheet for review, plus a
 * JSON sidecar (`--out <dir>`, default `out/precision/`). Verdicts already
 * recorded in `test/precision/verdicts.json` are shown next to each finding.
 *
 * `--check`: compares the scan with the verdicts instead: a finding judged
 * false that comes back fails (exit 1), unless its verdict is marked `open`
 * (the cause is known and not fixed yet); findings not reviewed yet, open ones
 * that are gone (fixed) and true findings that disappeared are listed, and do
 * not fail.
 */
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../src/core/scan';
import type { Finding } from '../src/core/model';
import { packageDir } from '../src/core/paths';
import { relativePath } from '../src/core/report/common';

/** One reviewed finding: where it is, which rule, and whether the app's maintainer would want it. */
export interface Verdict {
  app: string;
  /** Relative to the app's folder, forward slashes. */
  file: string;
  line: number;
  rule: string;
  call: string;
  verdict: boolean;
  /** For a false verdict, a short name of the cause (runs-once, cost, dev-only, test-code...), the key into test/precision/shapes. */
  cause?: string;
  reason: string;
  /** A false finding whose cause is not fixed yet: reported again without failing the check. */
  open?: boolean;
}

/** A finding as the sheet shows it. */
export interface SheetRow {
  app: string;
  file: string;
  line: number;
  column: number;
  rule: string;
  call: string;
  severity: string;
  context: string;
  message: string;
  handler: string | null;
  chain: string[];
  code: string[];
  verdict?: boolean;
  reason?: string;
  open?: boolean;
}

export interface CheckResult {
  app: string;
  findings: number;
  /** Findings judged false, cause marked fixed, that were reported again: the check fails on these. */
  falseReturned: Array<SheetRow & { reason: string }>;
  /** Findings judged false whose cause is still open, reported again as expected. */
  openReturned: SheetRow[];
  /** Open false verdicts no longer reported: their cause is fixed, drop `open`. */
  openGone: Verdict[];
  /** Findings without a verdict yet. */
  unreviewed: SheetRow[];
  /** Findings judged true that are no longer reported. */
  trueLost: Verdict[];
}

export const VERDICTS_FILE = path.join(packageDir(), 'test', 'precision', 'verdicts.json');

const CONTEXT_LINES = 3;

export function loadVerdicts(file = VERDICTS_FILE): Verdict[] {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Verdict[];
}

/** The identity of a finding across scans of the same checkout. */
export function verdictKey(v: { app: string; file: string; line: number; rule: string; call: string }): string {
  return `${v.app}\u0000${v.file}\u0000${v.line}\u0000${v.rule}\u0000${v.call}`;
}

function linesOf(file: string, cache: Map<string, string[]>): string[] {
  let lines = cache.get(file);
  if (!lines) {
    try {
      lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      lines = [];
    }
    cache.set(file, lines);
  }
  return lines;
}

function codeAround(file: string, line: number, cache: Map<string, string[]>): string[] {
  const lines = linesOf(file, cache);
  const from = Math.max(1, line - CONTEXT_LINES);
  const to = Math.min(lines.length, line + CONTEXT_LINES);
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`${n === line ? '>' : ' '}${String(n).padStart(5)}  ${lines[n - 1]}`);
  return out;
}

/** The sheet rows of one scanned app, sorted by file and line. */
export function rowsOf(app: string, root: string, findings: readonly Finding[], verdicts: ReadonlyMap<string, Verdict>): SheetRow[] {
  const cache = new Map<string, string[]>();
  const rel = (file: string) => relativePath(root, file);
  return findings
    .map((f): SheetRow => {
      const row: SheetRow = {
        app,
        file: rel(f.file),
        line: f.range.line,
        column: f.range.column,
        rule: f.rule,
        call: f.call,
        severity: f.severity,
        context: f.context,
        message: f.message,
        handler: f.handler ? `${f.handler.name} (${f.handler.framework}, ${rel(f.handler.file)}:${f.handler.line})` : null,
        chain: f.chain.map((hop) => `${hop.name} — ${rel(hop.file)}:${hop.line}`),
        code: codeAround(f.file, f.range.line, cache),
      };
      const verdict = verdicts.get(verdictKey(row));
      if (verdict) Object.assign(row, { verdict: verdict.verdict, reason: verdict.reason }, verdict.open ? { open: true } : {});
      return row;
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}

export interface AppCounts {
  app: string;
  findings: number;
  true: number;
  false: number;
  unreviewed: number;
  /** true / (true + false); null without reviewed findings. */
  precision: number | null;
}

export function countsOf(app: string, rows: readonly SheetRow[]): AppCounts {
  const t = rows.filter((r) => r.verdict === true).length;
  const f = rows.filter((r) => r.verdict === false).length;
  return { app, findings: rows.length, true: t, false: f, unreviewed: rows.length - t - f, precision: t + f > 0 ? t / (t + f) : null };
}

/** Compares one app's rows with the verdicts recorded for it. */
export function checkApp(app: string, rows: readonly SheetRow[], verdicts: readonly Verdict[]): CheckResult {
  const reported = new Set(rows.map(verdictKey));
  return {
    app,
    findings: rows.length,
    falseReturned: rows.filter((r) => r.verdict === false && !r.open).map((r) => ({ ...r, reason: r.reason ?? '' })),
    openReturned: rows.filter((r) => r.verdict === false && r.open),
    openGone: verdicts.filter((v) => v.app === app && !v.verdict && v.open && !reported.has(verdictKey(v))),
    unreviewed: rows.filter((r) => r.verdict === undefined),
    trueLost: verdicts.filter((v) => v.app === app && v.verdict && !reported.has(verdictKey(v))),
  };
}

/** Scans one app folder; the app's name is the folder's name. */
export async function scanApp(dir: string, verdicts: readonly Verdict[]): Promise<SheetRow[]> {
  const root = path.resolve(dir);
  const app = path.basename(root);
  const result = await scan([root], { fixes: false });
  const byKey = new Map(verdicts.filter((v) => v.app === app).map((v) => [verdictKey(v), v]));
  // The folder itself: a name with a dot (`cost.small-json`) must not read as a file.
  return rowsOf(app, root, result.findings, byKey);
}

function percent(p: number | null): string {
  return p === null ? '—' : `${Math.round(p * 100)}%`;
}

function fence(lines: readonly string[]): string[] {
  const longest = Math.max(3, ...lines.map((l) => (l.match(/`+/g) ?? []).reduce((m, run) => Math.max(m, run.length + 1), 0)));
  const mark = '`'.repeat(longest);
  return [mark, ...lines, mark];
}

export function renderSheet(rows: readonly SheetRow[], apps: readonly string[]): string {
  const counts = apps.map((app) => countsOf(app, rows.filter((r) => r.app === app)));
  const out = [
    '# Precision sheet',
    '',
    'Every finding of every scanned app, with its code. Record a verdict per finding in',
    '`test/precision/verdicts.json` (`app, file, line, rule, call, verdict, reason`).',
    '',
    '| app | findings | true | false | unreviewed | precision |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...counts.map((c) => `| ${c.app} | ${c.findings} | ${c.true} | ${c.false} | ${c.unreviewed} | ${percent(c.precision)} |`),
    '',
  ];
  for (const app of apps) {
    out.push(`## ${app}`, '');
    const list = rows.filter((r) => r.app === app);
    if (list.length === 0) out.push('No findings.', '');
    list.forEach((r, i) => {
      const verdict = r.verdict === undefined ? 'not reviewed' : `${r.verdict ? 'TRUE' : r.open ? 'FALSE (cause open)' : 'FALSE'} — ${r.reason}`;
      out.push(
        `### ${app} #${i + 1} \`${r.file}:${r.line}\` ${r.rule} (${r.severity}, ${r.context})`,
        '',
        `- call: \`${r.call}\``,
        `- message: ${r.message}`,
        `- handler: ${r.handler ?? 'none'}`,
        ...(r.chain.length ? [`- chain: ${r.chain.join(' → ')}`] : []),
        `- verdict: ${verdict}`,
        '',
        ...fence(r.code),
        '',
      );
    });
  }
  return out.join('\n');
}

function renderCheck(results: readonly CheckResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(
      `${r.app}: ${r.findings} findings, ${r.falseReturned.length} judged false came back, ${r.openReturned.length} false with an open cause, ` +
        `${r.openGone.length} open ones fixed, ${r.unreviewed.length} not reviewed, ${r.trueLost.length} true ones gone`,
    );
    for (const f of r.falseReturned) out.push(`  FALSE AGAIN ${f.file}:${f.line} ${f.rule} ${f.call} — ${f.reason}`);
    for (const v of r.openGone) out.push(`  fixed       ${v.file}:${v.line} ${v.rule} ${v.call} (drop "open")`);
    for (const f of r.unreviewed) out.push(`  new         ${f.file}:${f.line} ${f.rule} ${f.call}`);
    for (const v of r.trueLost) out.push(`  gone        ${v.file}:${v.line} ${v.rule} ${v.call}`);
  }
  return out.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const outAt = argv.indexOf('--out');
  const outDir = outAt >= 0 ? argv[outAt + 1] : path.join(packageDir(), 'out', 'precision');
  const dirs = argv.filter((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));
  if (dirs.length === 0) {
    process.stderr.write('usage: npm run eval:apps -- [--check] [--out <dir>] <app dirs...>\n');
    return 2;
  }
  const verdicts = loadVerdicts();
  const rows: SheetRow[] = [];
  const apps: string[] = [];
  for (const dir of dirs) {
    const started = Date.now();
    const appRows = await scanApp(dir, verdicts);
    apps.push(path.basename(path.resolve(dir)));
    rows.push(...appRows);
    process.stderr.write(`${path.basename(path.resolve(dir))}: ${appRows.length} findings in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  if (check) {
    const results = apps.map((app) => checkApp(app, rows.filter((r) => r.app === app), verdicts));
    process.stdout.write(renderCheck(results) + '\n');
    return results.some((r) => r.falseReturned.length > 0) ? 1 : 0;
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'sheet.md'), renderSheet(rows, apps));
  fs.writeFileSync(path.join(outDir, 'sheet.json'), JSON.stringify({ apps: apps.map((app) => countsOf(app, rows.filter((r) => r.app === app))), findings: rows }, null, 2) + '\n');
  process.stdout.write(`${path.join(outDir, 'sheet.md')} and sheet.json: ${rows.length} findings in ${apps.length} apps\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(2);
    },
  );
}
