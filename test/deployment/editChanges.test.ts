import * as assert from 'assert';
import { editChangesDeployment } from '../../src/core/deployment';

describe('deployment: which editor edits make the worker read the deployment again', () => {
  it('a gunicorn config on any change; other Python files when a patching or server line comes, goes or changes', () => {
    assert.strictEqual(editChangesDeployment('/app/gunicorn.conf.py', 'workers = 4\n', 'workers = 4\nworker_class = "gevent"\n'), true);
    assert.strictEqual(editChangesDeployment('/app/app.py', 'import time\n', 'from gevent import monkey\nmonkey.patch_all()\nimport time\n'), true);
    assert.strictEqual(editChangesDeployment('/app/app.py', 'monkey.patch_all()\nx = 1\n', 'x = 1\n'), true);
    assert.strictEqual(editChangesDeployment('/app/app.py', 'app.run(debug=True)\n', 'app.run(debug=False)\n'), true);
    // Typing in a view body, or around a line that names a server, changes nothing about how the app is served.
    assert.strictEqual(editChangesDeployment('/app/app.py', 'def f():\n    return 1\napp.run()\n', 'def f():\n    return 12\napp.run()\n'), false);
    assert.strictEqual(editChangesDeployment('/app/views.py', 'subprocess.run(["ls"])\n', 'subprocess.run(["ls", "-l"])\n'), false);
  });
});
