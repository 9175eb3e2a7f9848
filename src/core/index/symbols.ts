import type { ClassInfo, FileModel, FunctionInfo } from '../model';

/** Name lookups inside one file: functions by dotted name, and class members. */
export class FileSymbols {
  private byNameMap: Map<string, FunctionInfo> | undefined;
  private classesMap: Map<string, FunctionInfo[]> | undefined;
  private classInfoMap: Map<string, ClassInfo> | undefined;
  /** Names more than one function of the file has (a property's getter and setter, a redefinition). */
  private sharedNames: Set<string> | undefined;

  /** Built on first lookup: most files of a large project are never looked into (their models decode lazily). */
  constructor(readonly model: FileModel) {}

  private get byName(): Map<string, FunctionInfo> {
    if (!this.byNameMap) {
      this.byNameMap = new Map();
      this.classesMap = new Map();
      this.sharedNames = new Set();
      for (const fn of this.model.functions) {
        if (this.byNameMap.has(fn.name)) this.sharedNames.add(fn.name);
        // `@x.setter` shares its getter's name; a read runs the getter.
        if (fn.accessor === 'setter' && this.byNameMap.get(fn.name)?.accessor === 'getter') continue;
        this.byNameMap.set(fn.name, fn);
        if (fn.className) {
          const members = this.classesMap.get(fn.className) ?? [];
          members.push(fn);
          this.classesMap.set(fn.className, members);
        }
      }
    }
    return this.byNameMap;
  }

  function(name: string): FunctionInfo | undefined {
    return this.byName.get(name);
  }

  /** Whether `name` is the only function of the file with that name (so `function(name)` is that one). */
  unique(name: string): boolean {
    return this.byName.has(name) && !this.sharedNames!.has(name);
  }

  /** Methods of a class defined in this file (by the class's dotted name). */
  methodsOf(className: string): FunctionInfo[] | undefined {
    void this.byName;
    return this.classesMap!.get(className);
  }

  /** A class defined in this file, with its bases. */
  classInfo(name: string): ClassInfo | undefined {
    if (!this.classInfoMap) {
      this.classInfoMap = new Map();
      for (const cls of this.model.classes ?? []) this.classInfoMap.set(cls.name, cls);
    }
    return this.classInfoMap.get(name);
  }

  functions(): Iterable<FunctionInfo> {
    return this.byName.values();
  }
}
