// Bundles the CLI (and the extension and its worker, once they exist) into dist/,
// and copies the tree-sitter WASM files the Python parser loads from there.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import webTreeSitterPlugin from './build/webTreeSitter.cjs';
import typescriptEstreePlugin from './build/typescriptEstree.cjs';

const { webTreeSitter } = webTreeSitterPlugin;
const { typescriptEstree } = typescriptEstreePlugin;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // ESM dependencies (web-tree-sitter) find their files via import.meta.url, which a
  // CommonJS bundle lacks: point it at the bundle itself, next to the copied WASM.
  banner: { js: "const __unblockImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__unblockImportMetaUrl' },
  // jsonc-parser's `main` is a UMD build whose inner requires esbuild cannot follow; its ESM build bundles.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  // recheck's synckit backend resolves a worker file; we run its pure-JS backend only.
  logOverride: { 'require-resolve-not-external': 'silent' },
};

// Large libraries loaded on first use get bundles of their own, next to the others: the entry bundles
// `require('./typescript.js')` instead of carrying them (startup parses every byte of a bundle).
const LAZY_BUNDLES = [
  // TypeScript is 10.7 MB as shipped: without whitespace and with its syntax shortened it is 5.4, which every JS/TS scan
  // reads, compiles and keeps as source (names stay, for stack traces).
  { module: /\/typescriptSide$/, in: 'src/core/javascript/typescriptSide.ts', out: 'typescript.js', options: { minifyWhitespace: true, minifySyntax: true, sourcemap: false } },
  { module: /^recheck$/, in: 'node_modules/recheck/index.js', out: 'recheck.js' },
  // Loaded by src/core/libraries.ts when a scan meets a file that needs them.
  { module: /^iconv-lite$/, in: 'node_modules/iconv-lite/lib/index.js', out: 'iconv-lite.js' },
  { module: /^yaml$/, in: 'node_modules/yaml/dist/index.js', out: 'yaml.js' },
  { module: /^dockerfile-ast$/, in: 'node_modules/dockerfile-ast/lib/main.js', out: 'dockerfile-ast.js' },
  { module: /^ajv$/, in: 'node_modules/ajv/dist/ajv.js', out: 'ajv.js' },
  { module: /^flow-remove-types$/, in: 'node_modules/flow-remove-types/index.js', out: 'flow-remove-types.js' },
  // The CLI's main thread only starts the thread that runs the command (src/cli/main.ts): the engine loads there alone.
  { module: /^\.\/scan-command$/, in: 'src/cli/scan-command.ts', out: 'scanCommand.js' },
];
// Entries required by another bundle: `unblock server` runs dist/server.js.
const SHARED_ENTRIES = [{ module: /^\.\.\/server\/main$/, out: 'server.js' }];
const lazyBundles = {
  name: 'lazy-bundles',
  setup(b) {
    for (const lazy of [...LAZY_BUNDLES, ...SHARED_ENTRIES]) {
      b.onResolve({ filter: lazy.module }, () => ({ path: `./${lazy.out}`, external: true }));
    }
  },
};

const entries = [
  { in: 'src/cli/main.ts', out: 'cli.js' },
  { in: 'src/extension/extension.ts', out: 'extension.js', external: ['vscode'] },
  { in: 'src/server/engine/worker.ts', out: 'worker.js' },
  // The language server (`unblock server`, and the extension's server over Node IPC); its analysis runs in worker.js.
  { in: 'src/server/main.ts', out: 'server.js' },
  // The threads of the analysis pool (src/core/analysis/pool.ts), found next to cli.js and worker.js.
  { in: 'src/core/analysis/analysisWorker.ts', out: 'analysisWorker.js' },
].filter((e) => existsSync(join(root, e.in)));
const options = (e) => ({ ...common, entryPoints: [e.in], outfile: join(dist, e.out), external: e.external ?? [], plugins: [lazyBundles, webTreeSitter] });
const lazyOptions = (e) => ({ ...common, ...e.options, entryPoints: [e.in], outfile: join(dist, e.out), plugins: [lazyBundles, webTreeSitter, typescriptEstree] });

const wasm = [
  'node_modules/web-tree-sitter/tree-sitter.wasm',
  'node_modules/tree-sitter-python/tree-sitter-python.wasm',
];

mkdirSync(dist, { recursive: true });
// A bundle built without a source map keeps none from an earlier build.
for (const e of LAZY_BUNDLES) if (e.options?.sourcemap === false) rmSync(join(dist, `${e.out}.map`), { force: true });
for (const file of wasm) copyFileSync(join(root, file), join(dist, file.split('/').pop()));

const started = Date.now();
if (watch) {
  const { context } = await import('esbuild');
  for (const e of entries) await (await context(options(e))).watch();
  for (const e of LAZY_BUNDLES) await (await context(lazyOptions(e))).watch();
  console.log(`unblock build: watching ${entries.map((e) => e.in).join(', ')}`);
} else {
  try {
    await Promise.all([...entries.map((e) => build(options(e))), ...LAZY_BUNDLES.map((e) => build(lazyOptions(e)))]);
    console.log(`unblock build: ${[...entries, ...LAZY_BUNDLES].map((e) => `dist/${e.out}`).join(', ')} in ${Date.now() - started} ms`);
  } catch {
    // esbuild has already printed the errors with their locations.
    console.error('unblock build: failed');
    process.exitCode = 1;
  }
}
