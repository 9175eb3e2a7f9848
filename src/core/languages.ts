import * as path from 'path';
import type { LanguageSupport } from './language';
import { python } from './python';
import { javascript } from './javascript';

/** Every supported language. Adding one = a folder implementing LanguageSupport + an entry here. */
export const LANGUAGES: readonly LanguageSupport[] = [python, javascript];

export const SOURCE_EXTENSIONS: readonly string[] = LANGUAGES.flatMap((l) => l.extensions);

/** The language that analyses `file`, by its extension. */
export function languageForFile(file: string): LanguageSupport | undefined {
  const ext = path.extname(file).toLowerCase();
  return LANGUAGES.find((l) => l.extensions.includes(ext));
}
