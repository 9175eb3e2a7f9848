import * as fs from 'fs';
import * as path from 'path';
import { createTwoFilesPatch } from 'diff';
import type { Finding, Fix, FixKind, ScanResult, TextEdit } from '../core/model';
import { textsAfterEdits } from '../core/fixes/edits';
import { checkAppliedFixes, resultOnly, type ProjectSnapshot } from '../core/fixes/verify';
import { releaseSnapshot, type ScanRun } from '../core/scan';
import { SourceFiles, type EditableFile } from './sourceFiles';


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

/** A fix chosen for a round, with the edits it adds to the round's set. */
interface Candidate {
  /** The finding and fix title, to never retry a fix the check rejected. */
  key: string;
  entry: AppliedFix;
  edits: TextEdit[];
}

const snapshotOf = (result: ScanResult): ProjectSnapshot => (result as Partial<ScanRun>).snapshot ?? resultOnly(result);

/**
 * Applies each finding's chosen fix, round by round. In a round, fixes whose
 * edits collide with an earlier one wait for the next round (recomputed on
 * the new text). After writing, the project is re-scanned and checked as a
 * whole (checkAppliedFixes: parses, no coroutine or promise left un-awaited,
 * handlers kept, no new config finding); a round that fails is rolled back
 * and its fixes are retried in halves, so only the fixes that break the
 * check are dropped and reported. Nothing is written outside the roots, and
 * files keep their encoding, line endings, mode and symlinks.
 */
export async function applyFixes(initial: ScanResult, options: FixOptions): Promise<FixOutcome> {
  const outcome: FixOutcome = { applied: [], skipped: [], changes: new Map(), result: initial };
  const files = new SourceFiles(options.roots);
  const attempted = new Map<string, number>();
  const rejected = new Set<string>();
  // Deferred for a collision; reported unless a later round applies a fix for the same (file, rule, call).
  const pending = new Map<string, SkippedFix>();
  const pendingKey = (f: { file: string; rule: string }, call: string) => `${f.file}\u0000${f.rule}\u0000${call}`;
  const maxRounds = options.write ? options.maxRounds ?? 10 : 1;
  let result = initial;
  for (let round = 0; round < maxRounds; round++) {
    const accepted: TextEdit[] = [];
    const candidates: Candidate[] = [];
    for (const finding of result.findings) {
      const fix = chooseFix(finding, options.kinds);
      if (!fix) continue;
      const entry: AppliedFix = { file: finding.file, line: finding.range.line, rule: finding.rule, title: fix.title, kind: fix.kind };
      const key = keyOf(finding);
      // Without the line: earlier rounds shift lines, and a rejected fix stays rejected.
      const candidateKey = `${finding.file}\u0000${finding.rule}\u0000${finding.call}\u0000${fix.title}`;
      if (rejected.has(candidateKey) || (attempted.get(key) ?? 0) >= 2) continue;
      const refused = fix.edits.map((e) => files.open(e.file)).find((f): f is { error: string } => 'error' in f);
      if (refused) {
        if (round === 0) outcome.skipped.push({ ...entry, reason: refused.error });
        continue;
      }
      const fresh: TextEdit[] = [];
      let clash = false;
      for (const edit of fix.edits) {
        const c = conflicts(edit, accepted);
        if (c === 'clash') clash = true;
        if (!c) fresh.push(edit);
      }
      if (clash) {
        pending.set(pendingKey(finding, finding.call), { ...entry, reason: 'its edits overlap another fix' });
        continue;
      }
      pending.delete(pendingKey(finding, finding.call));
      attempted.set(key, (attempted.get(key) ?? 0) + 1);
      accepted.push(...fresh);
      // All of its edits, shared ones too (an import another fix also adds): it may be kept without that fix.
      candidates.push({ key: candidateKey, entry, edits: fix.edits });
    }
    if (candidates.length === 0) break;
    // The round's fixes are taken: the check after it compares with this scan's result alone.
    releaseSnapshot(result);
    if (!options.write) {
      // A dry run shows the first round as computed; --fix applies it with the project check.
      for (const [file, after] of textsAfter(files, candidates)) outcome.changes.set(file, { before: (files.open(file) as EditableFile).text, after });
      outcome.applied.push(...candidates.map((c) => c.entry));
      for (const [key, d] of pending) pending.set(key, { ...d, reason: `${d.reason} (dry run: one pass only)` });
      break;
    }
    const settled = await applyChecked(files, candidates, result, options.rescan);
    for (const { candidate, problems } of settled.rejected) {
      rejected.add(candidate.key);
      outcome.skipped.push({ ...candidate.entry, reason: `rolled back: ${problems.slice(0, 3).join('; ')}` });
    }
    if (settled.kept.length === 0) break;
    outcome.applied.push(...settled.kept.map((c) => c.entry));
    for (const [file, after] of textsAfter(files, settled.kept)) {
      const entry = files.open(file) as EditableFile;
      outcome.changes.set(file, { before: outcome.changes.get(file)?.before ?? entry.text, after });
    }
    // The next round computes its fixes on the new texts: read them again.
    files.forget(settled.kept.flatMap((c) => c.edits.map((e) => e.file)));
    result = settled.result;
  }
  outcome.skipped.push(...pending.values());
  outcome.result = result;
  return outcome;
}

/** Each touched file's text after the candidates' edits, applied to the text the round started from. */
function textsAfter(files: SourceFiles, candidates: readonly Candidate[]): Map<string, string> {
  return textsAfterEdits(candidates.flatMap((c) => c.edits), (file) => (files.open(file) as EditableFile).text);
}

/**
 * Writes the candidates, re-scans and checks the project; on failure puts
 * the files back and tries each half, down to single fixes, keeping every
 * group that passes. Returns what stayed and the scan of that state.
 */
async function applyChecked(
  files: SourceFiles,
  candidates: readonly Candidate[],
  start: ScanResult,
  rescan: () => Promise<ScanResult>,
): Promise<{ kept: Candidate[]; rejected: Array<{ candidate: Candidate; problems: string[] }>; result: ScanResult }> {
  const kept: Candidate[] = [];
  const rejected: Array<{ candidate: Candidate; problems: string[] }> = [];
  let current = start;
  const writeState = (set: readonly Candidate[]): string | undefined => {
    const texts = textsAfter(files, set);
    for (const file of new Set(candidates.flatMap((c) => c.edits.map((e) => e.file)))) {
      const entry = files.open(file) as EditableFile;
      const text = texts.get(file);
      if (text === undefined) files.restore(entry);
      else {
        const error = files.write(entry, text);
        if (error) return error;
      }
    }
    return undefined;
  };
  const attempt = async (group: readonly Candidate[]): Promise<void> => {
    const trial = [...kept, ...group];
    const writeError = writeState(trial);
    let problems: string[];
    let after: ScanResult | undefined;
    if (writeError) problems = [writeError];
    else {
      after = await rescan();
      const changed = new Map<string, { before: string | undefined; after: string }>();
      for (const [file, text] of textsAfter(files, trial)) {
        const entry = files.open(file) as EditableFile;
        changed.set(file, { before: entry.existed ? entry.text : undefined, after: text });
      }
      problems = checkAppliedFixes(resultOnly(start), snapshotOf(after), changed);
    }
    if (problems.length === 0 && after) {
      kept.push(...group);
      current = after;
      return;
    }
    if (group.length === 1) {
      rejected.push({ candidate: group[0], problems });
      return;
    }
    const half = Math.ceil(group.length / 2);
    await attempt(group.slice(0, half));
    await attempt(group.slice(half));
  };
  await attempt(candidates);
  // Leave the disk exactly at the kept state (the last attempt may have been a rejected one).
  writeState(kept);
  if (kept.length === 0) current = start;
  else if (rejected.length > 0) current = await rescan();
  return { kept, rejected, result: current };
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
