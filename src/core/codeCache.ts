import { isAscii } from 'buffer';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { createRequire, wrap } from 'module';
import { writeFileAtomically } from './files/atomicWrite';

const loaded = new Map<string, unknown>();
const WRITE_AFTER_MS = 60_000;

/**
 * Loads `name`, one of the bundles the build puts beside this code
 * (dist/typescript.js: TypeScript with its ESTree converter, 10 MB), with
 * V8's code cache, as Node 22's `module.enableCompileCache` does for every
 * module. Compiling TypeScript took 0.19 s of the 0.25 s it took to load;
 * with the cache a JS/TS scan of 200 files takes 0.99–1.03 s, without it
 * 1.24–1.39 s. The cache is written when the process ends (or a minute in),
 * so it holds the functions the analysis compiled too. Outside the bundle
 * (`out/`, development) it is a plain `require` through `fallback`. (`dir`:
 * where the bundles are, for tests.)
 */
export function requireBundle(name: string, fallback: () => unknown, dir = __dirname): unknown {
  const file = path.join(dir, name);
  const known = loaded.get(file);
  if (known !== undefined) return known;
  let exports: unknown;
  try {
    exports = fs.existsSync(file) ? runWithCodeCache(file) : fallback();
  } catch {
    exports = fallback();
  }
  loaded.set(file, exports);
  return exports;
}

/** A bundle's text: an ASCII one (esbuild escapes the rest) read as Latin-1 is the same string without decoding UTF-8 (dist/typescript.js: 45-70 → 2-10 ms). */
function bundleText(file: string): string {
  const bytes = fs.readFileSync(file);
  return typeof isAscii === 'function' && isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

function runWithCodeCache(file: string): unknown {
  const source = bundleText(file);
  const cacheFile = cacheFileFor(file);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = fs.readFileSync(cacheFile);
  } catch {
    // None yet.
  }
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  const bundle = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void).call(bundle.exports, bundle.exports, createRequire(file), bundle, file, path.dirname(file));
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    let written = false;
    const write = (): void => {
      if (written) return;
      written = true;
      writeQuietly(cacheFile, () => script.createCachedData());
      removeStale(cacheFile);
    };
    process.once('exit', write);
    // A language server may be killed rather than exit: a minute in, what the parse compiles is compiled.
    setTimeout(write, WRITE_AFTER_MS).unref();
  }
  return bundle.exports;
}

/**
 * One file per bundle build, Node and V8 flags, in a folder of the temp dir
 * that only this user can write: code read from a cache runs as this user,
 * so a folder another user could plant a file in is not used. The flags are
 * in V8's own tag for the caches it takes (`cachedDataVersionTag`: its
 * version, its flags as set now, the CPU's features): V8 refuses a cache
 * written under other flags and the loader writes its own over it, so the
 * CLI (which sets heap flags) and the language server (which sets none)
 * took turns compiling dist/typescript.js again when they shared a file.
 */
function cacheFileFor(file: string): string | undefined {
  try {
    const uid = process.getuid?.() ?? 0;
    const dir = path.join(os.tmpdir(), `unblock-code-cache-${uid}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const folder = fs.statSync(dir);
    if ((process.getuid && folder.uid !== uid) || (folder.mode & 0o022) !== 0) return undefined;
    const stat = fs.statSync(file);
    return path.join(dir, `${path.basename(file)}-${stat.size}-${Math.round(stat.mtimeMs)}-${process.version}-${process.arch}_${v8.cachedDataVersionTag()}.bin`);
  } catch {
    return undefined;
  }
}

/** A cache file of another build of the same bundle, unused this long, is left by an old version (or a developer's earlier build). */
const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

/** Other builds of a bundle whose files are kept, the newest: two versions may run side by side (the CLI and the extension), and a developer rebuilding all day left one file per build (1.1 GB in a week). */
const OTHER_BUILDS_KEPT = 3;

/** A temporary file of a cache write this old was left by a process killed while writing. */
const ABANDONED_AFTER_MS = 3600 * 1000;

/** Removes the cache files of other builds of `cacheFile`'s bundle written long ago: one file per build would otherwise pile up. */
function removeStale(cacheFile: string): void {
  const dir = path.dirname(cacheFile);
  const bundle = path.basename(cacheFile).replace(/-\d+-\d+-v[^-]+-[^-]+\.bin$/, '-');
  try {
    const names = fs.readdirSync(dir).filter((name) => name.startsWith(bundle));
    for (const name of names.filter((n) => n.endsWith('.tmp'))) {
      const file = path.join(dir, name);
      // Another process's write renames its file away: gone is fine.
      const written = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
      if (written !== undefined && Date.now() - written > ABANDONED_AFTER_MS) fs.rmSync(file, { force: true });
    }
    const others = names
      .filter((name) => name.endsWith('.bin') && name !== path.basename(cacheFile))
      .map((name) => ({ file: path.join(dir, name), used: fs.statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.used - a.used);
    others.forEach(({ file, used }, i) => {
      if (i >= OTHER_BUILDS_KEPT || Date.now() - used > STALE_AFTER_MS) fs.rmSync(file, { force: true });
    });
  } catch {
    // Another process may be cleaning too.
  }
}

function writeQuietly(file: string, bytes: () => Buffer): void {
  try {
    // The bytes first: V8 takes a while to make them, and a process killed meanwhile left an empty temporary file.
    const data = bytes();
    writeFileAtomically(file, (write) => write(data), 0o600);
  } catch {
    // A cache not written is compiled again next time.
  }
}
