import * as path from 'path';
import { folderNames } from './folders';
import { noteRead, type ReadAnswer } from './readLog';

/**
 * Python libraries copied into an app (Medusa's `ext/`, SickChill's `lib3/`):
 * a folder below the scan root that is no package itself and holds what pip
 * installs (`*.dist-info`, `*.egg-info`) or at least two packages named like
 * libraries the rule catalog knows (`requests`, `urllib3`). Their code is the
 * library's, not the app's: analysing it reports tornado's own internals as
 * the app's request path. Skipped, an import of them resolves like any
 * library (`requests.get` is still `requests.get`).
 */
export class VendoredPackages {
  private readonly folders = new Map<string, boolean>();

  constructor(
    /** Top-level names of libraries the catalog has rules for. */
    private readonly libraries: ReadonlySet<string>,
    private readonly listDir: (dir: string) => string[] | undefined = folderNames,
  ) {}

  /** Why `file` is part of a vendored library, or undefined. */
  reason(file: string, root: string): string | undefined {
    if (!file.endsWith('.py')) return undefined;
    for (let dir = path.dirname(file); dir.length > root.length && dir.startsWith(root); dir = path.dirname(dir)) {
      if (this.isVendorFolder(dir)) return `a vendored library (in ${path.relative(root, dir).split(path.sep).join('/')}/)`;
    }
    return undefined;
  }

  private isVendorFolder(dir: string): boolean {
    let known = this.folders.get(dir);
    if (known === undefined) {
      const judged = (known = this.judge(dir));
      this.folders.set(dir, known);
      // Noted as the verdict: the folder's other names come and go (a new module) without changing it.
      noteRead('vendorFolder', dir, () => vendorFolderAnswer(judged));
    }
    return known;
  }

  /** Whether `dir` holds vendored libraries, as `reason` judges each folder (without noting it). */
  judge(dir: string): boolean {
    const entries = this.listDir(dir);
    if (!entries || entries.includes('__init__.py')) return false;
    if (entries.some((e) => e.endsWith('.dist-info') || e.endsWith('.egg-info'))) return true;
    const libraries = entries.filter((e) => this.libraries.has(e) && this.listDir(path.join(dir, e))?.includes('__init__.py'));
    return libraries.length >= 2;
  }
}

export const vendorFolderAnswer = (vendored: boolean): ReadAnswer => ['vendored', String(vendored)];
