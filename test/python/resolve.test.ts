import * as assert from 'assert';
import * as path from 'path';
import type { ModuleHost } from '../../src/core/language';
import { python } from '../../src/core/python';

function host(roots: string[], files: string[]): ModuleHost {
  const set = new Set(files.map((f) => path.resolve(f)));
  return { roots, hasFile: (p) => set.has(path.resolve(p)), readConfig: () => undefined };
}

describe('python: module resolution', () => {
  const files = [
    '/proj/app/__init__.py',
    '/proj/app/main.py',
    '/proj/app/services.py',
    '/proj/app/api/__init__.py',
    '/proj/app/api/routes.py',
    '/proj/app/core/utils.py',
    '/proj/src/lib/tools/__init__.py',
  ];
  const h = host(['/proj', '/proj/src'], files);

  it('resolves relative specs from the file package', () => {
    assert.strictEqual(python.resolveModule('.services', '/proj/app/main.py', h), '/proj/app/services.py');
    assert.strictEqual(python.resolveModule('.', '/proj/app/main.py', h), '/proj/app/__init__.py');
    assert.strictEqual(python.resolveModule('..services', '/proj/app/api/routes.py', h), '/proj/app/services.py');
    assert.strictEqual(python.resolveModule('..core.utils', '/proj/app/api/routes.py', h), '/proj/app/core/utils.py');
    assert.strictEqual(python.resolveModule('.api', '/proj/app/main.py', h), '/proj/app/api/__init__.py');
    assert.strictEqual(python.resolveModule('.missing', '/proj/app/main.py', h), undefined);
  });

  it('resolves absolute specs against each root', () => {
    assert.strictEqual(python.resolveModule('app.services', '/proj/app/main.py', h), '/proj/app/services.py');
    assert.strictEqual(python.resolveModule('app', '/proj/app/main.py', h), '/proj/app/__init__.py');
    assert.strictEqual(python.resolveModule('lib.tools', '/proj/app/main.py', h), '/proj/src/lib/tools/__init__.py');
    assert.strictEqual(python.resolveModule('requests', '/proj/app/main.py', h), undefined);
  });

  it('splits qualified names, longest module first, never after an instance', () => {
    assert.deepStrictEqual(python.splitQualifiedName('pkg.mod.f'), [
      { module: 'pkg.mod', name: 'f' },
      { module: 'pkg', name: 'mod.f' },
    ]);
    assert.deepStrictEqual(python.splitQualifiedName('app.svc.Report().build'), [
      { module: 'app.svc', name: 'Report.build' },
      { module: 'app', name: 'svc.Report.build' },
    ]);
    assert.deepStrictEqual(python.splitQualifiedName('requests.Session().get().json'), []);
    assert.deepStrictEqual(python.splitQualifiedName('single'), []);
  });
});
