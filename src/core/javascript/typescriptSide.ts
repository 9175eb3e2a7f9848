/**
 * The TypeScript side of the JS/TS binding: typescript-estree (the parser)
 * and TypeScript (tsconfig reading). Nine of the CLI's seventeen megabytes:
 * the bundles load it on the first JS/TS file (dist/typescript.js, see
 * scripts/build.mjs), so a Python-only scan and `unblock --version` never pay for it.
 */
export { parse } from '@typescript-eslint/typescript-estree';
export { parseConfigFileTextToJson } from 'typescript';
