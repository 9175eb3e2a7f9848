import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan, type ScanRun } from '../../src/core/scan';
import { Engine } from '../../src/core/engine';
import { DeploymentModel } from '../../src/core/deployment';
import { walkFiles } from '../../src/core/files/walk';
import { SOURCE_EXTENSIONS } from '../../src/core/languages';
import { readTextOrUndefined } from '../../src/core/files/read';
import type { Finding, HandlerReport } from '../../src/core/model';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');

const handlerLine = (h: HandlerReport) => `${h.file}:${h.line} ${h.framework} ${h.name} ${h.context}`;
const findingLine = (f: Finding) => `${f.file}:${f.range.line}:${f.range.column} ${f.rule} ${f.severity} ${f.message}`;

/** One engine over every walked file, Python and JS/TS together, with the deployment wired as the editor's worker wires it. */
async function oneEngine(root: string): Promise<{ handlers: string[]; findings: string[] }> {
  const { files } = await walkFiles([root], { extensions: SOURCE_EXTENSIONS });
  const engine = await Engine.create([root], undefined, { threads: 0 });
  await engine.setFiles(files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') })), { onlyImported: { tests: true, migrations: true } });
  const deployment = await DeploymentModel.discover([root], files, (file) => engine.text(file) ?? readTextOrUndefined(file));
  engine.setRefiner(deployment);
  engine.setExtraFindings((e) => deployment.configFindings(e.handlers()));
  return { handlers: engine.handlers().map(handlerLine).sort(), findings: engine.findings({ fixes: false }).map(findingLine).sort() };
}

describe('scan: one engine per language', function () {
  this.timeout(120_000);

  it('finds in the mixed examples exactly what one engine over every file finds', async () => {
    let released = 0;
    const result = await scan([EXAMPLES], { fixes: false, afterLanguage: () => released++ });
    const together = await oneEngine(EXAMPLES);
    const languages = new Set(result.handlers.map((h) => path.extname(h.file) === '.py'));
    assert.strictEqual(languages.size, 2, 'the examples have Python and JS/TS handlers');
    assert.deepStrictEqual(result.handlers.map(handlerLine).sort(), together.handlers);
    assert.deepStrictEqual(result.findings.map(findingLine).sort(), together.findings);
    assert.ok(together.findings.length > 20);
    // Python's engine went before JS/TS was read: once between the two passes.
    assert.strictEqual(released, 1);
  });

  it('reports progress over both languages as one count, never going back, to the last file', async () => {
    const seen: Array<[number, number]> = [];
    await scan([EXAMPLES], { fixes: false, onProgress: (done, total) => seen.push([done, total]) });
    const total = seen[0][1];
    assert.ok(seen.every(([, t]) => t === total));
    assert.ok(seen.every(([done], i) => i === 0 || done >= seen[i - 1][0]), JSON.stringify(seen));
    assert.deepStrictEqual(seen[seen.length - 1], [total, total]);
  });

  it('keeps every language in order: handlers by file and line, findings sorted', async () => {
    const result = await scan([EXAMPLES], { fixes: false });
    const files = result.handlers.map((h) => h.file);
    assert.deepStrictEqual(files, [...files].sort((a, b) => a.localeCompare(b)));
    const keys = result.findings.map((f) => [f.file, f.range.line] as const);
    for (let i = 1; i < keys.length; i++) {
      const [file, line] = keys[i];
      const [before, beforeLine] = keys[i - 1];
      assert.ok(before.localeCompare(file) < 0 || (before === file && beforeLine <= line), `${before}:${beforeLine} before ${file}:${line}`);
    }
  });

  it('a scan with fixes keeps every engine for the check after fixes, each file answered by its language', async () => {
    let released = 0;
    const result = (await scan([EXAMPLES], { afterLanguage: () => released++ })) as ScanRun;
    assert.strictEqual(released, 0);
    const python = result.handlers.find((h) => h.file.endsWith('.py'))!;
    const script = result.handlers.find((h) => !h.file.endsWith('.py'))!;
    for (const file of [python.file, script.file]) {
      assert.strictEqual(result.snapshot.text(file), fs.readFileSync(file, 'utf8'));
      assert.strictEqual(result.snapshot.model(file)?.file, file);
    }
    const files = new Set(result.snapshot.files());
    assert.ok(files.has(python.file) && files.has(script.file));
  });

  it('a scan with fixes that may give back a stored result (JSON, SARIF) lets each engine go too', async () => {
    let released = 0;
    const result = await scan([EXAMPLES], { reuseResult: true, afterLanguage: () => released++ });
    assert.strictEqual(released, 1);
    assert.ok(result.findings.some((f) => f.fixes.length > 0), 'the fixes were computed in each pass');
  });
});
