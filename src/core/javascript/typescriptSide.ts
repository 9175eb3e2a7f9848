/**
 * The JS/TS parser, typescript-estree, with the TypeScript it brings: nine of
 * the CLI's seventeen megabytes. The bundles load it on the first JS/TS file
 * (dist/typescript.js, see scripts/build.mjs), so a Python-only scan and
 * `unblock --version` never pay for it.
 */
export { parse } from '@typescript-eslint/typescript-estree';
