import type { ClassInfo, FileModel, FunctionInfo } from '../model';

/** Name lookups inside one file: functions by dotted name, and class members. */
export class FileSymbols {
  private readonly byName = new Map<string, FunctionInfo>();
  private readonly classes = new Map<string, FunctionInfo[]>();
  private readonly classInfos = new Map<string, ClassInfo>();

  constructor(readonly model: FileModel) {
    for (const cls of model.classes ?? []) this.classInfos.set(cls.name, cls);
    for (const fn of model.functions) {
      this.byName.set(fn.name, fn);
      if (fn.className) {
        const members = this.classes.get(fn.className) ?? [];
        members.push(fn);
        this.classes.set(fn.className, members);
      }
    }
  }

  function(name: string): FunctionInfo | undefined {
    return this.byName.get(name);
  }

  /** Methods of a class defined in this file (by the class's dotted name). */
  methodsOf(className: string): FunctionInfo[] | undefined {
    return this.classes.get(className);
  }

  /** A class defined in this file, with its bases. */
  classInfo(name: string): ClassInfo | undefined {
    return this.classInfos.get(name);
  }

  functions(): Iterable<FunctionInfo> {
    return this.byName.values();
  }
}
