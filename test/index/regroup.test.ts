import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import type { Finding } from '../../src/core/model';
import { groupBy, regroup, type Grouped } from '../../src/core/groupBy';
import { walkFiles } from '../../src/core/files/walk';
import { SOURCE_EXTENSIONS } from '../../src/core/languages';
import { generateTree } from '../../scripts/bench/generate';
import { prng } from '../helpers/edits';
import { scratchDir } from '../helpers/scratch';

describe('regroup (groupBy.ts): a grouping kept through edits equals a fresh one', function () {
  this.timeout(300_000);

  it('after 400 random changes of a list (items replaced under their key or another, added, dropped), keeping the untouched groups\' arrays', () => {
    const random = prng(11);
    let id = 0;
    const item = (key: number) => ({ key, id: id++ });
    let items = Array.from({ length: 300 }, () => item(Math.floor(random() * 40)));
    let last: Grouped<number, { key: number; id: number }> | undefined;
    let keptArrays = 0;
    for (let change = 0; change < 400; change++) {
      const kind = random();
      items = items.slice();
      const at = Math.floor(random() * items.length);
      if (kind < 0.5) for (let k = 0; k < 1 + Math.floor(random() * 5); k++) items[(at + k * 7) % items.length] = item(items[(at + k * 7) % items.length].key);
      else if (kind < 0.6) items[at] = item((items[at].key + 1) % 40);
      else if (kind < 0.7) items.splice(at, 0, item(Math.floor(random() * 40)));
      else if (kind < 0.8) items.splice(at, 1);
      const before = last;
      last = regroup(last, items, (x) => x.key);
      assert.deepStrictEqual([...last.groups], [...groupBy(items, (x) => x.key)], `change ${change}`);
      if (before && kind < 0.5) keptArrays += [...last.groups].filter(([key, group]) => before.groups.get(key) === group).length;
    }
    assert.ok(keptArrays > 1000, `groups without a replaced item are kept as they were (${keptArrays})`);
  });

  it('gives each file its findings (findingsFor) as a fresh engine does, through 40 edits of a generated tree', async () => {
    const random = prng(5);
    const root = path.join(scratchDir('unblock-regroup-'), 'tree');
    generateTree(root, 60);
    const files = (await walkFiles([root], { extensions: SOURCE_EXTENSIONS })).files;
    const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
    const sources = files.filter((f) => /\.(py|ts)$/.test(f) && /^[ \t]+\S/m.test(texts.get(f)!));
    const kept = await Engine.create([root], undefined, { editing: true });
    await kept.setFiles([...texts].map(([file, text]) => ({ file, text })));
    for (const file of files) kept.findingsFor(file, { fixes: false });
    for (let edit = 0; edit < 40; edit++) {
      const file = sources[Math.floor(random() * sources.length)];
      const text = texts.get(file)!;
      const lines = [...text.matchAll(/^[ \t]+\S.*$/gm)].map((m) => m.index! + m[0].length);
      const at = lines[Math.floor(random() * lines.length)];
      // A space moves the findings after it in its file; a blocking call adds one; removing the line's last character may drop one.
      const typed = [' ', ' ', file.endsWith('.py') ? '\n    time.sleep(1)' : ' fs.readFileSync("x");', ''][Math.floor(random() * 4)];
      const next = typed === '' ? text.slice(0, at - 1) + text.slice(at) : text.slice(0, at) + typed + text.slice(at);
      texts.set(file, next);
      kept.setFile(file, next, { open: true });
      const fresh = await Engine.create([root]);
      await fresh.setFiles([...texts].map(([f, t]) => ({ file: f, text: t })));
      // With the offsets: a space typed before a finding on its line moves only those.
      const key = (f: Finding) => `${path.relative(root, f.file)}:${f.range.line}:${f.range.column} @${f.span.start} ${f.rule} ${f.message}`;
      for (const f of files) {
        assert.deepStrictEqual(kept.findingsFor(f, { fixes: false }).map(key), fresh.findingsFor(f, { fixes: false }).map(key), `edit ${edit} (${JSON.stringify(typed)} in ${path.relative(root, file)}): ${path.relative(root, f)}`);
      }
    }
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });
});
