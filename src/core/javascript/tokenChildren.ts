/**
 * typescript-estree finds some tokens (after `export`, `default`, `<…>`)
 * through TypeScript's `getChildren`, which caches each node's token
 * children in one WeakMap for the whole process, keyed by the file's tree.
 * That map lives in V8's old generation, and a young-generation collection
 * takes what an old object points at as alive: every parsed tree survived
 * the scavenges until the next full collection (the bench's 1,000 JS/TS
 * files: 250 of 900 MB allocated were promoted, 133 without this cache). A
 * tree parsed for one analysis gives its cache back once converted.
 */
// A plain require, as typescriptSide.ts says why.
import ts = require('typescript');
import { parse, type TSESTree, type TSESTreeOptions } from '@typescript-eslint/typescript-estree';

/** TypeScript's own move of a tree's children cache to another tree (`updateSourceFile` uses it); not in its public types. */
const internals = ts as unknown as { transferSourceFileChildren?: (from: ts.SourceFile, to: ts.SourceFile) => void };

/** Where released caches go (TypeScript has no call that only deletes one): each replaces the last, so one stays at most. */
const RELEASED = {} as ts.SourceFile;

/** Drops the children TypeScript cached for `sourceFile`, a tree no one asks for tokens again. */
export function releaseTokenChildren(sourceFile: ts.SourceFile): void {
  internals.transferSourceFileChildren?.(sourceFile, RELEASED);
}

/** The ESTree program of `sourceFile`, a tree made for this one conversion (`parse` takes a tree in place of the text): its cache goes with it. */
export function convertOnce(sourceFile: ts.SourceFile, options: TSESTreeOptions): TSESTree.Program {
  try {
    return parse(sourceFile as unknown as string, options);
  } finally {
    releaseTokenChildren(sourceFile);
  }
}
