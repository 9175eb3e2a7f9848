import type { ClassInfo, FileModel } from '../model';
import type { ClassHierarchy } from './classes';
import type { FunctionKey } from './resolver';
import type { FileSymbols } from './symbols';

/** Deeper subclassing than this is treated as a loop. */
const MAX_DEPTH = 32;

interface Located {
  file: string;
  cls: ClassInfo;
}

/**
 * Subclass overrides: a method called on an instance may run the version of
 * any project subclass of the receiver's class, in any file. The subclass
 * map is built once per class layout of the project (the workspace drops
 * this object when a class, a base or a method name changes).
 */
export class Overrides {
  private children: Map<string, Located[]> | undefined;

  constructor(
    private readonly hierarchy: ClassHierarchy,
    private readonly models: () => Iterable<FileModel>,
    private readonly symbols: (file: string) => FileSymbols | undefined,
  ) {}

  /**
   * Every project method overriding `target` (a method), with the hop label
   * naming the subclass: in subclasses of the class it was looked up on
   * (a sibling of that class overriding the shared base's method is not reached).
   */
  of(target: FunctionKey): FunctionKey[] {
    const className = target.fn.className;
    if (!className) return [];
    const short = target.fn.name.slice(className.length + 1);
    if (!short || short.includes('.')) return [];
    const found: FunctionKey[] = [];
    const from = target.receiver ?? { file: target.file, cls: className };
    const seen = new Set<string>([`${from.file}#${from.cls}`]);
    const visit = (file: string, name: string, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      for (const sub of this.subclassesOf(file, name)) {
        const key = `${sub.file}#${sub.cls.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const own = this.symbols(sub.file)?.function(`${sub.cls.name}.${short}`);
        if (own) found.push({ file: sub.file, fn: own, via: `override in ${sub.cls.name}` });
        visit(sub.file, sub.cls.name, depth + 1);
      }
    };
    visit(from.file, from.cls, 0);
    return found;
  }

  private subclassesOf(file: string, className: string): Located[] {
    if (!this.children) {
      this.children = new Map();
      for (const model of this.models()) {
        for (const cls of model.classes ?? []) {
          for (const base of cls.bases) {
            const parent = this.hierarchy.baseClass(model.file, base);
            if (!parent || typeof parent === 'string') continue;
            const key = `${parent.file}#${parent.cls.name}`;
            const list = this.children.get(key) ?? [];
            list.push({ file: model.file, cls });
            this.children.set(key, list);
          }
        }
      }
    }
    return this.children.get(`${file}#${className}`) ?? [];
  }
}

/**
 * What a file contributes to class layout: classes, their bases, and which
 * names each class defines (an added override changes what calls reach).
 */
export function classLayoutOf(model: FileModel): string {
  if (model.layout !== undefined) return model.layout;
  const classes = (model.classes ?? []).map((c) => `${c.name}(${c.bases.map((b) => (b.kind === 'project' ? `${b.ref.module}:${b.ref.name}` : b.name)).join(',')})`);
  const methods = model.functions.filter((f) => f.className || f.accessor || f.wrappers).map((f) => `${f.name}:${f.accessor ?? ''}:${f.wrappers?.join(',') ?? ''}`);
  return `${classes.join(';')}|${methods.join(';')}`;
}
