import type { EngineOptions } from '../engine';
import type { RuleCatalog } from '../rules/catalog';
import { engineFingerprint, rulesFingerprint } from './fingerprint';
import { FindingsCache } from './findingsCache';
import { ModelCache } from './modelCache';

/**
 * The on-disk caches of one folder, as `scan()` (the CLI's `.cache/unblock`)
 * and the language server's worker (the editor's storage) open them: the
 * models are salted with the engine build and the rules, the findings also
 * with the roots and the options findings depend on.
 */
export function openCaches(dir: string, roots: readonly string[], rules: RuleCatalog, options: EngineOptions): { modelCache: ModelCache; findingsCache: FindingsCache } {
  const salt = `${engineFingerprint()}:${rulesFingerprint(rules)}`;
  const { scope, maxDepth, severity, disabledRules, interprocedural, scanBundles, includeTests } = options;
  const findingsSalt = JSON.stringify([roots, scope, maxDepth, severity, [...(disabledRules ?? [])].sort(), interprocedural, scanBundles, includeTests]);
  return { modelCache: ModelCache.open(dir, salt), findingsCache: FindingsCache.open(dir, `${salt}:${findingsSalt}`) };
}
