import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import type { Finding } from '../../src/core/model';
import { scratchDir } from './scratch';

/** Writes a small project to a temp dir, loads every file into a fresh engine and returns its findings. */
export async function projectFindings(files: Record<string, string>): Promise<{ dir: string; findings: Finding[] }> {
  const dir = scratchDir('unblock-precision-');
  const engine = await Engine.create([dir]);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    engine.setFile(file, text);
  }
  return { dir, findings: engine.findings() };
}

/** `file:line rule severity` per finding, in report order. */
export function lines(findings: Finding[], dir: string): string[] {
  return findings.map((f) => `${path.relative(dir, f.file)}:${f.range.line} ${f.rule} ${f.severity}`);
}

/** The finding of `rule` on `line` of `file`, or a readable failure. */
export function findingAt(findings: Finding[], dir: string, file: string, line: number, rule: string): Finding {
  const found = findings.find((f) => path.relative(dir, f.file) === file && f.range.line === line && f.rule === rule);
  if (!found) throw new Error(`no ${rule} at ${file}:${line}; have ${lines(findings, dir).join(', ')}`);
  return found;
}
