import * as assert from 'assert';
import { LineIndex } from '../../src/core/lines';
import type { FunctionEdit } from '../../src/core/language';
import type { Finding } from '../../src/core/model';
import { findingMove, lineMove } from '../../src/core/index/movedFindings';

const FILE = '/app/views.py';
const BREAKS = ['\r\n', '\r', '\n'];

/** `before` with `typed` inserted at `at`, as the index sees that edit. */
function typing(before: string, at: number, typed: string): { edit: FunctionEdit; after: string } {
  const after = before.slice(0, at) + typed + before.slice(at);
  return { edit: { file: FILE, before, start: at, fn: 'f', namesBefore: new Set(), moved: { from: at, delta: typed.length, objects: new Map() } }, after };
}

/** How findings move across `edit` from `before` to `after`, when its lines have a place. */
function moveOf(edit: FunctionEdit, before: string, after: string) {
  const lines = lineMove(edit, new LineIndex(before, BREAKS), new LineIndex(after, BREAKS));
  return lines && findingMove(edit, lines);
}

/** A finding at `text`'s first occurrence of `call`, as the builder makes it. */
function findingAt(text: string, call: string, file = FILE, handlerLine = 1): Finding {
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
    handler: { file, line: handlerLine, name: 'f', framework: 'fastapi' },
    chain: [{ file, line: range.line, column: range.column, name: call }],
    fixes: [],
  };
}

describe('findingMove: kept findings across an edit', () => {
  const text = 'async def f():\n    x = 1\n\nasync def g():\n    time.sleep(1)\n';

  it('shifts the span of a finding after the edit, keeps its lines, and keeps what lies before or in another file as it is', () => {
    const { edit, after } = typing(text, text.indexOf('x = 1') + 5, '00');
    const move = moveOf(edit, text, after)!;
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
    const move = moveOf(edit, text, after)!;
    assert.strictEqual(move(findingAt(text, 'time.sleep(1)')), undefined);
  });

  it('moves what lies after an added line down by one, handler and chain included, and keeps what lies before it', () => {
    const enter = typing(text, text.indexOf('x = 1') + 5, '\n    y = 2');
    const move = moveOf(enter.edit, text, enter.after)!;
    assert.ok(move, 'Enter gives a move');
    const later = { ...findingAt(text, 'time.sleep(1)', FILE, 4), chain: [{ file: FILE, line: 4, column: 11, name: 'g' }, ...findingAt(text, 'time.sleep(1)').chain] };
    const expected = { ...findingAt(enter.after, 'time.sleep(1)', FILE, 5), chain: [{ file: FILE, line: 5, column: 11, name: 'g' }, ...findingAt(enter.after, 'time.sleep(1)').chain] };
    assert.deepStrictEqual(move(later), expected);
    const above = { ...findingAt(text, 'async def f'), chain: [] };
    assert.strictEqual(move(above), above, 'a finding above the edit is kept as it is');
    const elsewhere = { ...findingAt(text, 'time.sleep(1)', '/app/other.py'), handler: { file: FILE, line: 4, name: 'g', framework: 'fastapi' } };
    assert.strictEqual(move(elsewhere)!.handler!.line, 5, 'a finding in another file keeps its place, with its handler moved');
    assert.strictEqual(move(elsewhere)!.range, elsewhere.range);
    const removed = typing(enter.after, enter.after.indexOf('\n    y = 2'), '');
    removed.after = enter.after.replace('\n    y = 2', '');
    removed.edit.moved = { from: removed.edit.start + '\n    y = 2'.length, delta: -'\n    y = 2'.length, objects: new Map() };
    assert.deepStrictEqual(moveOf(removed.edit, enter.after, removed.after)!(expected), later, 'a line removed moves them back');
  });

  it('moves the line an insertion starts on when what was inserted ends at the column it went in at (a blank line above, Enter with its indentation)', () => {
    const [before, after] = [new LineIndex(text, BREAKS), (t: string) => new LineIndex(t, BREAKS)];
    const above = typing(text, text.indexOf('async def g'), '\n');
    const blank = lineMove(above.edit, before, after(above.after))!;
    assert.strictEqual(blank(4), 5, 'a line alone (a handler\'s) at the start of which a line went in moves down');
    assert.strictEqual(blank(4, 11), 5);
    const indented = typing(text, text.indexOf('time.sleep'), '\n    ');
    const enter = lineMove(indented.edit, before, after(indented.after))!;
    assert.strictEqual(enter(5, 5), 6, 'what follows the insertion moves down with its columns');
    assert.strictEqual(enter(5, 1), 5, 'what precedes it stays');
    assert.strictEqual(enter(5, 5, true), 5, 'an end at the insertion stays before it');
    assert.strictEqual(enter(5), undefined, 'a line alone could be on either side: built again');
    const replaced = typing(text, text.indexOf('time.sleep'), 'x');
    replaced.edit.moved = { ...replaced.edit.moved, from: replaced.edit.start + 1, delta: 0 };
    assert.strictEqual(lineMove(replaced.edit, before, after(text.replace('time.sleep', 'xime.sleep')))!(5, 9), undefined, 'a replaced character touches its line');
  });

  it('builds again a via-call finding whose message names a leaf the edit moved', () => {
    const enter = typing(text, text.indexOf('x = 1') + 5, '\n');
    const move = moveOf(enter.edit, text, enter.after)!;
    const via = { ...findingAt(text, 'time.sleep(1)'), message: '`g()` reaches `time.sleep` (views.py:5), which blocks.' };
    assert.strictEqual(move(via), undefined);
    const leafElsewhere = { ...via, chain: [{ file: '/app/other.py', line: 5, column: 5, name: 'time.sleep' }] };
    assert.ok(move(leafElsewhere), 'a leaf in another file is named by its own line, which did not move');
  });

  it('reads a character typed between a CR and its LF as the line break it makes: what follows moves down one line', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const split = typing(crlf, crlf.indexOf('x = 1') + 6, 'z');
    assert.strictEqual(crlf.slice(split.edit.start - 1, split.edit.start + 1), '\r\n');
    const move = moveOf(split.edit, crlf, split.after)!;
    const later = findingAt(crlf, 'time.sleep(1)');
    const moved = move(later)!;
    assert.deepStrictEqual({ range: moved.range, span: moved.span }, { range: findingAt(split.after, 'time.sleep(1)').range, span: findingAt(split.after, 'time.sleep(1)').span });
    assert.strictEqual(move(findingAt(crlf, 'x = 1')), undefined, 'the split line is built again');
  });
});
