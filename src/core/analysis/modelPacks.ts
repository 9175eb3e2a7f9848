import type { AnalyzeInput } from '../language';
import type { FileModel, LanguageId } from '../model';
import type { EncodedModel } from './codec';
import { ModelCache } from './modelCache';

/** What an engine asks of the models kept on disk (`ModelPacks`; one `ModelCache` alone in tests). */
export type ModelStore = Pick<ModelCache, 'get' | 'keep' | 'put' | 'save' | 'release'>;

/**
 * The model packs of a cache folder, one per language (`models-python.bin`):
 * a scan analyses each language with an engine of its own, the editor's
 * worker the whole workspace with one, and both read and write the same
 * packs. A language's pack is opened when one of its files is first asked.
 */
export class ModelPacks implements ModelStore {
  private readonly packs = new Map<LanguageId, ModelCache>();

  constructor(
    private readonly dir: string,
    private readonly salt: string,
  ) {}

  get(language: LanguageId, input: AnalyzeInput, analyze: () => FileModel): FileModel | undefined {
    return this.pack(language).get(language, input, analyze);
  }

  keep(language: LanguageId, input: AnalyzeInput): void {
    this.pack(language).keep(language, input);
  }

  put(language: LanguageId, input: AnalyzeInput, model: FileModel, encoded?: EncodedModel): void {
    this.pack(language).put(language, input, model, encoded);
  }

  /** Writes every pack opened; false when one could not be. */
  save(): boolean {
    return [...this.packs.values()].map((pack) => pack.save()).every(Boolean);
  }

  release(): void {
    for (const pack of this.packs.values()) pack.release();
  }

  private pack(language: LanguageId): ModelCache {
    let pack = this.packs.get(language);
    if (!pack) this.packs.set(language, (pack = ModelCache.open(this.dir, this.salt, `models-${language}`)));
    return pack;
  }
}
