import * as assert from 'assert';
import { bundleReason } from '../../src/core/files/bundles';

const SOURCE = "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('ok'));\n";

describe('bundles: what a scan leaves out as built front-end code', () => {
  it("a bundler's chunk, however small: a content hash in its name", () => {
    assert.match(bundleReason('supervisor/api/panel/frontend_latest/7340.67cf025214f2d59e.js', SOURCE) ?? '', /content hash/);
    assert.match(bundleReason('dist/assets/index-3f9a1c2b.js', SOURCE) ?? '', /content hash/);
  });

  it('keeps source: dated or wordy names, small files with long lines (data, an embedded blob, a long expression), ordinary code', () => {
    const blob = `${SOURCE}const icon = Buffer.from('${'iVBORw0KGgo'.repeat(2000)}', 'base64');\napp.get('/favicon.ico', (req, res) => res.end(icon));\n`;
    assert.strictEqual(bundleReason('server/routes/favicon.js', blob), undefined);
    assert.strictEqual(bundleReason('server/backup-20240101.js', SOURCE), undefined);
    assert.strictEqual(bundleReason('server/routes/feedback.js', SOURCE), undefined);
    assert.strictEqual(bundleReason('server/data.js', `module.exports = ${JSON.stringify(Array.from({ length: 300 }, (_, i) => i))};\n`), undefined);
    const longish = `${SOURCE}const query = '${'SELECT 1 UNION '.repeat(150)}SELECT 2';\n${SOURCE.repeat(30)}`;
    assert.ok(longish.length > 4096);
    assert.strictEqual(bundleReason('server/report.js', longish), undefined);
  });
});
