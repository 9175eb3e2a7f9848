import * as assert from 'assert';
import { jsdocBefore, jsdocParamType, jsdocType, jsdocTypeNames } from '../../src/core/javascript/jsdoc';

describe('javascript: JSDoc types read from the text', () => {
  it('finds the comment right before a declaration head, not one statement further up', () => {
    const text = '/** @type {Store} */\nexport const store = make();\nconst other = 1;\n';
    assert.strictEqual(jsdocBefore(text, text.indexOf('store =')), ' @type {Store} ');
    assert.strictEqual(jsdocBefore(text, text.indexOf('other')), undefined);
    const method = 'class A {\n  /** @param {Db} db */\n  async load(db) {}\n}';
    assert.strictEqual(jsdocBefore(method, method.indexOf('(db)')), ' @param {Db} db ');
  });

  it('gives up at once on a long head that is no declaration (no exponential backtracking)', () => {
    // The first version of the head pattern took hours on outline's code shaped like this.
    const text = `/** @type {A} */\n${'word'.repeat(40)} -`;
    assert.strictEqual(jsdocBefore(text, text.length), undefined);
    const spaced = `/** @type {A} */\n${'w '.repeat(60)}-`;
    assert.strictEqual(jsdocBefore(spaced, spaced.length), undefined);
  });

  it('reads @type and @param type expressions, nested braces and optional names included', () => {
    assert.strictEqual(jsdocType(' @type {import("./db").Pool} '), 'import("./db").Pool');
    const body = '\n * @param {string} key\n * @param {{ a: number }} opts\n * @param {Store=} [store]\n';
    assert.strictEqual(jsdocParamType(body, 'key'), 'string');
    assert.strictEqual(jsdocParamType(body, 'opts'), '{ a: number }');
    assert.strictEqual(jsdocParamType(body, 'store'), 'Store=');
    assert.strictEqual(jsdocParamType(body, 'missing'), undefined);
    // A member's tag types the member, not the object; each comment answers for itself.
    const other = '\n * @param {Options} options.inner\n * @param {number=} [limit=10]\n * @param {Pool} $pool\n';
    assert.strictEqual(jsdocParamType(other, 'options'), undefined);
    assert.strictEqual(jsdocParamType(other, 'limit'), 'number=');
    assert.strictEqual(jsdocParamType(other, '$pool'), 'Pool');
    assert.strictEqual(jsdocParamType(body, 'key'), 'string');
    assert.strictEqual(jsdocParamType(other, 'key'), undefined);
  });

  it('names the types a type expression may denote, skipping primitives', () => {
    assert.deepStrictEqual(jsdocTypeNames('?Store|null'), [{ name: 'Store' }]);
    assert.deepStrictEqual(jsdocTypeNames("import('./db').models.User"), [{ spec: './db', name: 'models.User' }]);
    assert.deepStrictEqual(jsdocTypeNames('string|number'), []);
    assert.deepStrictEqual(jsdocTypeNames('Array<Store>'), []);
  });
});
