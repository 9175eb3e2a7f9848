import * as assert from 'assert';
import { HandlerOrder } from '../../src/core/index/handlerOrder';
import type { HandlerReport } from '../../src/core/model';
import { prng } from '../helpers/edits';

/** Files whose collation order differs from code-unit order (case, `_` and `-`, accents; two spellings of one name that collate equal), as real trees have them. */
const FILES = ['/app/views.py', '/app/Views.py', '/app/api_v2.py', '/app/api-v2.py', '/app/apiv2.py', '/app/é.py', '/app/e.py', '/app/caf\u00e9.py', '/app/cafe\u0301.py', '/app/z.py', '/lib/a.ts'];

function handler(file: string, line: number, id: number): HandlerReport {
  return { file, line, name: `h${id}`, framework: 'flask', kind: 'sync', handlerKind: 'route', route: null, context: 'sync-worker' } as unknown as HandlerReport;
}

/** The order the reports had before HandlerOrder: one stable sort by file (collation), then line. */
function reference(handlers: ReadonlyArray<HandlerReport | null>): HandlerReport[] {
  return handlers.filter((h): h is HandlerReport => h !== null).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

describe('handler order (handlerOrder.ts): the report order of one sort, kept through edits', () => {
  it('sorts as one collation sort does, and after 300 edits (handlers replaced in place, moved, added, dropped) still equals it', () => {
    const random = prng(7);
    let id = 0;
    let roots: Array<HandlerReport | null> = Array.from({ length: 200 }, () => (random() < 0.2 ? null : handler(FILES[Math.floor(random() * FILES.length)], 1 + Math.floor(random() * 40), id++)));
    const order = new HandlerOrder();
    let kept = 0;
    for (let edit = 0; edit < 300; edit++) {
      const before = roots;
      roots = roots.map((h) => (h && random() < 0.05 ? handler(h.file, h.line, id++) : h));
      const kind = random();
      const at = Math.floor(random() * roots.length);
      if (kind < 0.1) roots.splice(at, 0, handler(FILES[Math.floor(random() * FILES.length)], 1 + Math.floor(random() * 40), id++));
      else if (kind < 0.2) roots.splice(at, 1);
      else if (kind < 0.3 && roots[at]) roots[at] = handler(roots[at]!.file, roots[at]!.line + 1, id++);
      else if (before.length === roots.length) kept++;
      const sorted = order.sorted(roots);
      assert.deepStrictEqual(sorted.map((h) => h.name), reference(roots).map((h) => h.name), `edit ${edit}`);
      for (const h of sorted) assert.ok(roots.includes(h), 'each sorted handler is the root\'s own object');
    }
    assert.ok(kept > 100, `most edits only replaced handlers in place (${kept})`);
  });
});
