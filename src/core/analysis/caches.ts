import type { EngineOptions } from '../engine';
import type { RuleCatalog } from '../rules/catalog';
import type { LanguageId } from '../model';
import { engineFingerprint, rulesFingerprint } from './fingerprint';
import { FindingsCache } from './findingsCache';
import { ModelPacks } from './modelPacks';

/**
 * The on-disk caches of one folder, as `scan()` (the CLI's `.cache/unblock`)
 * and the language server's worker (the editor's storage) open them: the
 * models are salted with the engine build and the rules, the findings also
 * with the roots and the options findings depend on. Models sit in one pack
 * per language, which both share (`ModelPacks`); findings in one pack per
 * engine: `language` names a scan's pass over one language
 * (`findings-python.bin`), none the editor's engine of the whole workspace
 * (`findings.bin`).
 */
export function openCaches(dir: string, roots: readonly string[], rules: RuleCatalog, options: EngineOptions, language?: LanguageId): { modelCache: ModelPacks; findingsCache: FindingsCache } {
  const salt = `${engineFingerprint()}:${rulesFingerprint(rules)}`;
  const { scope, maxDepth, severity, disabledRules, interprocedural, scanBundles, includeTests } = options;
  const findingsSalt = JSON.stringify([roots, scope, maxDepth, severity, [...(disabledRules ?? [])].sort(), interprocedural, scanBundles, includeTests]);
  return { modelCache: new ModelPacks(dir, salt), findingsCache: FindingsCache.open(dir, `${salt}:${findingsSalt}`, language ? `findings-${language}` : 'findings') };
}
