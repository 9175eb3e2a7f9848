import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scan } from '../../src/core/scan';

/** Writes a small project; keys are relative paths. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-js-values-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text.trimStart());
  }
  return dir;
}

/** `route → blocking call` for each finding outside the via-call echo. */
async function reached(root: string): Promise<string[]> {
  const result = await scan([root], { fixes: false });
  return result.findings
    .filter((f) => f.rule !== 'js/via-call')
    .map((f) => `${f.handler?.name ?? '?'} → ${path.relative(root, f.file).split(path.sep).join('/')}:${f.range.line}`)
    .sort();
}

const ZIP = `
import fs from "fs";
export default class ZipHelper {
  static toBuffer(p: string) {
    return fs.readFileSync(p);
  }
}
export function helper(p: string) {
  return fs.readFileSync(p);
}
`;

describe('javascript imports: default and namespace imports of project modules by alias', () => {
  it('follows a default import through tsconfig paths (outline: `import X from "@server/..."`) and a namespace import', async () => {
    const root = project({
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@server/*": ["./server/*"] } } }',
      'server/utils/zip.ts': ZIP,
      'server/routes/files.ts': `
import Router from "koa-router";
import ZipHelper from "@server/utils/zip";
import * as zip from "server/utils/zip";
const router = new Router();
router.get("/a", async (ctx) => { ctx.body = ZipHelper.toBuffer("x"); });
router.get("/b", async (ctx) => { ctx.body = zip.helper("x"); });
export default router;
`,
    });
    assert.deepStrictEqual(await reached(root), ['koa GET /a → server/utils/zip.ts:4', 'koa GET /b → server/utils/zip.ts:8']);
  });

  it('follows package.json subpath imports (`#lib/*`, with condition objects)', async () => {
    const root = project({
      'package.json': '{ "name": "app", "imports": { "#lib/*": { "types": "./server/utils/*.ts", "default": "./dist/utils/*.js" } } }',
      'server/utils/zip.ts': ZIP,
      'server/app.ts': `
import express from "express";
import { helper } from "#lib/zip";
const app = express();
app.get("/a", (req, res) => res.send(helper("x")));
`,
    });
    assert.deepStrictEqual(await reached(root), ['express GET /a → server/utils/zip.ts:8']);
  });
});
