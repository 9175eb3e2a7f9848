import * as path from 'path';
import { scan } from '../../src/core/scan';
import { makeTree, removeTree } from '../files/tree';

/** Scans a project written to disk: `<file> <handler> <framework> <route> <context>` per handler, `<file>:<line> <rule>` per finding. */
export async function scanTree(files: Record<string, string>): Promise<{ handlers: string[]; findings: string[] }> {
  const root = makeTree(files, 'unblock-pyhandlers-');
  try {
    const result = await scan([root], { fixes: false });
    const handlers = result.handlers.map((h) => `${path.relative(root, h.file)} ${h.name} ${h.framework} ${h.route ?? '-'} ${h.context}`);
    const findings = result.findings.map((f) => `${path.relative(root, f.file)}:${f.range.line} ${f.rule}`);
    return { handlers, findings };
  } finally {
    removeTree(root);
  }
}

/** Python source from lines. */
export function py(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
