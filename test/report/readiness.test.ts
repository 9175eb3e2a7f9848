import * as assert from 'assert';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { render } from '../../src/core/report/markdown';
import { packageDir } from '../../src/core/paths';

const examples = path.join(packageDir(), 'examples');

describe('report: readiness for an ASGI framework, per app', function () {
  this.timeout(30000);

  it('says an async, I/O-bound Flask app would gain from Quart/FastAPI, and a sync one from gevent workers', async () => {
    const result = await scan([examples]);
    const byApp = Object.fromEntries((result.readiness ?? []).map((r) => [path.relative(examples, r.appRoot), r]));
    assert.deepStrictEqual(Object.keys(byApp).sort(), ['flask-async', 'flask-gevent', 'flask-gunicorn', 'flask-sync']);
    const async = byApp['flask-async'];
    assert.deepStrictEqual([async.views, async.asyncViews], [3, 3]);
    assert.deepStrictEqual(async.syncLibraries.map((l) => l.call), ['requests.get', 'time.sleep']);
    assert.match(async.verdict, /^Mostly async \(3 of 3 views\): Quart .* one event loop per worker instead of a private loop per request; the blocking calls listed would then need their async twins/);
    assert.match(byApp['flask-sync'].verdict, /^Mostly sync \(3 of 3 views\): gevent workers .* buy more than a move to Quart/);
    assert.match(byApp['flask-gevent'].verdict, /already served cooperatively by gevent.*its 1 CPU-bound call needs a process pool/);
    const markdown = render(result);
    assert.match(markdown, /### Readiness for an ASGI framework\n\n- `flask-async` \(flask\): 3 of 3 views async; blocking: `requests\.get`, `time\.sleep`\. Mostly async/);
  });

  it('is absent when the scan holds no Flask or Django app', async () => {
    const result = await scan([path.join(examples, 'fastapi-app')]);
    assert.strictEqual(result.readiness, undefined);
    assert.doesNotMatch(render(result), /Readiness/);
  });
});
