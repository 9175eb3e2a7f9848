import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { walkFiles } from '../../src/core/files/walk';
import { makeTree, relative, removeTree } from './tree';

const EXTENSIONS = ['.py', '.js', '.ts', '.tsx'];

describe('walkFiles', () => {
  const roots: string[] = [];
  const tree = (files: Record<string, string | Buffer>) => {
    const root = makeTree(files);
    roots.push(root);
    return root;
  };
  after(() => roots.forEach(removeTree));

  it('collects files with the given extensions, sorted, across folders', async () => {
    const root = tree({
      'b.py': '',
      'a/z.ts': '',
      'a/y.js': '',
      'a/readme.md': '',
      'c/app.tsx': '',
      'c/types.d.ts': '',
      'c/vendor.min.js': '',
      'C.PY': '',
    });
    const { files, errors } = await walkFiles([root], { extensions: EXTENSIONS });
    assert.deepStrictEqual(relative(root, files), ['C.PY', 'a/y.js', 'a/z.ts', 'b.py', 'c/app.tsx']);
    assert.deepStrictEqual(errors, []);
  });

  it('skips dependency, virtualenv, cache, build-output and type-declaration folders', async () => {
    const root = tree({
      'app.py': '',
      'node_modules/lib/index.js': '',
      '.venv/lib/x.py': '',
      'venv/lib/x.py': '',
      'env/pyvenv.cfg': 'home = /usr/bin',
      'env/lib/python3.12/site.py': '',
      '__pycache__/app.py': '',
      'dist/cli.js': '',
      'build/lib/x.py': '',
      'out/x.js': '',
      '.next/server.js': '',
      'coverage/x.js': '',
      'lib/site-packages/requests/api.py': '',
      'flow-typed/npm/express_v4.x.x.js': '',
      '.git/hooks/x.py': '',
      'pkg/deep/ok.py': '',
    });
    const { files } = await walkFiles([root], { extensions: EXTENSIONS });
    assert.deepStrictEqual(relative(root, files), ['app.py', 'pkg/deep/ok.py']);
  });

  it("scans a node_modules folder the project's .gitignore re-includes (node-red's own packages), and not the dependencies inside it or other skipped folders it re-includes", async () => {
    const root = tree({
      '.gitignore': 'node_modules\n!packages/node_modules\n!dist\n',
      'packages/node_modules/@app/api/index.js': '',
      'packages/node_modules/@app/api/node_modules/dep/index.js': '',
      'node_modules/express/index.js': '',
      'dist/bundle.js': '',
      'red.js': '',
    });
    const { files } = await walkFiles([root], { extensions: EXTENSIONS });
    assert.deepStrictEqual(relative(root, files), ['packages/node_modules/@app/api/index.js', 'red.js']);
  });

  it('scans a skipped-name folder when it is the path given', async () => {
    const root = tree({ 'build/tool.py': '', 'build/node_modules/x.js': '' });
    const { files } = await walkFiles([path.join(root, 'build')], { extensions: EXTENSIONS });
    assert.deepStrictEqual(relative(root, files), ['build/tool.py']);
  });

  it('respects .gitignore files, nested ones only below their folder, with negation', async () => {
    const root = tree({
      '.gitignore': 'generated/\n*.gen.py\nlegacy/*.py\n',
      'app.py': '',
      'schema.gen.py': '',
      'generated/models.py': '',
      'legacy/old.py': '',
      'legacy/keep.py': '',
      'legacy/.gitignore': '!keep.py\n',
      'svc/.gitignore': 'local_*.py\n',
      'svc/local_settings.py': '',
      'svc/main.py': '',
      'other/local_settings.py': '',
    });
    const { files } = await walkFiles([root], { extensions: EXTENSIONS });
    assert.deepStrictEqual(relative(root, files), ['app.py', 'legacy/keep.py', 'other/local_settings.py', 'svc/main.py']);
  });

  it('applies .gitignore files of parent folders up to the repository root', async () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'src/gen/\n', 'src/app.py': '', 'src/gen/x.py': '' });
    const { files } = await walkFiles([path.join(root, 'src')], { extensions: EXTENSIONS });
    assert.deepStrictEqual(relative(root, files), ['src/app.py']);
  });

  it('scans a folder named explicitly even when a parent .gitignore covers it', async () => {
    const root = tree({ '.git/HEAD': '', '.gitignore': 'vendor/\n', 'vendor/lib/x.py': '', 'vendor/lib/.gitignore': 'gen.py\n', 'vendor/lib/gen.py': '' });
    const { files } = await walkFiles([path.join(root, 'vendor')], { extensions: EXTENSIONS });
    assert.deepStrictEqual(relative(root, files), ['vendor/lib/x.py']);
  });

  it('applies the user ignore globs relative to the scan root or ignoreBase', async () => {
    const root = tree({ 'app.py': '', 'tests/test_app.py': '', 'pkg/migrations/0001.py': '', 'pkg/views.py': '' });
    const { files } = await walkFiles([root], { extensions: EXTENSIONS, ignore: ['tests/', '**/migrations/**'] });
    assert.deepStrictEqual(relative(root, files), ['app.py', 'pkg/views.py']);
    const based = await walkFiles([path.join(root, 'pkg')], { extensions: EXTENSIONS, ignore: ['pkg/views.py'], ignoreBase: root });
    assert.deepStrictEqual(relative(root, based.files), ['pkg/migrations/0001.py']);
  });

  it('takes a file given explicitly even when .gitignore ignores it', async () => {
    const root = tree({ '.gitignore': 'scratch.py\n', 'scratch.py': '' });
    const { files, errors } = await walkFiles([path.join(root, 'scratch.py')], { extensions: EXTENSIONS });
    assert.deepStrictEqual(relative(root, files), ['scratch.py']);
    assert.deepStrictEqual(errors, []);
  });

  it('reports missing paths and unsupported files as errors and goes on', async () => {
    const root = tree({ 'app.py': '', 'notes.txt': '' });
    const missing = path.join(root, 'nope');
    const { files, errors } = await walkFiles([missing, path.join(root, 'notes.txt'), root], { extensions: EXTENSIONS });
    assert.deepStrictEqual(relative(root, files), ['app.py']);
    assert.strictEqual(errors.length, 2);
    assert.strictEqual(errors[0].file, missing);
    assert.match(errors[0].message, /no such file or directory/);
    assert.match(errors[1].message, /unsupported file type/);
  });

  it('reports a directory it cannot read', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads every directory
    const root = tree({ 'app.py': '', 'locked/x.py': '' });
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    try {
      const { files, errors } = await walkFiles([root], { extensions: EXTENSIONS });
      assert.deepStrictEqual(relative(root, files), ['app.py']);
      assert.strictEqual(errors.length, 1);
      assert.match(errors[0].message, /cannot read directory: permission denied/);
    } finally {
      fs.chmodSync(path.join(root, 'locked'), 0o755);
    }
  });

  it('reports broken links to source files and special files given as paths', async () => {
    const root = tree({ 'app.py': '' });
    fs.symlinkSync('loop.py', path.join(root, 'loop.py'));
    fs.symlinkSync('missing-target', path.join(root, 'notes.txt'));
    const fifo = path.join(root, 'pipe');
    const made = spawnSync('mkfifo', [fifo]).status === 0;
    const { files, errors } = await walkFiles(made ? [root, fifo] : [root], { extensions: EXTENSIONS });
    assert.deepStrictEqual(relative(root, files), ['app.py']);
    assert.match(errors[0].message, /broken symbolic link: too many levels of symbolic links/);
    if (made) assert.match(errors[1].message, /not a regular file or directory/);
    assert.strictEqual(errors.length, made ? 2 : 1);
  });

  it('survives symlink loops and lists each file once', async () => {
    const root = tree({ 'pkg/app.py': '', 'pkg/sub/helper.py': '' });
    fs.symlinkSync(path.join(root, 'pkg'), path.join(root, 'pkg', 'sub', 'back'));
    fs.symlinkSync(path.join(root, 'pkg', 'sub'), path.join(root, 'pkg', 'again'));
    const { files, errors } = await walkFiles([root], { extensions: EXTENSIONS });
    assert.deepStrictEqual(relative(root, files), ['pkg/app.py', 'pkg/sub/helper.py']);
    assert.deepStrictEqual(errors, []);
  });

  it('stops when the signal is aborted', async () => {
    const root = tree({ 'a/x.py': '' });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(walkFiles([root], { extensions: EXTENSIONS, signal: controller.signal }), { name: 'AbortError' });
  });
});
