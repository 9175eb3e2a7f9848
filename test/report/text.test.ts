import * as assert from 'assert';
import { render } from '../../src/core/report/text';
import { render as markdown } from '../../src/core/report/markdown';
import type { ScanResult } from '../../src/core/model';
import { sampleResult } from './sample';

describe('text report', () => {
  const plain = render(sampleResult());

  it('groups findings under their handler header, handler-less ones last', () => {
    const lines = plain.split('\n');
    const header = lines.indexOf('get_rates (fastapi GET /rates) app/main.py:10');
    const outside = lines.indexOf('Outside handlers');
    assert.ok(header >= 0, plain);
    assert.ok(outside > header, plain);
    assert.match(lines[header + 1], /^ {2}error {3}app\/main\.py:12:5 {2}time\.sleep\(\) sleeps without yielding {2}py\/blocking-sleep$/);
    assert.match(lines[outside + 1], /info +web\/server\.js:3:1 .*js\/sync-fs/);
  });

  it('prints the chain when it has more than one hop', () => {
    assert.ok(plain.includes('via get_rates → fetch_rates → requests.get'), plain);
    assert.strictEqual(plain.match(/ via /g)?.length, 1);
  });

  it('lists problems and ends with a summary line', () => {
    assert.ok(plain.includes('! app/blob.py: skipped: binary file'), plain);
    const last = plain.trimEnd().split('\n').pop();
    assert.strictEqual(last, '3 findings (1 error, 1 warning, 1 info) in 4 files, 2 handlers, 1 problem');
  });

  it('uses ANSI colours only when asked', () => {
    assert.ok(!plain.includes('\u001b['));
    const coloured = render(sampleResult(), { color: true });
    assert.ok(coloured.includes('\u001b[31merror'), coloured);
    assert.strictEqual(coloured.replace(/\u001b\[\d+m/g, ''), plain);
  });

  it('says so when nothing was found', () => {
    const empty: ScanResult = { root: '/x', filesScanned: 1, handlers: [], findings: [], errors: [] };
    assert.strictEqual(render(empty), 'No blocking calls found in 1 file, 0 handlers\n');
  });
});

describe('the left-out line', () => {
  it('names what --include-tests changes, and only then names the flag', () => {
    const both = { ...sampleResult(), testFindingsHidden: 2, testFilesNotAnalysed: 5, migrationsNotAnalysed: 3 };
    assert.ok(render(both).trimEnd().endsWith('2 findings in test code not shown, 5 test files and 3 migrations not analysed (nothing else imports them); --include-tests'), render(both));
    const migrations = { ...sampleResult(), migrationsNotAnalysed: 1 };
    assert.ok(render(migrations).trimEnd().endsWith('\n1 migration not analysed (nothing else imports them)'), render(migrations));
    assert.ok(markdown(migrations).includes('_1 migration not analysed (nothing else imports them)._'), markdown(migrations));
    assert.ok(markdown(both).includes('not analysed (nothing else imports them) (`--include-tests` shows them)._'), markdown(both));
  });
});
