import * as assert from 'assert';
import { environmentOf, wordsOf, type Condition } from '../../src/core/conditions/environment';

const name = (n: string): Condition => ({ kind: 'name', name: n });
const not = (operand: Condition): Condition => ({ kind: 'not', operand });
const compare = (subject: string, op: 'eq' | 'ne' | 'in' | 'not-in', ...values: string[]): Condition => ({ kind: 'compare', subject, op, values });

describe('development-only conditions', () => {
  it('splits names into words', () => {
    assert.deepStrictEqual(wordsOf('settings.DEBUG_MODE'), ['debug', 'mode']);
    assert.deepStrictEqual(wordsOf('env.isDevelopment'), ['is', 'development']);
    assert.deepStrictEqual(wordsOf('NODE_ENV'), ['node', 'env']);
  });

  for (const flag of ['DEBUG', 'settings.DEBUG', 'app.debug', 'isDev', 'env.isDevelopment', 'IS_DEV', 'DEBUG_MODE', 'app.testing', '__DEV__', 'module.hot', 'import.meta.env.DEV', 'devMode']) {
    it(`reads ${flag} as development only`, () => assert.strictEqual(environmentOf(name(flag)), 'dev'));
  }

  for (const flag of ['DEBUG_TOOLBAR', 'devices', 'developer', 'config.enabled', 'settings.ENVIRONMENT', 'debugger_url', 'ENABLE_SIGNUP']) {
    it(`does not guess from ${flag}`, () => assert.strictEqual(environmentOf(name(flag)), undefined));
  }

  it('reads production flags and their negation', () => {
    assert.strictEqual(environmentOf(name('settings.PRODUCTION')), 'prod');
    assert.strictEqual(environmentOf(not(name('isProduction'))), 'dev');
    assert.strictEqual(environmentOf(not(name('settings.DEBUG'))), 'prod');
  });

  it('reads environment comparisons', () => {
    assert.strictEqual(environmentOf(compare('process.env.NODE_ENV', 'ne', 'production')), 'dev');
    assert.strictEqual(environmentOf(compare('process.env.NODE_ENV', 'eq', 'development')), 'dev');
    assert.strictEqual(environmentOf(compare('app.env', 'eq', 'development')), 'dev');
    assert.strictEqual(environmentOf(compare('FLASK_ENV', 'eq', 'production')), 'prod');
    assert.strictEqual(environmentOf(compare('settings.ENVIRONMENT', 'in', 'dev', 'test')), 'dev');
    assert.strictEqual(environmentOf(compare('NODE_ENV', 'ne', 'development')), undefined, 'true in production too');
    assert.strictEqual(environmentOf(compare('NODE_ENV', 'in', 'development', 'production')), undefined);
    assert.strictEqual(environmentOf(compare('user.role', 'eq', 'test')), undefined, 'not an environment name');
  });

  it('combines with and/or', () => {
    assert.strictEqual(environmentOf({ kind: 'and', operands: [name('DEBUG'), name('user.is_staff')] }), 'dev');
    assert.strictEqual(environmentOf({ kind: 'or', operands: [name('DEBUG'), name('user.is_staff')] }), undefined);
    assert.strictEqual(environmentOf({ kind: 'or', operands: [name('DEBUG'), name('TESTING')] }), 'dev');
  });
});
