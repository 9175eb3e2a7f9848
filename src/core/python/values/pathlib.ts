import { iteratedElement } from './iterated';

/**
 * pathlib arithmetic: the operations that give another path, so that
 * `(BASE_DIR / name).read_bytes()` and `path.parent.with_suffix(".bak").exists()`
 * stay `pathlib.Path()` calls. Data, read by the canonical spelling of names.
 */

/** Every concrete and pure path class is one `pathlib.Path()` to the rules. */
const PATH_CLASS = /^pathlib\.(?:Pure)?(?:Posix|Windows)?Path$/;
/** Attributes of a path that are paths. */
const PATH_ATTRIBUTES = new Set(['parent']);
/** Methods of a path that return a path. */
const PATH_METHODS = new Set([
  'with_suffix', 'with_name', 'with_stem', 'joinpath', 'resolve', 'absolute', 'expanduser', 'relative_to', 'readlink',
]);
/** Class methods returning a path. */
const PATH_CONSTRUCTORS = new Set(['cwd', 'home']);

const PATH = 'pathlib.Path()';

/** The path a pathlib name stands for (`pathlib.Path().parent` → `pathlib.Path()`), if it is one. */
export function canonicalPathlib(name: string): string | undefined {
  if (!name.startsWith('pathlib.')) return undefined;
  // An item of `d.glob(...)` (what the workspace asks when a project function returns the iterator).
  if (name.endsWith('.__next__()')) return iteratedElement(name.slice(0, -'.__next__()'.length));
  const instance = /^(pathlib\.\w+)\(\)$/.exec(name);
  if (instance && PATH_CLASS.test(instance[1])) return instance[1] === 'pathlib.Path' ? undefined : PATH;
  const classCall = /^(pathlib\.\w+)\.(\w+)\(\)$/.exec(name);
  if (classCall && PATH_CLASS.test(classCall[1]) && PATH_CONSTRUCTORS.has(classCall[2])) return PATH;
  if (!name.startsWith(`${PATH}.`)) {
    // `pathlib.PurePath().x` and friends continue as `pathlib.Path().x`.
    const other = /^(pathlib\.\w+)\(\)\.(.*)$/.exec(name);
    return other && PATH_CLASS.test(other[1]) ? `${PATH}.${other[2]}` : undefined;
  }
  const rest = name.slice(PATH.length + 1);
  if (PATH_ATTRIBUTES.has(rest)) return PATH;
  const method = /^(\w+)\(\)$/.exec(rest);
  if (method && PATH_METHODS.has(method[1])) return PATH;
  // `.parents[0]` is spelled `.parents` by the analyzer's subscripts: not followed.
  return undefined;
}

/** `Path / "x"` and `"x" / Path` (`Path.__rtruediv__`) are both paths. */
export function dividedPath(left: string | undefined, right: string | undefined): boolean {
  return left === PATH || right === PATH;
}
