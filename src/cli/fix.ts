import * as fs from 'fs';
import * as path from 'path';
import { createTwoFilesPatch } from 'diff';
import type { Finding, Fix, FixKind, ScanResult, TextEdit } from '../core/model';
import { applyEdits } from '../core/fixes/edits';
import { isWithin } from '../core/files/paths';

export const FIX_KINDS: readonly FixKind[] = ['await', 'offload', 'make-async', 'make-sync', 'deployment', 'suppress'];

export interface FixOptions {
  /** Kinds allowed (`--fix-kind`); default: every kind except suppress. */
  kinds?: readonly FixKind[];
  /** Write the files (`--fix`); without it nothing is written (a `--diff` dry run). */
  write: boolean;
  /** Folders (or files) scanned: nothing outside them is ever written. */
  roots: readonly string[];
  /** Re-scan after writing; the next round fixes what the previous one unlocked. */
  rescan: () => Promise<ScanResult>;
  /** Rounds of fix + rescan (default 10). */
  maxRounds?: number;
}

export interface AppliedFix {
  file: string;
  line: number;
  rule: string;
  title: string;
  kind: FixKind;
}

export interface SkippedFix extends AppliedFix {
  reason: string;
}

export interface FixOutcome {
  applied: AppliedFix[];
  skipped: SkippedFix[];
  /** Original and final text of every changed file (for --diff). */
  changes: Map<string, { before: string; after: string }>;
  /** The scan after the last write (or the input scan in a dry run). */
  result: ScanResult;
}

/** The fix `--fix` applies for a finding: its preferred one if allowed, else the first safe one of an allowed kind. */
export function chooseFix(finding: Finding, kinds?: readonly FixKind[]): Fix | undefined {
  const allowed = (fix: Fix) => (kinds ? kinds.includes(fix.kind) : fix.kind !== 'suppress');
  const usable = (fix: Fix) => fix.safe && !fix.unavailable && fix.edits.length > 0 && allowed(fix);
  const preferred = finding.fixes.find((f) => f.preferred && usable(f));
  return preferred ?? (kinds ? finding.fixes.find(usable) : undefined);
}

function inside(file: string, roots: readonly string[]): boolean {
  const abs = path.resolve(file);
  return roots.some((root) => {
    const r = path.resolve(root);
    const base = fs.existsSync(r) && fs.statSync(r).isFile() ? path.dirname(r) : r;
    return isWithin(abs, base);
  });
}

/** The text edits are computed against (the engine strips a BOM), and whether the file had one. */
function readForEdit(file: string, cache: Map<string, { text: string; bom: boolean }>): { text: string; bom: boolean } {
  const cached = cache.get(file);
  if (cached) return cached;
  let raw = '';
  if (fs.existsSync(file)) raw = fs.readFileSync(file, 'utf8');
  const bom = raw.charCodeAt(0) === 0xfeff;
  const entry = { text: bom ? raw.slice(1) : raw, bom };
  cache.set(file, entry);
  return entry;
}

/** Writes through a temporary file and a rename, keeping the file's mode. */
export function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.unblock-${process.pid}.tmp`);
  const mode = fs.existsSync(file) ? fs.statSync(file).mode : undefined;
  fs.writeFileSync(temp, text);
  if (mode !== undefined) fs.chmodSync(temp, mode);
  fs.renameSync(temp, file);
}

function conflicts(edit: TextEdit, accepted: readonly TextEdit[]): 'same' | 'clash' | undefined {
  for (const other of accepted) {
    if (other.file !== edit.file) continue;
    if (other.span.start === edit.span.start && other.span.end === edit.span.end) {
      if (other.newText === edit.newText) return 'same';
      return 'clash';
    }
    const a = edit.span;
    const b = other.span;
    // An insertion touching a replaced span (even at its ends) is ambiguous: treat it as a clash.
    const overlap = a.start === a.end ? b.start !== b.end && a.start >= b.start && a.start <= b.end : b.start === b.end ? b.start >= a.start && b.start <= a.end : a.start < b.end && b.start < a.end;
    if (overlap) return 'clash';
  }
  return undefined;
}

const keyOf = (f: Finding) => `${f.file}\u0000${f.rule}\u0000${f.call}\u0000${f.range.line}`;

/**
 * Applies each finding's chosen fix. Per round, fixes whose edits collide
 * with an earlier fix of the same round wait for the next round (recomputed
 * on the new text); a rescan after each round lets async propagation and
 * imports settle. Findings still colliding at the end are reported skipped.
 */
export async function applyFixes(initial: ScanResult, options: FixOptions): Promise<FixOutcome> {
  const outcome: FixOutcome = { applied: [], skipped: [], changes: new Map(), result: initial };
  const attempted = new Map<string, number>();
  // Deferred for a collision; reported unless a later round applies a fix for the same (file, rule, call).
  const pending = new Map<string, SkippedFix>();
  const pendingKey = (f: { file: string; rule: string }, call: string) => `${f.file}\u0000${f.rule}\u0000${call}`;
  const maxRounds = options.write ? options.maxRounds ?? 10 : 1;
  let result = initial;
  for (let round = 0; round < maxRounds; round++) {
    const accepted: TextEdit[] = [];
    const appliedNow: AppliedFix[] = [];
    for (const finding of result.findings) {
      const fix = chooseFix(finding, options.kinds);
      if (!fix) continue;
      const entry: AppliedFix = { file: finding.file, line: finding.range.line, rule: finding.rule, title: fix.title, kind: fix.kind };
      const outside = fix.edits.find((e) => !inside(e.file, options.roots));
      if (outside) {
        if (round === 0) outcome.skipped.push({ ...entry, reason: `would write outside the scanned folders: ${outside.file}` });
        continue;
      }
      const key = keyOf(finding);
      if ((attempted.get(key) ?? 0) >= 2) continue;
      const fresh: TextEdit[] = [];
      let clash = false;
      for (const edit of fix.edits) {
        const c = conflicts(edit, accepted);
        if (c === 'clash') clash = true;
        if (!c) fresh.push(edit);
      }
      if (clash) {
        const skipped = { ...entry, reason: 'its edits overlap another fix' };
        pending.set(pendingKey(finding, finding.call), skipped);
        continue;
      }
      pending.delete(pendingKey(finding, finding.call));
      attempted.set(key, (attempted.get(key) ?? 0) + 1);
      accepted.push(...fresh);
      appliedNow.push(entry);
    }
    if (appliedNow.length === 0) break;
    const texts = new Map<string, { text: string; bom: boolean }>();
    const byFile = new Map<string, TextEdit[]>();
    for (const edit of accepted) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
    for (const [file, edits] of byFile) {
      const { text, bom } = readForEdit(file, texts);
      const after = applyEdits(text, edits);
      const change = outcome.changes.get(file);
      outcome.changes.set(file, { before: change?.before ?? text, after });
      if (options.write) writeAtomically(file, (bom ? '\ufeff' : '') + after);
    }
    outcome.applied.push(...appliedNow);
    if (!options.write) {
      for (const [key, d] of pending) pending.set(key, { ...d, reason: `${d.reason} (dry run: one pass only)` });
      break;
    }
    result = await options.rescan();
  }
  outcome.skipped.push(...pending.values());
  outcome.result = result;
  return outcome;
}

/** Unified diff of every changed file, paths relative to `cwd`. */
export function renderDiff(changes: FixOutcome['changes'], cwd: string): string {
  let out = '';
  for (const [file, { before, after }] of [...changes].sort(([a], [b]) => a.localeCompare(b))) {
    if (before === after) continue;
    const rel = path.relative(cwd, file).split(path.sep).join('/');
    out += createTwoFilesPatch(`a/${rel}`, `b/${rel}`, before, after, '', '', { context: 3 });
  }
  return out;
}

/** Human summary: counts, then each applied and skipped fix. */
export function renderSummary(outcome: FixOutcome, cwd: string, wrote: boolean): string {
  const rel = (file: string) => path.relative(cwd, file).split(path.sep).join('/');
  const files = [...outcome.changes.values()].filter((c) => c.before !== c.after).length;
  const verb = wrote ? 'Applied' : 'Would apply';
  const lines = [`${verb} ${outcome.applied.length} fix(es) in ${files} file(s); skipped ${outcome.skipped.length}.`];
  for (const a of outcome.applied) lines.push(`  fixed   ${rel(a.file)}:${a.line} ${a.rule}: ${a.title}`);
  for (const s of outcome.skipped) lines.push(`  skipped ${rel(s.file)}:${s.line} ${s.rule}: ${s.title} (${s.reason})`);
  if (wrote) lines.push(`${outcome.result.findings.length} finding(s) remain after re-scanning.`);
  return `${lines.join('\n')}\n`;
}

/** Parses `--fix-kind a,b`; throws on unknown kinds. */
export function parseFixKinds(values: readonly string[] | undefined): FixKind[] | undefined {
  if (!values || values.length === 0) return undefined;
  const kinds = values.flatMap((v) => v.split(',')).map((k) => k.trim()).filter(Boolean);
  const bad = kinds.find((k) => !(FIX_KINDS as readonly string[]).includes(k));
  if (bad) throw new Error(`invalid --fix-kind "${bad}": expected one of ${FIX_KINDS.join(', ')}`);
  return kinds as FixKind[];
}

/**
 * `unblock scan --fix/--diff/--fix-kind`: applies (or, with only --diff,
 * previews) fixes, prints the summary and diff, and returns the scan the
 * report should show. Output goes to stderr when stdout carries a
 * machine-readable report.
 */
export async function runFixes(
  args: { paths: string[]; fix?: boolean; fixKinds?: FixKind[]; diff?: boolean; format: string; output?: string },
  io: { cwd: string; stdout(text: string): void; stderr(text: string): void },
  result: ScanResult,
  rescan: () => Promise<ScanResult>,
): Promise<ScanResult> {
  const write = Boolean(args.fix || (args.fixKinds && !args.diff));
  const roots = args.paths.map((p) => path.resolve(io.cwd, p));
  const outcome = await applyFixes(result, { kinds: args.fixKinds, write, roots, rescan });
  const say = args.format === 'text' && !args.output ? io.stdout : io.stderr;
  if (args.diff) say(renderDiff(outcome.changes, io.cwd));
  say(renderSummary(outcome, io.cwd, write));
  return outcome.result;
}
