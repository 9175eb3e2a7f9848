import type { AnalyzeInput, FunctionEdit } from '../language';
import type { FileModel } from '../model';
import type { RuleCatalog } from '../rules/catalog';
import { editedFunction } from './editedFunction';
import { LatestDocuments } from '../latestDocuments';
import { BodyMemo, type KeptBodies } from './bodyMemo';
import { positionShift } from '../positionShift';

/**
 * The last analysis of the documents analysed with `keepWalk` (an editor's
 * open ones; the latest two): its model, to compare the next one with, and
 * its walk's records of function bodies, for the next walk to replay.
 */
const keptModels = new LatestDocuments<{ text: string; root: string; rules: RuleCatalog; model: FileModel; bodies?: KeptBodies }>(2);

/**
 * The models that differ from their document's last one by an edit inside
 * one function (`LanguageSupport.editOf`), with the number of that last one.
 * A number, not the model: each edit would keep every model before it.
 */
const editedModels = new WeakMap<FileModel, { edit: FunctionEdit; previous: number }>();
/** Each kept document's models, numbered in the order they were made. */
const modelNumbers = new WeakMap<FileModel, number>();
let lastNumber = 0;

/** How kept documents' edits compared with their last model (tests read this). */
export const editComparisons = { inFunction: 0, whole: 0 };

/**
 * `analyze`'s model of `input`. A kept document is analysed with what its
 * last analysis left (the memo of its function bodies) and compared with
 * that one's model (`editedFunction`); the edit is what `editOf` gives for
 * it. The position shift between the two texts serves both.
 */
export function analyzeKept(input: AnalyzeInput, rules: RuleCatalog, lineBreaks: readonly string[], analyze: (memo?: BodyMemo) => FileModel): FileModel {
  if (!input.keepWalk) return analyze();
  const taken = keptModels.take(input.file);
  const previous = taken && taken.root === input.root && taken.rules === rules ? taken : undefined;
  const shift = previous && positionShift(previous.text, input.text, lineBreaks);
  const memo = new BodyMemo(previous?.bodies && shift ? { ...previous.bodies, shift } : undefined);
  const model = analyze(memo);
  if (previous && shift && previous.text !== input.text) {
    const edit = editedFunction(previous, { text: input.text, model }, shift);
    editComparisons[edit ? 'inFunction' : 'whole']++;
    if (edit) editedModels.set(model, { edit, previous: modelNumbers.get(previous.model)! });
  }
  modelNumbers.set(model, ++lastNumber);
  keptModels.set(input.file, { text: input.text, root: input.root, rules, model, bodies: memo.kept });
  return model;
}

/** The edit `model` came from, when it was found against `held` (the model the index holds: another engine's analysis of the file may have come between). */
export function editOf(model: FileModel, held: FileModel | undefined): FunctionEdit | undefined {
  const found = editedModels.get(model);
  return found && held !== undefined && modelNumbers.get(held) === found.previous ? found.edit : undefined;
}
