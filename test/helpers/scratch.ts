import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Every folder `scratchDir` made in this process: removed when it exits (a test run left some 60 folders in the temp dir each time). */
const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new folder in the temp dir, named `prefix` and a random suffix; it goes when the test process ends, if the test has not removed it. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
