import * as assert from 'assert';
import { initPythonParser, parsePython } from '../../src/core/python/parse';
import { syntaxErrorsAfter } from '../../src/core/python/fixes/trees';
import { syntaxErrorCount } from '../../src/core/python/fixes/syntax';
import type { FixContext } from '../../src/core/fixes/types';
import { applyEdits } from '../../src/core/fixes/edits';

/** A batch context that only memoizes (what syntaxErrorsAfter uses), releasing like the engine does. */
function batch(): { context: FixContext; release(): void } {
  const memo = new Map<string, unknown>();
  const releases: Array<() => void> = [];
  const context = {
    memo<T>(key: string, create: () => T, release?: (value: T) => void): T {
      if (!memo.has(key)) {
        const value = create();
        memo.set(key, value);
        if (release) releases.push(() => release(value));
      }
      return memo.get(key) as T;
    },
  } as unknown as FixContext;
  return { context, release: () => releases.forEach((r) => r()) };
}

const SOURCE = 'import time\n\n\nasync def view():\n    time.sleep(1)\n    return "ok"\n';

describe('incremental syntax check of a rewrite', () => {
  before(() => initPythonParser());

  const cases: Array<{ name: string; edits: Array<{ span: { start: number; end: number }; newText: string }> }> = [
    { name: 'a clean rewrite plus an import at the top', edits: [
      { span: { start: SOURCE.indexOf('time.sleep(1)'), end: SOURCE.indexOf('time.sleep(1)') + 'time.sleep(1)'.length }, newText: 'await asyncio.sleep(1)' },
      { span: { start: 0, end: 0 }, newText: 'import asyncio\n' },
    ] },
    { name: 'a rewrite that leaves a bracket open', edits: [
      { span: { start: SOURCE.indexOf('time.sleep(1)'), end: SOURCE.indexOf('time.sleep(1)') + 'time.sleep(1)'.length }, newText: 'await asyncio.sleep((1)' },
    ] },
    { name: 'two insertions at one offset, in their given order', edits: [
      { span: { start: SOURCE.indexOf('    return'), end: SOURCE.indexOf('    return') }, newText: '    if True:\n' },
      { span: { start: SOURCE.indexOf('    return'), end: SOURCE.indexOf('    return') }, newText: '        pass\n' },
    ] },
  ];
  for (const { name, edits } of cases) {
    it(`agrees with a full parse: ${name}`, () => {
      const { context, release } = batch();
      try {
        const full = parsePython(applyEdits(SOURCE, edits));
        const expected = syntaxErrorCount(full);
        full.delete();
        const { before, after } = syntaxErrorsAfter(context, SOURCE, edits);
        assert.strictEqual(before, 0);
        assert.strictEqual(after, expected);
        assert.strictEqual(after > 0, name.includes('open'), 'only the broken rewrite has errors');
      } finally {
        release();
      }
    });
  }
});
