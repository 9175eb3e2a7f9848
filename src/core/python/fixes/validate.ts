import type { Fix } from '../../model';
import type { FixContext } from '../../fixes/types';
import { applyEdits, editsByFile } from '../../fixes/edits';
import { syntaxErrorsAfter } from './trees';

/**
 * Applies the fix in memory and re-parses every Python file it touches; a fix
 * that adds a syntax error (ERROR/MISSING node) becomes unavailable.
 */
export function checkParses(fix: Fix, context: FixContext): Fix {
  if (fix.unavailable || fix.edits.length === 0) return fix;
  for (const [file, edits] of editsByFile(fix.edits)) {
    if (!file.endsWith('.py') && !file.endsWith('.pyi')) continue;
    const text = context.text(file);
    if (text === undefined) return unavailable(fix, `cannot read ${file}`);
    try {
      applyEdits(text, edits);
    } catch {
      return unavailable(fix, 'the rewrite has overlapping edits');
    }
    const { before, after } = syntaxErrorsAfter(context, text, edits);
    if (after > before) {
      return unavailable(fix, 'the rewritten code would not parse');
    }
  }
  return fix;
}

function unavailable(fix: Fix, reason: string): Fix {
  return { ...fix, safe: fix.safe, unavailable: reason, edits: [] };
}
