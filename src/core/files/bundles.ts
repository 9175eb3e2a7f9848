import * as path from 'path';

/** Folders that hold front-end assets and third-party copies, not server code. */
const VENDORED_DIRS = new Set(['static', 'vendor', 'vendors', 'third_party', 'public']);
const BUNDLE_NAME = /(\.|-)(min|bundle|chunk)\.[cm]?js$/i;
/** A bundler's content hash in the name (webpack's `[name].[contenthash].js`: `5955.78f22b7259931a2d.js`): hex digits and letters both, so `backup-20240101.js` is no hash. */
const HASHED_NAME = /[.-](?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,32}\.[cm]?js$/i;
const HUGE_SCRIPT_BYTES = 1024 * 1024;
const SAMPLE = 64 * 1024;

/**
 * Why a JS file is a minified, bundled or vendored copy rather than server
 * code (undefined when it is source): its name (`*.min.js`, `*.bundle.js`,
 * a content hash),
 * a folder like `static/` or `vendor/`, over 1 MB, or lines hundreds of
 * characters long on average. Such files cost most of a scan (a 1 MB
 * minified file alone took 7 s and 750 MB) and never hold request handlers.
 */
export function bundleReason(file: string, text: string): string | undefined {
  const ext = path.extname(file).toLowerCase();
  if (!['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts'].includes(ext)) return undefined;
  if (BUNDLE_NAME.test(file)) return 'a minified or bundled file (by its name)';
  if (HASHED_NAME.test(path.basename(file))) return "a bundler's output (a content hash in its name)";
  const dirs = path.dirname(file).split(/[\\/]/);
  const vendored = dirs.find((d) => VENDORED_DIRS.has(d.toLowerCase()));
  if (vendored && ext !== '.ts' && ext !== '.tsx') return `a front-end or vendored file (in ${vendored}/)`;
  if (text.length > HUGE_SCRIPT_BYTES) return `a generated or bundled file (${(text.length / 1024 / 1024).toFixed(1)} MB)`;
  // Minifiers emit lines of many kilobytes; hand-written code with one long expression stays under this.
  if (text.length > 50_000) {
    // Counted in place: an open document is checked on every keystroke.
    let lines = 1;
    for (let at = text.indexOf('\n'); at >= 0 && at < SAMPLE; at = text.indexOf('\n', at + 1)) lines++;
    if (Math.min(text.length, SAMPLE) / lines > 500) return 'a minified file (very long lines)';
  }
  return undefined;
}
