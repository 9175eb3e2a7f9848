import * as assert from 'assert';
import * as path from 'path';
import { findConfig, loadConfig } from '../../src/core/config';
import { makeTree, removeTree } from '../files/tree';
import { soapRule } from '../helpers/rules';

const rule = (id: string) => soapRule(id);

describe('.unblock.json config', () => {
  let root: string;
  const file = (name: string) => path.join(root, name);
  before(() => {
    root = makeTree({
      'good/.unblock.json': JSON.stringify({
        scope: 'async',
        maxDepth: 4,
        ignore: ['tests/'],
        disable: ['py/blocking-sleep'],
        severity: { 'sync-worker': { network: 'error', cheap: null } },
        rules: [rule('py/soap-client')],
      }),
      'none/app.py': '',
      'broken.json': '{ "scope": "all", }',
      'array.json': '[]',
      'bad-fields.json': JSON.stringify({
        scope: 'everything',
        maxDepth: 3,
        ignore: ['ok/', 42],
        severity: { 'event-loop': { network: 'fatal', sleep: 'warning' }, 'moon-base': { sleep: 'error' } },
        colour: 'blue',
        rules: [{ id: 'py/half-a-rule' }, rule('py/soap-client')],
      }),
      'bom.json': '\ufeff{"scope": "all"}',
    });
  });
  after(() => removeTree(root));

  it('finds .unblock.json in the scan root only', () => {
    assert.strictEqual(findConfig(file('good')), file('good/.unblock.json'));
    assert.strictEqual(findConfig(file('none')), undefined);
  });

  it('loads a valid config unchanged', () => {
    const { config, errors } = loadConfig(file('good/.unblock.json'));
    assert.deepStrictEqual(errors, []);
    assert.strictEqual(config.scope, 'async');
    assert.strictEqual(config.maxDepth, 4);
    assert.deepStrictEqual(config.ignore, ['tests/']);
    assert.deepStrictEqual(config.disable, ['py/blocking-sleep']);
    assert.deepStrictEqual(config.severity, { 'sync-worker': { network: 'error', cheap: null } });
    assert.deepStrictEqual(config.rules?.map((r) => r.id), ['py/soap-client']);
  });

  it('reports invalid JSON with the file and gives an empty config', () => {
    const { config, errors } = loadConfig(file('broken.json'));
    assert.deepStrictEqual(config, {});
    assert.strictEqual(errors.length, 1);
    assert.strictEqual(errors[0].file, file('broken.json'));
    assert.match(errors[0].message, /^config invalid JSON: /);
  });

  it('reports a missing file and a non-object document', () => {
    assert.match(loadConfig(file('missing.json')).errors[0].message, /^config cannot read: ENOENT/);
    assert.deepStrictEqual(loadConfig(file('array.json')), {
      config: {},
      errors: [{ file: file('array.json'), message: 'config must be a JSON object' }],
    });
  });

  it('drops each invalid field, naming it, and keeps the rest', () => {
    const { config, errors } = loadConfig(file('bad-fields.json'));
    assert.deepStrictEqual(config.scope, undefined);
    assert.strictEqual(config.maxDepth, 3);
    assert.deepStrictEqual(config.ignore, ['ok/']);
    assert.deepStrictEqual(config.severity, { 'event-loop': { sleep: 'warning' } });
    assert.deepStrictEqual(config.rules?.map((r) => r.id), ['py/soap-client']);
    assert.ok(!('colour' in config));
    const messages = errors.map((e) => e.message);
    for (const e of errors) assert.strictEqual(e.file, file('bad-fields.json'));
    assert.ok(messages.includes('config field "scope" must be one of "handlers", "async", "all" (ignored)'), messages.join('\n'));
    assert.ok(messages.includes('config field "ignore.1" must be string (ignored)'), messages.join('\n'));
    assert.ok(messages.includes('config unknown field "colour" (ignored)'), messages.join('\n'));
    assert.ok(messages.includes('config unknown field "severity.moon-base" (ignored)'), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('config field "severity.event-loop.network" must be one of "error"')), messages.join('\n'));
    const ruleMessage = messages.find((m) => m.includes('rules.0'));
    assert.match(ruleMessage ?? '', /must have required property 'language'/);
    assert.strictEqual(errors.length, 6, messages.join('\n'));
  });

  it('accepts a UTF-8 BOM', () => {
    assert.deepStrictEqual(loadConfig(file('bom.json')), { config: { scope: 'all' }, errors: [] });
  });
});
