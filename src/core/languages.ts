import type { LanguageSupport } from './language';
import { python } from './python';
import { javascript } from './javascript';

/** Every supported language. Adding one = a folder implementing LanguageSupport + an entry here. */
export const LANGUAGES: readonly LanguageSupport[] = [python, javascript];

export const SOURCE_EXTENSIONS: readonly string[] = LANGUAGES.flatMap((l) => l.extensions);
