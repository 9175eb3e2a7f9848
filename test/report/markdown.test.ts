import * as assert from 'assert';
import { render } from '../../src/core/report/markdown';
import type { ScanResult } from '../../src/core/model';
import { sampleResult } from './sample';

describe('markdown report', () => {
  const md = render(sampleResult());

  it('starts with a summary table by category and severity', () => {
    const lines = md.split('\n');
    const head = lines.indexOf('| Category | Error | Warning | Info | Total |');
    assert.ok(head > 0, md);
    assert.deepStrictEqual(lines.slice(head + 2, head + 6), [
      '| file-io | 0 | 0 | 1 | 1 |',
      '| network | 0 | 1 | 0 | 1 |',
      '| sleep | 1 | 0 | 0 | 1 |',
      '| **Total** | **1** | **1** | **1** | **3** |',
    ]);
  });

  it('has a section per handler with findings, chains and fixes', () => {
    assert.ok(md.includes('### `get_rates` — fastapi `GET /rates` (`app/main.py:10`)'), md);
    assert.ok(md.includes('  - via `get_rates` → `fetch_rates` → `requests.get`'), md);
    assert.ok(md.includes('  - fix: Replace with await asyncio.sleep()'), md);
    assert.ok(md.indexOf('### Outside handlers') > md.indexOf('### `get_rates`'));
    assert.match(md, /\[`py\/blocking-sleep`\]\(\S+docs\/rules\/py\/blocking-sleep\.md\)/);
  });

  it('escapes markdown in messages', () => {
    assert.ok(md.includes('requests.get() waits for the \\`HTTP\\` response \\| slow'), md);
  });

  it('lists scan problems in a collapsed block', () => {
    assert.ok(md.includes('<details><summary>1 problem while scanning</summary>'));
    assert.ok(md.includes('- `app/blob.py`: skipped: binary file'));
  });

  it('says so when nothing was found', () => {
    const empty: ScanResult = { root: '/x', filesScanned: 2, handlers: [], findings: [], errors: [] };
    assert.ok(render(empty).includes('No blocking calls found on request paths (2 files, 0 handlers).'));
  });
});
