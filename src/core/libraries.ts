/**
 * Libraries most scans never call, loaded on first use. A bundle parses every
 * byte it carries when it starts, and these were half of the CLI's: iconv-lite
 * (its code pages, for files not in UTF-8), yaml (compose files), dockerfile-ast
 * (Dockerfiles), ajv (config and custom rules), flow-remove-types (Flow-typed
 * JavaScript, with Flow's parser in WASM). The build gives each a bundle
 * of its own (scripts/build.mjs, LAZY_BUNDLES), required from here only.
 */
import type * as IconvLite from 'iconv-lite';
import type * as Yaml from 'yaml';
import type * as DockerfileAst from 'dockerfile-ast';
import type AjvClass from 'ajv';

/** flow-remove-types' one export (the package ships no types): `pretty: false`, its default, blanks types with spaces. */
type FlowRemoveTypes = (source: string, options?: { all?: boolean; pretty?: boolean }) => { toString(): string };

/** `load()`'s value, computed on the first call. */
function onFirstUse<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

export const iconvLite = onFirstUse(() => require('iconv-lite') as typeof IconvLite);
export const yaml = onFirstUse(() => require('yaml') as typeof Yaml);
export const dockerfileAst = onFirstUse(() => require('dockerfile-ast') as typeof DockerfileAst);
export const flowRemoveTypes = onFirstUse(() => require('flow-remove-types') as FlowRemoveTypes);
export const ajv = onFirstUse((): typeof AjvClass => {
  // ajv's CommonJS export is the class, with itself as `default`.
  const loaded = require('ajv') as typeof AjvClass & { default?: typeof AjvClass };
  return loaded.default ?? loaded;
});
