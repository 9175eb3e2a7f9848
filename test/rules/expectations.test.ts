import * as assert from 'assert';
import type { Finding } from '../../src/core/model';
import { compareFindings, parseFixture } from '../helpers/expectations';

function finding(line: number, rule: string, severity: Finding['severity'] = 'error'): Finding {
  return {
    file: '/x.py',
    range: { line, column: 5, endLine: line, endColumn: 20 },
    span: { start: 0, end: 1 },
    rule,
    category: 'sleep',
    severity,
    call: 'time.sleep',
    message: 'm',
    context: 'event-loop',
    handler: null,
    chain: [],
    fixes: [],
  };
}

describe('fixture expectations', () => {
  const text = [
    '# unblock-fixture: scope=all maxDepth=3 disable=py/a,py/b',
    'time.sleep(1)  # expect: py/blocking-sleep',
    'requests.get(u)  # expect: py/blocking-http@warning, py/via-call',
    'fetch(u); // expect: js/sync-fs',
    'quiet()',
  ].join('\n');

  it('reads markers of both comment styles, several ids and severities', () => {
    const spec = parseFixture(text);
    assert.deepStrictEqual(spec.problems, []);
    assert.deepStrictEqual([...spec.expected], [
      [2, [{ rule: 'py/blocking-sleep' }]],
      [3, [{ rule: 'py/blocking-http', severity: 'warning' }, { rule: 'py/via-call' }]],
      [4, [{ rule: 'js/sync-fs' }]],
    ]);
    assert.deepStrictEqual(spec.options, { scope: 'all', maxDepth: 3, disabledRules: ['py/a', 'py/b'] });
  });

  it('reports malformed markers and settings instead of ignoring them', () => {
    const spec = parseFixture('x()  # expect: blocking-sleep\ny()  # expect: py/x@fatal\n# unblock-fixture: scope=everything');
    assert.strictEqual(spec.problems.length, 3);
    assert.match(spec.problems.join('\n'), /line 1: "blocking-sleep" is not a rule id/);
    assert.match(spec.problems.join('\n'), /line 2: "fatal" is not a severity/);
    assert.match(spec.problems.join('\n'), /line 3: unknown fixture setting "scope=everything"/);
  });

  it('accepts exactly the marked findings', () => {
    const spec = parseFixture(text);
    const found = [finding(2, 'py/blocking-sleep'), finding(2, 'py/blocking-sleep'), finding(3, 'py/blocking-http', 'warning'), finding(3, 'py/via-call'), finding(4, 'js/sync-fs')];
    assert.deepStrictEqual(compareFindings(spec, found), []);
  });

  it('names missed alarms, false alarms and wrong severities by line', () => {
    const spec = parseFixture(text);
    const found = [finding(3, 'py/blocking-http', 'error'), finding(3, 'py/via-call'), finding(4, 'js/sync-fs'), finding(5, 'py/blocking-sleep')];
    const mismatches = compareFindings(spec, found);
    assert.strictEqual(mismatches.length, 3);
    assert.match(mismatches[0], /^line 2: expected py\/blocking-sleep, got nothing$/);
    assert.match(mismatches[1], /^line 3: expected py\/blocking-http@warning, py\/via-call, got py\/blocking-http@error/);
    assert.match(mismatches[2], /^line 5: expected nothing, got py\/blocking-sleep@error on time\.sleep in event-loop$/);
  });
});
