import * as assert from 'assert';
import { analyze } from './helpers';

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
      [6, null],
    ]);
  });
});
