import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { javascript } from '../../src/core/javascript';
import type { ModuleHost } from '../../src/core/language';
import { tempProject } from './helpers';

function hostFor(root: string): ModuleHost {
  return {
    roots: [root],
    hasFile: (p) => fs.existsSync(p) && fs.statSync(p).isFile(),
    readConfig: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
  };
}

describe('javascript: module resolution', () => {
  const root = tempProject({
    'tsconfig.json': '{\n  // comments and trailing commas are fine\n  "extends": "./tsconfig.base.json",\n  "compilerOptions": { "strict": true, },\n}',
    'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"], "#config": ["src/config/index.ts"] } } }',
    'src/app.ts': '',
    'src/svc.ts': '',
    'src/esm.mts': '',
    'src/lib/index.js': '',
    'src/services/users.ts': '',
    'src/config/index.ts': '',
    'src/legacy.cjs': '',
    'src/comp.tsx': '',
  });
  const host = hostFor(root);
  const from = path.join(root, 'src', 'app.ts');
  const resolve = (spec: string) => {
    const found = javascript.resolveModule(spec, from, host);
    return found && path.relative(root, found).split(path.sep).join('/');
  };

  it('adds extensions and finds index files', () => {
    assert.strictEqual(resolve('./svc'), 'src/svc.ts');
    assert.strictEqual(resolve('./lib'), 'src/lib/index.js');
    assert.strictEqual(resolve('./legacy.cjs'), 'src/legacy.cjs');
    assert.strictEqual(resolve('./comp'), 'src/comp.tsx');
  });

  it('maps the output extensions TS ESM writes back to the sources', () => {
    assert.strictEqual(resolve('./svc.js'), 'src/svc.ts');
    assert.strictEqual(resolve('./esm.mjs'), 'src/esm.mts');
    assert.strictEqual(resolve('./comp.jsx'), 'src/comp.tsx');
  });

  it('follows tsconfig paths and baseUrl through extends', () => {
    assert.strictEqual(resolve('@/services/users'), 'src/services/users.ts');
    assert.strictEqual(resolve('#config'), 'src/config/index.ts');
    assert.strictEqual(resolve('src/svc'), 'src/svc.ts');
  });

  it("reads the path mappings of a tsconfig above the scanned folder (a scan of outline's server/, whose @server/* the repository's root tsconfig declares); one without mappings there is not taken", () => {
    const repo = tempProject({
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@server/*": ["./server/*"] } } }',
      'server/routes/api.ts': '',
      'server/middlewares/auth.ts': '',
      'other/tsconfig.json': '{ "compilerOptions": { "strict": true } }',
      'other/app/main.ts': '',
      'other/app/lib.ts': '',
    });
    const serverHost = { ...hostFor(path.join(repo, 'server')), hasFile: (p: string) => p.startsWith(path.join(repo, 'server')) && fs.existsSync(p) };
    const found = javascript.resolveModule('@server/middlewares/auth', path.join(repo, 'server', 'routes', 'api.ts'), serverHost);
    assert.strictEqual(found && path.relative(repo, found).split(path.sep).join('/'), 'server/middlewares/auth.ts');
    // Nearer, `other/tsconfig.json` maps nothing: TypeScript would not read the root's mappings for these files either.
    const appHost = hostFor(path.join(repo, 'other', 'app'));
    assert.strictEqual(javascript.resolveModule('@server/routes/api', path.join(repo, 'other', 'app', 'main.ts'), { ...appHost, hasFile: (p: string) => fs.existsSync(p) }), undefined);
  });

  it('leaves packages, builtins and missing files unresolved', () => {
    assert.strictEqual(resolve('express'), undefined);
    assert.strictEqual(resolve('node:fs'), undefined);
    assert.strictEqual(resolve('fs'), undefined);
    assert.strictEqual(resolve('./missing'), undefined);
  });

  it('splits qualified names into module/name pairs, most specific module first, and last the whole name as a module whose default export it is', () => {
    assert.deepStrictEqual(javascript.splitQualifiedName('@/services/users.store.list'), [
      { module: '@/services/users.store', name: 'list' },
      { module: '@/services/users', name: 'store.list' },
      { module: '@/services/users.store.list', name: 'default' },
    ]);
    assert.deepStrictEqual(javascript.splitQualifiedName('better-sqlite3().prepare().get'), []);
    assert.deepStrictEqual(javascript.splitQualifiedName('@/components/posts'), [{ module: '@/components/posts', name: 'default' }]);
  });
});
