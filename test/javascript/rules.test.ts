import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { rules } from './helpers';
import { scratchDir } from '../helpers/scratch';

describe('javascript: rules', () => {
  const jsRules = rules().all('javascript');

  it('ships the JS catalog with matchers for the structural rules', () => {
    assert.ok(jsRules.length >= 14, `${jsRules.length} rules`);
    for (const matcher of ['busy-wait', 'redos', 'json-body', 'unknown-sync-call', 'via-call']) {
      assert.ok(rules().byMatcher('javascript', matcher), `no rule for matcher ${matcher}`);
    }
  });

  it('matches resolved names and leaves their async twins alone', () => {
    const match = (name: string) => rules().matchCall('javascript', name)?.id;
    assert.strictEqual(match('fs.readFileSync'), 'js/sync-fs');
    assert.strictEqual(match('fs.existsSync'), 'js/sync-fs');
    assert.strictEqual(match('fs.promises.readFile'), undefined);
    assert.strictEqual(match('fs.readFile'), undefined);
    assert.strictEqual(match('child_process.spawnSync'), 'js/sync-child-process');
    assert.strictEqual(match('execa.execaSync'), 'js/sync-child-process');
    assert.strictEqual(match('crypto.randomBytes'), 'js/sync-crypto');
    assert.strictEqual(match('crypto.randomBytes[callback]'), undefined);
    assert.strictEqual(match('zlib.brotliCompressSync'), 'js/sync-zlib');
    assert.strictEqual(match('bcryptjs.hashSync'), 'js/sync-bcrypt');
    assert.strictEqual(match('bcrypt.hash'), undefined);
    assert.strictEqual(match('better-sqlite3().prepare().iterate'), 'js/better-sqlite3');
    assert.strictEqual(match('Atomics.wait'), 'js/atomics-wait');
    assert.strictEqual(match('Atomics.waitAsync'), undefined);
    assert.strictEqual(match('util.promisify()'), undefined);
  });

  // docs.test.ts checks the call-based rules; this covers the matcher rules too.
  for (const rule of jsRules) {
    it(`${rule.id}: its docs example is reported by it`, async () => {
      const dir = scratchDir('unblock-js-rule-');
      try {
        fs.writeFileSync(path.join(dir, 'app.ts'), `${rule.docs.example}\n`);
        const result = await scan([dir]);
        assert.deepStrictEqual(result.errors, []);
        assert.ok(result.findings.some((f) => f.rule === rule.id), `no ${rule.id} finding for:\n${rule.docs.example}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
