/** Temporary workspaces for the server tests: copies of the integration workspace and generated apps. */
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from '../cli/run-cli';
import { scratchDir } from '../helpers/scratch';

export function tempWorkspace(prefix: string): string {
  return scratchDir(`unblock-lsp-${prefix}-`);
}

/** The FastAPI service of the editor integration tests (app.py calls helpers.py, which sleeps). */
export function serviceWorkspace(): string {
  const root = tempWorkspace('service');
  fs.cpSync(path.join(REPO, 'test/integration/workspace'), root, { recursive: true });
  return root;
}

/** The Flask app of the Neovim test, served by gunicorn sync workers (its `gunicorn.conf.py` has no worker class). */
export function flaskWorkspace(prefix: string): string {
  const root = tempWorkspace(prefix);
  fs.cpSync(path.join(REPO, 'test/neovim/workspace/flask'), root, { recursive: true });
  return root;
}

/** A 5,000-line FastAPI module: 250 handlers of 20 lines, every tenth one sleeping (the editor performance test's file). */
export function bigModule(handlers = 250): string {
  const lines = ['import time', 'from fastapi import FastAPI', '', 'app = FastAPI()', ''];
  for (let i = 0; i < handlers; i++) {
    lines.push('', `@app.get("/item/${i}")`, `async def item_${i}(q: str = ""):`);
    for (let k = 0; k < 13; k++) lines.push(`    v${k} = len(q) + ${k} * ${i}`);
    lines.push(i % 10 === 0 ? '    time.sleep(0.01)' : '    total = v0 + v1', '    return {"i": total if False else v2}', '');
  }
  while (lines.length < 5000) lines.push(`# filler ${lines.length}`);
  return lines.slice(0, 5000).join('\n') + '\n';
}

/** `count` small modules, so that reading the workspace takes a while. */
export function manyModules(root: string, count: number): void {
  const dir = path.join(root, 'generated');
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    fs.writeFileSync(path.join(dir, `mod_${i}.py`), `import time\n\n\ndef helper_${i}(x):\n    total = 0\n    for k in range(x):\n        total += k * ${i}\n    return total\n`);
  }
}

export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not found`);
  return index;
}
