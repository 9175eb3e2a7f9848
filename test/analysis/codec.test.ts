import * as assert from 'assert';
import * as path from 'path';
import { decodeModel, encodeModel } from '../../src/core/analysis/codec';
import { LANGUAGES } from '../../src/core/languages';
import { RuleCatalog } from '../../src/core/rules/catalog';
import type { FileModel } from '../../src/core/model';

const APP = [
  'import time',
  'from flask import Flask',
  'app = Flask(__name__)',
  'helper = Service()',
  '',
  'def slow():',
  '    time.sleep(1)',
  '',
  '@app.route("/")',
  'def index():',
  '    slow()',
  '    return "ok"',
  '',
].join('\n');

describe('model codec', () => {
  let fresh: () => FileModel;
  before(async () => {
    const python = LANGUAGES.find((l) => l.id === 'python')!;
    await python.init();
    const rules = RuleCatalog.builtin();
    fresh = () => python.analyze({ file: path.join('/app', 'views.py'), text: APP, root: '/app' }, rules);
  });

  it('gives back every field of the model, the lazy ones decoded on first read into plain fields of their own', () => {
    const model = fresh();
    const encoded = encodeModel(model);
    assert.ok(encoded.bodyKeys.includes('functions') && Object.keys(encoded.head.packed ?? {}).includes('moduleCode'), 'the model has a body and a packed head field');
    const decoded = decodeModel(encoded) as unknown as Record<string, unknown>;
    assert.ok(!Object.keys(decoded).includes('functions'), 'the body is not read before a field of it is');
    for (const [key, value] of Object.entries(model)) assert.deepStrictEqual(decoded[key], value, key);
    for (const key of Object.keys(model)) assert.ok(Object.getOwnPropertyDescriptor(decoded, key)?.writable, `${key} is a plain field of its own now`);
  });

  it('keeps a lazy field written before it was read, and the others of its body as they were', () => {
    const model = fresh();
    const decoded = decodeModel(encodeModel(model));
    decoded.functions = [];
    decoded.moduleCode = { ...model.moduleCode!, calls: [] };
    assert.deepStrictEqual(decoded.functions, []);
    assert.deepStrictEqual(decoded.moduleCode!.calls, []);
    assert.deepStrictEqual(decoded.exports, model.exports);
    assert.deepStrictEqual(decoded.handlers, model.handlers);
  });

  it('makes the body again when its bytes do not decode', () => {
    const model = fresh();
    const encoded = encodeModel(model);
    let analysed = 0;
    const decoded = decodeModel({ ...encoded, body: new Uint8Array([1, 2, 3]) }, () => {
      analysed++;
      return fresh();
    });
    assert.deepStrictEqual(decoded.functions, model.functions);
    assert.deepStrictEqual(decoded.exports, model.exports);
    assert.strictEqual(analysed, 1);
    // Without a way to make it again, every read fails the same way.
    const unreadable = decodeModel({ ...encoded, body: new Uint8Array([1, 2, 3]) });
    const failure = (() => {
      try {
        return unreadable.functions;
      } catch (error) {
        return (error as Error).message;
      }
    })();
    assert.strictEqual(typeof failure, 'string');
    assert.throws(() => unreadable.functions, { message: failure as string });
  });
});
