import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { EngineClient } from '../../src/server/engine/engineClient';
import type { FindingsResult } from '../../src/server/engine/protocol';
import { handlerLenses, type HandlerLens } from '../../src/server/engine/handlerCounts';
import { Engine } from '../../src/core/engine';
import type { Finding } from '../../src/core/model';
import { scratchDir } from '../helpers/scratch';
import { prng } from '../helpers/edits';

const WORKER = path.join(__dirname, '..', '..', 'src', 'server', 'engine', 'worker.js');

/** An Express app whose handlers call helpers, some of which block. */
function app(routes: number): string {
  const out = [`const express = require('express');`, `const fs = require('fs');`, `const router = express.Router();`, ''];
  for (let i = 0; i < routes; i++) {
    out.push(`function load${i}(p) {`, i % 2 === 0 ? `  return fs.readFileSync(p);` : `  return p;`, `}`, '', `router.get('/r/${i}', (req, res) => {`, `  res.send(load${i}('/tmp/${i}'));`, `});`, '');
  }
  return out.join('\n');
}

/** What a diagnostic shows of a finding. */
function shown(findings: ReadonlyArray<Omit<Finding, 'fixes'>>): string[] {
  return findings.map((f) => `${f.rule} ${f.range.line}:${f.range.column}-${f.range.endLine}:${f.range.endColumn} ${f.span.start} ${f.message} via ${f.chain.map((hop) => `${hop.name}@${hop.line}`).join(' > ')}`);
}

describe('analysis worker client (what the language server asks after each edit)', () => {
  it("gives each edit's findings as a fresh engine finds them, though the worker posts the ones it posted before as references", async function () {
    this.timeout(120_000);
    const root = scratchDir('engine-client');
    const file = path.join(root, 'routes.js');
    const other = path.join(root, 'other.js');
    let text = app(12);
    fs.writeFileSync(file, text);
    fs.writeFileSync(other, app(2));
    let indexed: () => void = () => undefined;
    const loaded = new Promise<void>((resolve) => (indexed = resolve));
    const client = new EngineClient(WORKER, (event) => event.type === 'indexed' && indexed(), () => undefined);
    try {
      await client.configure({ roots: [root], severity: {}, disabledRules: [], ignore: [], ruleFiles: [], trusted: true });
      // The worker loads the workspace from disk when first asked.
      await client.request({ type: 'handlers' });
      await loaded;
      const random = prng(3);
      let lensesSeen = 0;
      // Blocking calls typed into handlers, lines deleted, a handler's helper made blocking and back: findings come, go and move.
      const edits: Array<(t: string) => string> = [
        (t) => t.replace(`res.send(load${Math.floor(random() * 12)}(`, (m) => `fs.statSync('/tmp');\n  ${m}`),
        (t) => t.replace(/\n  fs\.statSync\('\/tmp'\);/, ''),
        (t) => t.replace(`  return p;`, `  return fs.readFileSync(p);`),
        (t) => t.replace(`  return fs.readFileSync(p);`, `  return p;`),
        (t) => `// a comment\n${t}`,
        (t) => t.replace('x', 'x '),
      ];
      for (let i = 0; i < 40; i++) {
        text = edits[Math.floor(random() * edits.length)](text);
        await client.request({ type: 'setFile', file, text, version: i + 2, virtual: false });
        const { byFile } = await client.request<FindingsResult>({ type: 'findings', files: [file, other], fixes: false });
        const fresh = await Engine.create([root]);
        await fresh.setFiles([file, other].map((f) => ({ file: f, text: f === file ? text : fs.readFileSync(f, 'utf8') })));
        assert.deepStrictEqual(shown(byFile[file]), shown(fresh.findingsFor(file, { fixes: false })), `edit ${i}`);
        assert.deepStrictEqual(shown(byFile[other]), shown(fresh.findingsFor(other, { fixes: false })), `edit ${i}, the other file`);
        assert.ok(byFile[file].every((f) => f.fixesPending !== undefined));
        if (i % 8 === 0) {
          // A document's code lenses: its own handlers, as the whole workspace's list and a fresh engine have them.
          const own = await client.request<HandlerLens[]>({ type: 'handlers', file });
          const all = await client.request<HandlerLens[]>({ type: 'handlers' });
          const freshLenses = handlerLenses(fresh.handlers(), [...fresh.findings({ fixes: false }), ...fresh.testFindings()]).filter((l) => l.handler.file === file);
          if (own.some((l) => l.blocking > 0)) lensesSeen++;
          assert.deepStrictEqual(own, all.filter((l) => l.handler.file === file), `edit ${i}: lenses of the file`);
          assert.deepStrictEqual(own, JSON.parse(JSON.stringify(freshLenses)), `edit ${i}: lenses as a fresh engine counts them`);
        }
      }
      assert.ok(lensesSeen >= 2, `lenses with blocking calls seen after ${lensesSeen} edits`);
    } finally {
      client.dispose();
    }
  });
});
