/**
 * The JS/TS parser, typescript-estree, with the TypeScript it brings: nine of
 * the CLI's seventeen megabytes. The bundles load it on the first JS/TS file
 * (dist/typescript.js, see scripts/build.mjs), so a Python-only scan and
 * `unblock --version` never pay for it.
 */
import * as path from 'path';
// A plain require: a namespace import would read TypeScript through a copy of its exports as getters (esbuild's __toESM).
import ts = require('typescript');
import type { TSESTree, TSESTreeOptions } from '@typescript-eslint/typescript-estree';
import type { LaggingBodies, PreviousProgram } from './convertStatements';
import { reparseEditedStatement } from './editedStatement';

import { convertOnce } from './tokenChildren';

export { convertStatements, type LaggingBodies, type PreviousProgram } from './convertStatements';

// typescript-estree's own choice of script kind (an export its types reach only with node16 resolution).
const { getScriptKind } = require('@typescript-eslint/typescript-estree/use-at-your-own-risk') as { getScriptKind(file: string, jsx: boolean): ts.ScriptKind };

export type SourceFile = ts.SourceFile;

/**
 * The TypeScript tree typescript-estree's `parse` would make for `text` (the
 * same options), made incrementally from `previous`, the tree of another
 * text, when given: TypeScript re-parses only around the change between the
 * two texts (`start` up to `oldEnd` in the other, `newEnd` in `text`), as
 * editors do on each keystroke. `previous` must not be used afterwards.
 */
export function sourceFileOf(
  file: string,
  text: string,
  jsx: boolean,
  previous?: { sourceFile: ts.SourceFile; start: number; oldEnd: number; newEnd: number },
): ts.SourceFile {
  if (previous) {
    const { start, oldEnd, newEnd } = previous;
    return ts.updateSourceFile(previous.sourceFile, text, { span: { start, length: oldEnd - start }, newLength: newEnd - start });
  }
  const extension = path.extname(file).toLowerCase();
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
    getScriptKind(file, jsx),
  );
}

/** The ESTree program of `text`, from a tree made for this parse alone. */
export function parseText(text: string, options: TSESTreeOptions & { filePath: string; jsx: boolean }): TSESTree.Program {
  return convertOnce(sourceFileOf(options.filePath, text, options.jsx), options);
}

/** `reparseEditedStatement` (editedStatement.ts) with the script kind typescript-estree gives `file`. */
export function programAfterStatementEdit(
  file: string,
  text: string,
  options: TSESTreeOptions & { jsx: boolean },
  previous: PreviousProgram & { text: string },
): { program: TSESTree.Program; lagging: LaggingBodies } | undefined {
  return reparseEditedStatement(file, text, options, getScriptKind(file, options.jsx), previous);
}
