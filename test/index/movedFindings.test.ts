import * as assert from 'assert';
import { LineIndex } from '../../src/core/lines';
import type { FunctionEdit } from '../../src/core/language';
import type { Finding } from '../../src/core/model';
import { findingMove } from '../../src/core/index/movedFindings';

const FILE = '/app/views.py';
const BREAKS = ['\r\n', '\r', '\n'];

/** `before` with `typed` inserted at `at`, as the index sees that edit. */
function typing(before: string, at: number, typed: string): { edit: FunctionEdit; after: string } {
  const after = before.slice(0, at) + typed + before.slice(at);
  return { edit: { file: FILE, before, start: at, fn: 'f', endsBefore: new Map(), moved: { from: at, delta: typed.length, objects: new Map() } }, after };
}

/** A finding at `text`'s first occurrence of `call`, as the builder makes it. */
function findingAt(text: string, call: string, file = FILE): Finding {
  const start = text.indexOf(call);
  const span = { start, end: start + call.length };
  const range = new LineIndex(text, BREAKS).rangeOf(span);
  return {
    file,
    range,
    span,
    rule: 'py/blocking-sleep',
    category: 'sleep',
    severity: 'error',
    call,
    message: 'blocks',
    context: 'event-loop',
    handler: { file, line: 1, name: 'f', framework: 'fastapi' },
    chain: [{ file, line: range.line, column: range.column, name: call }],
    fixes: [],
  };
}

describe('findingMove: kept findings across an edit that stays on its line', () => {
  const text = 'async def f():\n    x = 1\n\nasync def g():\n    time.sleep(1)\n';

  it('shifts the span of a finding after the edit, keeps its lines, and keeps what lies before or in another file as it is', () => {
    const { edit, after } = typing(text, text.indexOf('x = 1') + 5, '00');
    const move = findingMove(edit, new LineIndex(text, BREAKS), new LineIndex(after, BREAKS))!;
    assert.ok(move, 'an edit on one line moves findings');
    const later = findingAt(text, 'time.sleep(1)');
    const moved = move(later)!;
    assert.deepStrictEqual(moved, findingAt(after, 'time.sleep(1)'));
    const elsewhere = findingAt(text, 'time.sleep(1)', '/app/other.py');
    assert.strictEqual(move(elsewhere), elsewhere);
    const before = findingAt(text, 'async def f');
    assert.strictEqual(move({ ...before, handler: null, chain: [] })!.span, before.span);
  });

  it('gives nothing for a finding on the edited line: it is built again', () => {
    const { edit, after } = typing(text, text.indexOf('time.sleep'), 'await ');
    const move = findingMove(edit, new LineIndex(text, BREAKS), new LineIndex(after, BREAKS))!;
    assert.strictEqual(move(findingAt(text, 'time.sleep(1)')), undefined);
  });

  it('gives no move for an edit that adds a line, nor for a character typed between a CR and its LF', () => {
    const enter = typing(text, text.indexOf('x = 1') + 5, '\n    y = 2');
    assert.strictEqual(findingMove(enter.edit, new LineIndex(text, BREAKS), new LineIndex(enter.after, BREAKS)), undefined);
    const crlf = text.replace(/\n/g, '\r\n');
    const split = typing(crlf, crlf.indexOf('x = 1') + 6, 'z');
    assert.strictEqual(crlf.slice(split.edit.start - 1, split.edit.start + 1), '\r\n');
    assert.strictEqual(findingMove(split.edit, new LineIndex(crlf, BREAKS), new LineIndex(split.after, BREAKS)), undefined);
  });
});
