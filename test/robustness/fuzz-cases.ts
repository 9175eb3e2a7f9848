/**
 * Deterministic hostile inputs built from the bundled example apps: each case
 * is a file name and its bytes. A seeded PRNG (mulberry32) makes every run
 * produce the same cases, so a failure reproduces.
 */
import * as fs from 'fs';
import * as path from 'path';
import { prng } from '../../scripts/bench/generate';

export interface FuzzCase {
  name: string;
  bytes: Buffer;
}



/** The example apps' Python and JS/TS sources: real-looking code to damage. */
export function seedSources(examples: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(py|js|ts|tsx)$/.test(entry.name)) out.push({ file: full, text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(examples);
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

const MUTATIONS: Array<(text: string, random: () => number, ext: string) => Buffer> = [
  // Truncated mid-token.
  (t, r) => Buffer.from(t.slice(0, Math.floor(r() * t.length))),
  // Random byte flips.
  (t, r) => {
    const b = Buffer.from(t);
    for (let i = 0; i < 1 + r() * 20; i++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
    return b;
  },
  // NUL bytes after the binary probe window and inside it.
  (t, r) => Buffer.concat([Buffer.from(t.slice(0, Math.floor(r() * t.length))), Buffer.from([0]), Buffer.from(t.slice(Math.floor(r() * t.length)))]),
  // Invalid UTF-8 sequences.
  (t, r) => Buffer.concat([Buffer.from(t.slice(0, Math.floor(r() * t.length))), Buffer.from([0xc3, 0x28, 0xe2, 0x82, 0xff, 0xfe]), Buffer.from(t)]),
  // CR-only and CRLF line endings.
  (t) => Buffer.from(t.replace(/\n/g, '\r')),
  (t) => Buffer.from(t.replace(/\n/g, '\r\n')),
  // Deep nesting of calls, brackets and blocks.
  (t, r, ext) => {
    const depth = 500 + Math.floor(r() * 4500);
    const deep = ext === '.py' ? `x = ${'f('.repeat(depth)}1${')'.repeat(depth)}\n` : `const x = ${'f('.repeat(depth)}1${')'.repeat(depth)};\n`;
    return Buffer.from(t + '\n' + deep);
  },
  (t, r, ext) => {
    const depth = 50 + Math.floor(r() * 150);
    if (ext !== '.py') return Buffer.from(t + '\n' + 'function g() {\n'.repeat(depth) + '}\n'.repeat(depth));
    let s = '';
    for (let i = 0; i < depth; i++) s += `${' '.repeat(i)}def f${i}():\n`;
    return Buffer.from(t + '\n' + s + ' '.repeat(depth) + 'pass\n');
  },
  // A 1,000-term expression.
  (t, _r, ext) => Buffer.from(t + `\n${ext === '.py' ? 'y' : 'const y'} = ${Array.from({ length: 1000 }, (_, i) => `'a${i}'`).join(' + ')}\n`),
  // A 32,000-character identifier, as a function and a call.
  (t, _r, ext) => {
    const id = 'n'.repeat(32000);
    return Buffer.from(ext === '.py' ? `${t}\nasync def ${id}():\n    import time\n    time.sleep(1)\n    ${id}()\n` : `${t}\nasync function ${id}() { require("fs").readFileSync("x"); ${id}(); }\n`);
  },
  // Minified: the whole file on one line, repeated to ~600 KB.
  (t, _r, ext) => Buffer.from(ext === '.py' ? t : t.replace(/\n\s*/g, ' ').repeat(Math.ceil(600_000 / Math.max(1, t.length)))),
  // Binary content with a source extension.
  (_t, r) => Buffer.from(Array.from({ length: 4096 }, () => Math.floor(r() * 256))),
  // Huge: just under the 2 MB read limit, then just over it.
  (t) => Buffer.from(`${t}\n${'# padding line to grow the file\n'.repeat(Math.floor((2 * 1024 * 1024 - t.length - 64) / 32))}`.slice(0, 2 * 1024 * 1024 - 8)),
  (t) => Buffer.from(t + '\n' + '#'.repeat(2 * 1024 * 1024)),
];

/** `count` cases cycling through the mutations over the seeds; names keep the seed's extension. */
export function fuzzCases(seeds: Array<{ file: string; text: string }>, count: number, seed: number): FuzzCase[] {
  const random = prng(seed);
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const source = seeds[Math.floor(random() * seeds.length)];
    const ext = path.extname(source.file);
    const mutation = i % MUTATIONS.length;
    cases.push({ name: `case${String(i).padStart(4, '0')}_m${mutation}${ext}`, bytes: MUTATIONS[mutation](source.text, random, ext) });
  }
  return cases;
}
