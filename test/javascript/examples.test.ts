/**
 * The JS example apps report exactly the spots marked `// expect: js/<id>`
 * in their files (and nothing on unmarked lines), scanned as whole projects
 * so cross-file chains, tsconfig paths and Next.js file routes are in play.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { packageDir } from '../../src/core/paths';
import { compareFindings, parseFixture } from '../helpers/expectations';
import { javascriptFiles } from '../helpers/javascriptFiles';

describe('javascript: example apps', () => {
  for (const name of ['express-app', 'fastify-app', 'nextjs-app']) {
    it(`examples/${name} reports exactly its marked blocking spots`, async () => {
      const root = path.join(packageDir(), 'examples', name);
      const result = await scan([root]);
      assert.deepStrictEqual(result.errors, []);
      assert.ok(result.handlers.length > 0, 'no handlers found');
      const files = javascriptFiles(root);
      let marked = 0;
      const problems: string[] = [];
      for (const file of files) {
        const spec = parseFixture(fs.readFileSync(file, 'utf8'));
        marked += spec.expected.size;
        const findings = result.findings.filter((f) => path.resolve(f.file) === file);
        for (const m of compareFindings(spec, findings)) problems.push(`${path.relative(root, file)} ${m}`);
      }
      assert.ok(marked >= 5, `only ${marked} marked spots`);
      assert.deepStrictEqual(problems, []);
    });
  }
});
