import * as assert from 'assert';
import { RuleCatalog, patternToRegExp } from '../../src/core/rules/catalog';
import type { RuleDefinition } from '../../src/core/rules/types';

function rule(id: string, calls: string[], excludeCalls?: string[]): RuleDefinition {
  return {
    id,
    language: 'python',
    title: id,
    category: 'network',
    calls,
    ...(excludeCalls ? { excludeCalls } : {}),
    message: '{call}() blocks',
    replacements: [],
    offload: 'thread',
    docs: { why: '', example: '', useInstead: '', whenNotToUse: '' },
  };
}

describe('call patterns', () => {
  it('`*` matches identifier characters within one segment only', () => {
    const re = patternToRegExp('boto3.client().*');
    assert.ok(re.test('boto3.client().get_object'));
    assert.ok(!re.test('boto3.client().get_paginator().paginate'));
    assert.ok(!re.test('boto3.client()'));
    assert.ok(patternToRegExp('fs.*Sync').test('fs.readFileSync'));
    assert.ok(!patternToRegExp('fs.*Sync').test('fs.promises.readSync'));
  });

  it('`.**.` spans zero or more whole segments', () => {
    const re = patternToRegExp('pymongo.MongoClient().**.find_one');
    assert.ok(re.test('pymongo.MongoClient().find_one'));
    assert.ok(re.test('pymongo.MongoClient().shop.orders.find_one'));
    assert.ok(re.test('pymongo.MongoClient().get_database().orders.find_one'));
    assert.ok(!re.test('pymongo.MongoClient().shop.orders.find_one_and_update'));
    assert.ok(!re.test('pymongo.MongoClient().shop.orders.find'));
    assert.ok(!re.test('other.MongoClient().shop.orders.find_one'));
  });

  it('escapes parentheses, brackets and dots literally', () => {
    const re = patternToRegExp('builtins.open().read');
    assert.ok(re.test('builtins.open().read'));
    assert.ok(!re.test('builtins.openX.read'));
    assert.ok(!re.test('builtins_open().read'));
  });

  it('lets excludeCalls win over a matching glob', () => {
    const catalog = new RuleCatalog([rule('py/sdk', ['boto3.client().*'], ['boto3.client().generate_presigned_*'])]);
    assert.strictEqual(catalog.matchCall('python', 'boto3.client().get_object')?.id, 'py/sdk');
    assert.strictEqual(catalog.matchCall('python', 'boto3.client().generate_presigned_url'), undefined);
  });

  it('prefers an exact name over a glob of another rule', () => {
    const catalog = new RuleCatalog([rule('py/glob', ['redis.Redis().*']), rule('py/exact', ['redis.Redis().get'])]);
    assert.strictEqual(catalog.matchCall('python', 'redis.Redis().get')?.id, 'py/exact');
    assert.strictEqual(catalog.matchCall('python', 'redis.Redis().incr')?.id, 'py/glob');
  });
});

describe('shipped Python rules on resolved names', () => {
  const catalog = RuleCatalog.builtin();
  const cases: Array<[string, string | undefined]> = [
    ['time.sleep', 'py/blocking-sleep'],
    ['requests.Session().get', 'py/blocking-http'],
    ['httpx.AsyncClient().get', undefined],
    ['boto3.client', undefined],
    ['boto3.client().put_object', 'py/blocking-cloud-sdk'],
    ['boto3.client().generate_presigned_url', undefined],
    ['boto3.resource().Table', undefined],
    ['boto3.resource().Table().get_item', 'py/blocking-cloud-sdk'],
    ['pymongo.MongoClient().shop.orders.find_one', 'py/sync-db-driver'],
    ['pymongo.MongoClient().shop.orders.find', undefined],
    ['redis.Redis().incr', 'py/sync-db-driver'],
    ['redis.Redis().pipeline', undefined],
    ['redis.Redis().pipeline().incr', undefined],
    ['redis.Redis().pipeline().execute', 'py/sync-db-driver'],
    ['redis.asyncio.Redis().get', undefined],
    ['django.db.models.Manager.get', 'py/django-orm-sync'],
    ['django.db.models.QuerySet.filter', undefined],
    ['django.db.models.Manager.aget', undefined],
    ['sqlalchemy.orm.Session().query', undefined],
    ['sqlalchemy.orm.Session().query().filter().first', 'py/sqlalchemy-sync-session'],
    ['sqlalchemy.orm.Session().add', undefined],
    ['PIL.Image.open', undefined],
    ['PIL.Image.open().thumbnail', 'py/cpu-image'],
    ['PIL.Image.open().resize().save', 'py/cpu-image'],
    ['bcrypt.gensalt', undefined],
    ['psycopg2.connect().cursor().fetchall', undefined],
    ['sqlite3.connect().execute().fetchall', 'py/sync-db-c-driver'],
    ['os.path.exists', 'py/blocking-fs-metadata'],
    ['os.spawnlp', 'py/blocking-subprocess'],
  ];
  for (const [name, expected] of cases) {
    it(`${name} → ${expected ?? 'no rule'}`, () => {
      assert.strictEqual(catalog.matchCall('python', name)?.id, expected);
    });
  }
});
