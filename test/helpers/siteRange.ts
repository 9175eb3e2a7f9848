import type { FileModel, Range, Span } from '../../src/core/model';
import { LANGUAGES } from '../../src/core/languages';
import { LineIndex } from '../../src/core/lines';

const analyzedTexts = new WeakMap<FileModel, string>();

/** Remembers the text a test analysed, so its call sites' ranges can be derived as the index does. */
export function withText<M extends FileModel>(model: M, text: string): M {
  analyzedTexts.set(model, text);
  return model;
}

/** The line and column of a site of `model` (analysed through a test helper), derived as findings derive them. */
export function rangeOfSite(model: FileModel, site: { span: Span }): Range {
  const text = analyzedTexts.get(model);
  if (text === undefined) throw new Error('the model was not analysed through a test helper that keeps its text');
  const language = LANGUAGES.find((l) => l.id === model.language)!;
  return new LineIndex(text, language.lineBreaks).rangeOf(site.span);
}
