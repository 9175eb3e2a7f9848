import type { TextEdit } from '../model';
import type { Engine } from '../engine';
import { textsAfterEdits } from './edits';
import { checkAppliedFixes, engineSnapshot } from './verify';

export interface BatchVerdict {
  /** Indexes of the fix groups that may be applied together. */
  kept: number[];
  rejected: Array<{ index: number; problems: string[] }>;
}

/**
 * The editor's fix-all check, in memory: applies fix groups (one per fix)
 * to the engine's texts, runs the whole-project check of `--fix`
 * (checkAppliedFixes), and keeps the groups that pass, trying halves when a
 * set fails. The engine is back at its original texts when this returns.
 * Edits to files the engine does not analyse (requirements.txt) are not
 * checked here.
 */
export function checkFixGroups(engine: Engine, root: string, groups: readonly TextEdit[][]): BatchVerdict {
  const verdict: BatchVerdict = { kept: [], rejected: [] };
  const before = engineSnapshot(engine, root);
  const originals = new Map<string, string>();
  for (const edit of groups.flat()) {
    const text = engine.text(edit.file);
    if (text !== undefined) originals.set(edit.file, text);
  }
  const restore = () => {
    for (const [file, text] of originals) if (engine.text(file) !== text) engine.setFile(file, text);
  };
  const attempt = (indexes: number[]) => {
    const trial = [...verdict.kept, ...indexes].map((i) => groups[i]);
    restore();
    let problems: string[];
    try {
      const texts = textsAfterEdits(trial.flat(), (file) => engine.text(file));
      const changed = new Map<string, { before: string | undefined; after: string }>();
      for (const [file, text] of texts) {
        changed.set(file, { before: originals.get(file), after: text });
        engine.setFile(file, text);
      }
      problems = checkAppliedFixes(before, engineSnapshot(engine, root), changed);
    } catch (error) {
      problems = [`the fixes could not be applied together: ${(error as Error).message}`];
    }
    if (problems.length === 0) {
      verdict.kept.push(...indexes);
      return;
    }
    if (indexes.length === 1) {
      verdict.rejected.push({ index: indexes[0], problems });
      return;
    }
    const half = Math.ceil(indexes.length / 2);
    attempt(indexes.slice(0, half));
    attempt(indexes.slice(half));
  };
  try {
    if (groups.length > 0) attempt(groups.map((_, i) => i));
  } finally {
    restore();
  }
  verdict.kept.sort((a, b) => a - b);
  return verdict;
}
