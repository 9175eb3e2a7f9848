import type { FileModel, Finding, Fix } from '../model';
import type { RuleCatalog } from '../rules/catalog';
import type { ResolvedTarget } from '../index/resolver';

/** What a fix provider may read: file texts and models from the index, the rule catalog. */
export interface FixContext {
  text(file: string): string | undefined;
  model(file: string): FileModel | undefined;
  rules: RuleCatalog;
  /** Every current finding (fixes that make a function async look for its callers' findings too). */
  findings(): readonly Finding[];
  /**
   * Memoizes a value for the lifetime of this context (one batch of fix
   * computations); `release` runs when the batch ends (parse trees live in
   * WASM memory and must be freed).
   */
  memo<T>(key: string, create: () => T, release?: (value: T) => void): T;
  /** Call sites the call graph resolved to `functionName` defined in `file`. */
  callersOf(file: string, functionName: string): Array<{ file: string; caller: string; span: { start: number; end: number }; awaited: boolean; edge?: string }>;
  /** Every file of the project the engine holds (a fix that changes a signature must look at all of them). */
  files(): readonly string[];
  /** What the call whose whole span is `span` resolves to; undefined when no call is recorded there. */
  resolvedCallAt(file: string, span: { start: number; end: number }): ResolvedTarget | undefined;
}

/** Computes fixes for one finding; returns [] when it has nothing to offer. */
export type FixProvider = (finding: Finding, context: FixContext) => Fix[];
