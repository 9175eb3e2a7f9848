/**
 * The JS/TS parser, typescript-estree, with the TypeScript it brings: nine of
 * the CLI's seventeen megabytes. The bundles load it on the first JS/TS file
 * (dist/typescript.js, see scripts/build.mjs), so a Python-only scan and
 * `unblock --version` never pay for it.
 */
import * as ts from 'typescript';

export { parse } from '@typescript-eslint/typescript-estree';

export type SourceFile = ts.SourceFile;

/**
 * The TypeScript tree typescript-estree's `parse` would make for `text` (the
 * same options), made incrementally from `previous`, the tree of `before`,
 * when given: TypeScript re-parses only around the change between the two
 * texts (`start` up to `oldEnd` in `before`, `newEnd` in `text`), as editors
 * do on each keystroke. `previous` must not be used afterwards.
 */
export function sourceFileOf(
  file: string,
  text: string,
  jsx: boolean,
  previous?: { sourceFile: ts.SourceFile; start: number; oldEnd: number; newEnd: number },
): ts.SourceFile {
  if (previous) {
    const { sourceFile, start, oldEnd, newEnd } = previous;
    return ts.updateSourceFile(sourceFile, text, { span: { start, length: oldEnd - start }, newLength: newEnd - start });
  }
  const extension = file.slice(file.lastIndexOf('.')).toLowerCase();
  const moduleByExtension = extension === '.mjs' || extension === '.mts';
  return ts.createSourceFile(
    file,
    text,
    {
      jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
      languageVersion: ts.ScriptTarget.Latest,
      setExternalModuleIndicator: moduleByExtension
        ? (sourceFile) => {
            (sourceFile as { externalModuleIndicator?: unknown }).externalModuleIndicator = true;
          }
        : undefined,
    },
    true,
    scriptKindOf(extension, jsx),
  );
}

/** As typescript-estree picks it: by the extension, TypeScript's own rule; the JSX mode only for other names. */
function scriptKindOf(extension: string, jsx: boolean): ts.ScriptKind {
  switch (extension) {
    case '.js':
    case '.cjs':
    case '.mjs':
      return ts.ScriptKind.JS;
    case '.ts':
    case '.cts':
    case '.mts':
      return ts.ScriptKind.TS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.tsx':
      return ts.ScriptKind.TSX;
    default:
      return jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  }
}
