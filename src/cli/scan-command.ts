import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../core/scan';
import { collectGarbage } from './heap';
import type { ScanResult } from '../core/model';
import { SOURCE_EXTENSIONS } from '../core/languages';
import { scanRoot, isWithin } from '../core/files/paths';
import { hasBlockingFindings, renderReport } from '../core/report';
import { UsageError, type ScanArgs } from './args';
import type { CliIO } from './io';
import { runFixes } from './fix';

/** The engine as this bundle (dist/scanCommand.js) carries it: `npm run bench` times the code the CLI runs. */
export { scan };

/** Colours only for a person reading a terminal, and never when NO_COLOR is set. */
function useColor(args: ScanArgs, io: CliIO): boolean {
  return args.format === 'text' && !args.output && io.stdoutIsTTY && !io.env.NO_COLOR;
}

/** `unblock scan`: scan, render, write; returns the exit code. */
export async function runScan(args: ScanArgs, io: CliIO): Promise<number> {
  if (args.config && !fs.existsSync(path.resolve(io.cwd, args.config))) {
    throw new UsageError(`config file not found: ${args.config}`);
  }
  if (args.output) refuseSourceOutput(path.resolve(io.cwd, args.output), args.paths.map((p) => path.resolve(io.cwd, p)));
  const progress = io.stderrIsTTY && !io.env.CI;
  // The text report shows no fixes: computing them (re-parsing files per fix) is wasted on a plain scan.
  const wantFixes = Boolean(args.fix || args.diff || args.fixKinds) || args.format !== 'text';
  const paths = args.paths.map((p) => path.resolve(io.cwd, p));
  const scanAgain = () => scan(
    paths,
    {
      cacheDir: cacheDirOf(args, io, paths),
      scope: args.scope,
      maxDepth: args.maxDepth,
      includeTests: args.includeTests,
      configFile: args.config ? path.resolve(io.cwd, args.config) : undefined,
      fixes: wantFixes,
      // A fix run checks its edits against the engine's state: it always scans.
      reuseResult: !(args.fix || args.diff || args.fixKinds),
      onProgress: progress ? (done, total) => io.progress(`unblock: scanned ${done}/${total} files`) : undefined,
      afterLanguage: collectGarbage,
    },
  );
  let result: ScanResult = await scanAgain();
  if (progress) io.progress('');

  // Fixes (--fix, --fix-kind, --diff) slot in here: they act on `result.findings` before the report.
  if (args.fix || args.diff || args.fixKinds) result = await runFixes(args, io, result, scanAgain);

  const report = renderReport(args.format, result, { color: useColor(args, io) });
  if (args.output) {
    const target = path.resolve(io.cwd, args.output);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, report);
  } else {
    io.stdout(report);
  }
  // Text on the terminal already lists problems; other formats bury them in the file.
  if (result.errors.length && (args.format !== 'text' || args.output)) {
    io.stderr(`unblock: ${result.errors.length} problem(s) while scanning; see "errors" in the report\n`);
  }
  return hasBlockingFindings(result.findings) && !args.exitZero ? 1 : 0;
}

/** Where parsed files are cached: --cache-dir, else $UNBLOCK_CACHE_DIR, else `.cache/unblock` in the scanned folder; none with --no-cache. */
function cacheDirOf(args: ScanArgs, io: CliIO, paths: string[]): string | undefined {
  if (!args.cache) return undefined;
  if (args.cacheDir) return path.resolve(io.cwd, args.cacheDir);
  // Like RUFF_CACHE_DIR: one place for every scan (a CI cache, or a test run that must not write into the tree).
  if (io.env.UNBLOCK_CACHE_DIR) return path.resolve(io.cwd, io.env.UNBLOCK_CACHE_DIR);
  const root = scanRoot(paths.map((p) => path.resolve(io.cwd, p)));
  return fs.existsSync(root) ? path.join(root, '.cache', 'unblock') : undefined;
}

/** `--output app.py` would overwrite the code being scanned: refuse any existing source file under the scanned paths. */
function refuseSourceOutput(target: string, roots: readonly string[]): void {
  if (!SOURCE_EXTENSIONS.includes(path.extname(target).toLowerCase())) return;
  let real = target;
  try {
    real = fs.realpathSync(target);
  } catch {
    return;
  }
  if (roots.some((root) => isWithin(real, root) || isWithin(target, root))) {
    throw new UsageError(`--output ${path.basename(target)} is a source file being scanned; write the report elsewhere`);
  }
}
