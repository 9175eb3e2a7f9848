import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { analyze } from './helpers';
import { scratchDir } from '../helpers/scratch';

function tempProject(files: Record<string, string>): string {
  const dir = scratchDir('unblock-noqa-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text.trimStart());
  return dir;
}

describe('python: suppressions', () => {
  it('reads bare and rule-scoped ignore comments per line', async () => {
    const model = await analyze(`
import time
def f():
    time.sleep(1)  # unblock: ignore
    time.sleep(2)  # unblock: ignore[py/blocking-sleep, py/blocking-http]
    time.sleep(3)  # some other comment
    # unblock:ignore[py/x]
    s = "# unblock: ignore"

@app.get("/x")  # unblock: ignore[py/a]
async def view(  # unblock: ignore
    a,  # unblock: ignore[py/b]
):  # unblock: ignore[py/c]
    pass
`);
    assert.deepStrictEqual(
      [...model.suppressions].map(([line, ids]) => [line, ids && [...ids]]),
      [
        [4, null],
        [5, ['py/blocking-sleep', 'py/blocking-http']],
        [7, ['py/x']],
        [10, ['py/a']],
        [11, null],
        [12, ['py/b']],
        [13, ['py/c']],
      ],
    );
  });

  it('treats a blanket # noqa as an ignore of every rule, not a noqa that names codes', async () => {
    const model = await analyze(`
import time
def f():
    time.sleep(1)  # noqa
    time.sleep(2)  # noqa: E501
    time.sleep(3)  # NOQA
    s = "# noqa"
`);
    assert.deepStrictEqual([...model.suppressions].map(([line, ids]) => [line, ids && [...ids]]), [
      [4, null],
      [5, ['E501']],
      [6, null],
    ]);
  });

  it('honours other linters\' codes for the same calls (flake8-async/ruff ASYNC2xx, evloop-lint EVL00x), and only those', async () => {
    const root = tempProject({
      'app.py': `
import subprocess
import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/x")
async def view():
    time.sleep(1)  # noqa: ASYNC251
    time.sleep(2)  # noqa: E501, EVL001
    time.sleep(3)  # noqa: ASYNC230
    subprocess.run(["ls"])  # noqa: ASYNC251
    return {}
`,
    });
    const result = await scan([root], { scope: 'handlers', fixes: false });
    assert.deepStrictEqual(
      result.findings.map((f) => `${f.range.line} ${f.rule}`),
      ['13 py/blocking-sleep', '14 py/blocking-subprocess'],
    );
  });
});
