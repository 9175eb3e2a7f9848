/**
 * `npm run eval:flake8-async -- <eval_files dir> [--verbose]`: scans
 * flake8-async's ASYNC2xx eval files (`async2*.py`) with `--scope async` and
 * compares the lines Unblock reports with the lines carrying an
 * `# ASYNCxxx:` marker. Prints recall and the reported lines no marker
 * expects ("extra"), per file and in total. Asserts nothing.
 *
 * Two readings of the files keep the comparison fair:
 * - `# ARG --async200-blocking-calls=a->A,b.*->B` (ASYNC200: the user's own
 *   list of blocking calls) becomes a project rule in a temporary
 *   `.unblock.json`, the way an Unblock user would say the same.
 * - Lines the files themselves call true positives flake8-async misses
 *   (`# should error`, and the bodies of functions under a `# not handled`
 *   comment) are counted apart ("known"), neither expected nor extra.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scan } from '../src/core/scan';

/** `# ASYNC210: 4, ...` and `# ASYNC220_asyncio: ...`: one expected error on that line. */
const MARKER = /#\s*ASYNC\d{3}(?:_\w+)?:/;

function expectedLines(text: string): Set<number> {
  const lines = new Set<number>();
  text.split('\n').forEach((line, i) => {
    if (MARKER.test(line)) lines.add(i + 1);
  });
  return lines;
}

/** Lines flake8-async's authors mark as errors it does not report. */
function knownLines(text: string): Set<number> {
  const lines = text.split('\n');
  const known = new Set<number>();
  lines.forEach((line, i) => {
    if (/#\s*should error/.test(line)) known.add(i + 1);
    if (!/^\s*#\s*not handled\s*$/.test(line) || !/^\s*(async\s+)?def\b/.test(lines[i + 1] ?? '')) return;
    const indent = /^\s*/.exec(lines[i + 1])![0].length;
    for (let j = i + 2; j < lines.length && (lines[j].trim() === '' || /^\s*/.exec(lines[j])![0].length > indent); j++) known.add(j + 1);
  });
  return known;
}

/** ASYNC200's configured calls as an Unblock project config, or undefined when the file has none. */
function configFor(text: string): string | undefined {
  const arg = /^#\s*ARG\s+--async200-blocking-calls=(.*)$/m.exec(text);
  if (!arg) return undefined;
  const calls = arg[1]
    .split(',')
    .map((entry) => entry.split('->')[0].trim())
    .filter((call) => call.length > 0);
  const rule = {
    id: 'py/flake8-async200',
    language: 'python',
    title: 'Configured blocking call',
    category: 'network',
    calls,
    message: '{call}() is configured as blocking',
    replacements: [],
    offload: 'thread',
    docs: { why: 'configured', example: 'configured', useInstead: 'configured', whenNotToUse: 'configured' },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-eval-'));
  const file = path.join(dir, '.unblock.json');
  fs.writeFileSync(file, JSON.stringify({ rules: [rule] }));
  return file;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) {
    console.error('usage: npm run eval:flake8-async -- <flake8-async/tests/eval_files> [--verbose]');
    process.exit(2);
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^async2.*\.py$/.test(f))
    .sort()
    .map((f) => path.resolve(dir, f));
  let expectedTotal = 0;
  let foundTotal = 0;
  let extraTotal = 0;
  let knownTotal = 0;
  console.log(
    `${'file'.padEnd(32)}${'expected'.padStart(9)}${'found'.padStart(7)}${'recall'.padStart(8)}${'extra'.padStart(7)}${'known'.padStart(7)}`,
  );
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const expected = expectedLines(text);
    const knownTrue = knownLines(text);
    const configFile = configFor(text);
    // One file per scan: each eval file is a separate module (several define the same names).
    const result = await scan([file], { scope: 'async', fixes: false, configFile });
    if (configFile) fs.rmSync(path.dirname(configFile), { recursive: true, force: true });
    const reported = new Set(result.findings.filter((f) => path.resolve(f.file) === file).map((f) => f.range.line));
    const found = [...expected].filter((l) => reported.has(l));
    const missed = [...expected].filter((l) => !reported.has(l)).sort((a, b) => a - b);
    const extra = [...reported].filter((l) => !expected.has(l) && !knownTrue.has(l)).sort((a, b) => a - b);
    const known = [...reported].filter((l) => !expected.has(l) && knownTrue.has(l)).sort((a, b) => a - b);
    expectedTotal += expected.size;
    foundTotal += found.length;
    extraTotal += extra.length;
    knownTotal += known.length;
    const recall = expected.size > 0 ? found.length / expected.size : 1;
    console.log(
      `${path.basename(file).padEnd(32)}${String(expected.size).padStart(9)}${String(found.length).padStart(7)}` +
        `${recall.toFixed(2).padStart(8)}${String(extra.length).padStart(7)}${String(known.length).padStart(7)}`,
    );
    if (verbose) {
      if (missed.length) console.log(`  missed: ${missed.join(', ')}`);
      if (extra.length) console.log(`  extra:  ${extra.join(', ')}`);
      if (known.length) console.log(`  known:  ${known.join(', ')}`);
    }
  }
  const recall = expectedTotal > 0 ? foundTotal / expectedTotal : 1;
  console.log(
    `${'total'.padEnd(32)}${String(expectedTotal).padStart(9)}${String(foundTotal).padStart(7)}` +
      `${recall.toFixed(3).padStart(8)}${String(extraTotal).padStart(7)}${String(knownTotal).padStart(7)}`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(2);
});
