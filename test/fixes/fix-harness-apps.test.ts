/**
 * The fix-safety harness (scripts/fix-harness.ts) on every bundled example
 * app: `unblock scan --fix` on a copy, then independent checks of what it
 * wrote. The same harness runs on fetched public apps by hand
 * (`npm run harness:fix -- <dirs>`).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runHarness } from '../../scripts/fix-harness';
import { REPO } from '../cli/run-cli';

describe('fix-safety harness on the example apps', function () {
  this.timeout(120000);
  const examples = path.join(REPO, 'examples');
  for (const app of fs.readdirSync(examples).filter((d) => !d.startsWith('.') && fs.statSync(path.join(examples, d)).isDirectory()).sort()) {
    it(`${app}: compiles, nothing left un-awaited, handlers kept, nothing outside written, encodings and symlinks kept`, async () => {
      const row = await runHarness(path.join(examples, app), path.join(REPO, 'bin/unblock.js'));
      assert.ok(row.findings > 0, 'the example has findings');
      assert.deepStrictEqual(
        { compile: row.compileFailures, unawaited: row.newUnawaited, handlers: row.handlersLost, outside: row.outsideWrites, encoding: row.encodingChanges, symlinks: row.symlinkChanges },
        { compile: [], unawaited: [], handlers: [], outside: [], encoding: [], symlinks: [] },
      );
    });
  }
});
