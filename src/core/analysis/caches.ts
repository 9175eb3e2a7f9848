import type { EngineOptions } from '../engine';
import type { RuleCatalog } from '../rules/catalog';
import type { LanguageId } from '../model';
import { engineFingerprint, rulesFingerprint } from './fingerprint';
import { FindingsCache } from './findingsCache';
import { ModelCache } from './modelCache';

/**
 * The on-disk caches of one folder, as `scan()` (the CLI's `.cache/unblock`)
 * and the language server's worker (the editor's storage) open them: the
 * models are salted with the engine build and the rules, the findings also
 * with the roots and the options findings depend on. `language`: the packs
 * of a scan's pass over one language (`models-python.bin`), beside the
 * editor's packs of the whole workspace (`models.bin`).
 */
export function openCaches(dir: string, roots: readonly string[], rules: RuleCatalog, options: EngineOptions, language?: LanguageId): { modelCache: ModelCache; findingsCache: FindingsCache } {
  const salt = `${engineFingerprint()}:${rulesFingerprint(rules)}`;
  const { scope, maxDepth, severity, disabledRules, interprocedural, scanBundles, includeTests } = options;
  const findingsSalt = JSON.stringify([roots, scope, maxDepth, severity, [...(disabledRules ?? [])].sort(), interprocedural, scanBundles, includeTests]);
  const suffix = language ? `-${language}` : '';
  return { modelCache: ModelCache.open(dir, salt, `models${suffix}`), findingsCache: FindingsCache.open(dir, `${salt}:${findingsSalt}`, `findings${suffix}`) };
}
