#!/usr/bin/env node
// `npm run package [-- --out <file.vsix>]`: builds the bundle and packs the
// VSIX from a staging folder holding only what ships (package.json, dist/,
// rules/, docs/rules/, media/, README, LICENSE). Packing from the repo root
// would make vsce walk node_modules and .cache (hundreds of MB).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHIPPED = ['package.json', 'dist', 'rules', 'docs/rules', 'media', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md', '.vscodeignore'];

/** Same rule as src/core/report/common.ts `repositoryUrl()` (and its default). */
function repositoryUrl(manifest) {
  const raw = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  if (!raw) return 'https://github.com/unblock-dev/unblock';
  return raw.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^github:/, 'https://github.com/');
}

export function packageVsix({ out, production = true, build = true } = {}) {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const target = path.resolve(out ?? path.join(REPO, `${pkg.name}-${pkg.version}.vsix`));
  if (build) {
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build.mjs'), ...(production ? ['--production'] : [])], { cwd: REPO, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build failed');
  }
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-vsix-'));
  try {
    for (const item of SHIPPED) {
      const from = path.join(REPO, item);
      if (!fs.existsSync(from)) continue;
      fs.cpSync(from, path.join(stage, item), {
        recursive: true,
        filter: (src) => !src.endsWith('.map'),
      });
    }
    // `files` is for the npm package; vsce refuses it next to .vscodeignore, which decides here.
    const manifest = JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8'));
    delete manifest.files;
    fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
    // README links are relative to the repository; vsce needs a base to rewrite them.
    const repo = repositoryUrl(manifest);
    const args = ['package', '--no-dependencies', '--allow-missing-repository', '--out', target,
      '--baseContentUrl', `${repo}/blob/main`, '--baseImagesUrl', `${repo}/raw/main`];
    if (!SHIPPED.slice(6, 8).some((f) => fs.existsSync(path.join(REPO, f)))) args.push('--skip-license');
    const r = spawnSync(process.execPath, [vsce, ...args], { cwd: stage, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout}${r.stderr}`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  return target;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  try {
    const file = packageVsix({ out: i > 0 ? process.argv[i + 1] : undefined, production: !process.argv.includes('--dev') });
    console.log(`packaged ${path.relative(process.cwd(), file)} (${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB)`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
