import * as path from 'path';
import { dockerfileAst } from '../libraries';
import { parse as parseToml } from 'smol-toml';

/**
 * Folders a deployed process has on `sys.path` besides the package roots the
 * index infers from `__init__.py` files: a `src/` layout declared in
 * pyproject.toml or setup.cfg, and the `WORKDIR`/`PYTHONPATH` of a
 * Dockerfile mapped back through its `COPY` lines. Namespace packages (no
 * `__init__.py`) under such a folder resolve only through these.
 */
export function importRootsOf(file: string, text: string): string[] {
  const name = path.basename(file);
  try {
    if (name === 'pyproject.toml') return pyprojectRoots(path.dirname(file), text);
    if (name === 'setup.cfg') return setupCfgRoots(path.dirname(file), text);
    if (name === 'Dockerfile' || /^Dockerfile\./.test(name) || /\.dockerfile$/i.test(name) || name === 'Containerfile') return dockerfileRoots(path.dirname(file), text);
  } catch {
    // A file that does not parse declares nothing.
  }
  return [];
}

type Table = Record<string, unknown>;
const table = (value: unknown): Table | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : undefined);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);

/** setuptools `package-dir`/`packages.find.where`, poetry `packages[].from`, hatch wheel `packages`, pdm `package-dir`. */
function pyprojectRoots(dir: string, text: string): string[] {
  const tool = table(table(parseToml(text))?.tool);
  const setuptools = table(tool?.setuptools);
  const found = [
    ...strings(table(setuptools?.['package-dir'])?.['']),
    ...strings(table(table(setuptools?.packages)?.find)?.where),
    ...(Array.isArray(table(tool?.poetry)?.packages) ? (table(tool?.poetry)!.packages as unknown[]).flatMap((p) => strings(table(p)?.from)) : []),
    ...strings(table(table(table(table(tool?.hatch)?.build)?.targets)?.wheel)?.packages).map((p) => path.dirname(p)),
    ...strings(table(tool?.pdm)?.['package-dir']),
  ];
  return unique(found.filter((p) => p && p !== '.').map((p) => path.resolve(dir, p)));
}

/** `[options] package_dir = =src`, on one line or continued on the next (which the ini reader does not join). */
function setupCfgRoots(dir: string, text: string): string[] {
  const options = /^\[options\][^\S\n]*\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const match = /^package_dir\s*=\s*(?:\n\s+)?=\s*(\S+)/m.exec(options);
  return match ? [path.resolve(dir, match[1])] : [];
}

/**
 * The final stage's `WORKDIR` (where the command runs, so on `sys.path`) and
 * `PYTHONPATH` entries, as folders of the build context: `COPY ./app /srv/app`
 * maps `/srv` back to the context itself.
 */
function dockerfileRoots(context: string, text: string): string[] {
  const dockerfile = dockerfileAst().DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  const stageStart = froms.length > 0 ? froms[froms.length - 1].getRange().start.line : -1;
  let workdir = '/';
  const copies: Array<{ from: string; to: string }> = [];
  const containerPaths: string[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getRange().start.line < stageStart) continue;
    const keyword = instruction.getKeyword();
    const args = instruction.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith('--'));
    if (keyword === 'WORKDIR' && args[0]) {
      workdir = path.posix.resolve(workdir, args[0]);
      containerPaths.push(workdir);
    } else if ((keyword === 'COPY' || keyword === 'ADD') && args.length >= 2) {
      const to = path.posix.resolve(workdir, args[args.length - 1]);
      for (const from of args.slice(0, -1)) copies.push({ from, to });
    } else if (keyword === 'ENV') {
      for (const m of (instruction.getRawArgumentsContent() ?? '').matchAll(/PYTHONPATH[= ]["']?([^"'\s]+)/g)) {
        for (const entry of m[1].split(':')) if (entry.startsWith('/')) containerPaths.push(path.posix.normalize(entry));
      }
    }
  }
  const hostPaths = containerPaths.flatMap((p) => hostPathOf(p, copies, context) ?? []);
  return unique(hostPaths);
}

/** The build-context folder that ends up at `containerPath`, through the COPY whose target is nearest to it. */
function hostPathOf(containerPath: string, copies: ReadonlyArray<{ from: string; to: string }>, context: string): string | undefined {
  let best: { host: string; depth: number } | undefined;
  for (const { from, to } of copies) {
    // Globs, URLs and single files (`requirements.txt`) say nothing about a folder.
    if (/[*?[]/.test(from) || /^(https?:|git@)/.test(from) || /\.\w+$/.test(path.posix.basename(from))) continue;
    const rel = path.posix.relative(to, containerPath);
    // The copied folder itself or inside it, or its parent (`COPY ./app /srv/app` makes `/srv` the context).
    const host = path.resolve(context, from, ...rel.split('/').filter(Boolean));
    if (!isWithinContext(host, context)) continue;
    const depth = rel.split('/').filter((s) => s === '..').length;
    if (!best || depth < best.depth) best = { host, depth };
  }
  return best?.host;
}

function isWithinContext(file: string, context: string): boolean {
  const rel = path.relative(context, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
