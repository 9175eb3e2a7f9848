/**
 * Libraries most scans never call, loaded on first use. A bundle parses every
 * byte it carries when it starts, and these were half of the CLI's: iconv-lite
 * (its code pages, for files not in UTF-8), yaml (compose files), dockerfile-ast
 * (Dockerfiles), ajv (config and custom rules). The build gives each a bundle
 * of its own (scripts/build.mjs, LAZY_BUNDLES), required from here only.
 */
import type * as IconvLite from 'iconv-lite';
import type * as Yaml from 'yaml';
import type * as DockerfileAst from 'dockerfile-ast';
import type AjvClass from 'ajv';

/** `load()`'s value, computed on the first call. */
function onFirstUse<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

export const iconvLite = onFirstUse(() => require('iconv-lite') as typeof IconvLite);
export const yaml = onFirstUse(() => require('yaml') as typeof Yaml);
export const dockerfileAst = onFirstUse(() => require('dockerfile-ast') as typeof DockerfileAst);
export const ajv = onFirstUse((): typeof AjvClass => {
  // ajv's CommonJS export is the class, with itself as `default`.
  const loaded = require('ajv') as typeof AjvClass & { default?: typeof AjvClass };
  return loaded.default ?? loaded;
});
