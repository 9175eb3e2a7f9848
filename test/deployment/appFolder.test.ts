import * as assert from 'assert';
import * as path from 'path';
import { appFolderOf, type AppSearches } from '../../src/core/deployment/discover';
import { makeTree, removeTree } from '../files/tree';

describe('the app a folder belongs to', () => {
  let root: string;
  afterEach(() => removeTree(root));

  // repo/.git, repo/app/requirements.txt, then folders 1/2/…/12 below app/: the search goes up 8 levels at most.
  function deepTree(): { app: string; folder: (depth: number) => string } {
    const deep = Array.from({ length: 12 }, (_, i) => String(i + 1)).join('/');
    root = makeTree({ 'repo/.git/HEAD': 'ref: main\n', 'repo/app/requirements.txt': 'flask\n', [`repo/app/${deep}/views.py`]: 'x = 1\n' });
    const app = path.join(root, 'repo', 'app');
    return { app, folder: (depth) => path.join(app, ...Array.from({ length: depth }, (_, i) => String(i + 1))) };
  }

  it('finds the nearest app above, up to 8 levels, and nothing past a repository top', () => {
    const { app, folder } = deepTree();
    assert.strictEqual(appFolderOf(folder(0)), app);
    assert.strictEqual(appFolderOf(folder(8)), app);
    assert.strictEqual(appFolderOf(folder(9)), undefined, 'out of levels');
    assert.strictEqual(appFolderOf(path.join(root, 'repo')), undefined, 'the repository top is no app, and the search stops there');
  });

  it('gives the same answers when the searches of many folders share what they found, in any order', () => {
    const { folder } = deepTree();
    const depths = Array.from({ length: 13 }, (_, i) => i);
    const alone = depths.map((d) => appFolderOf(folder(d)));
    for (const order of [depths, [...depths].reverse(), [6, 12, 0, 9, 3, 11, 8, 1, 10, 2, 7, 5, 4]]) {
      const searches: AppSearches = new Map();
      const shared = new Map(order.map((d) => [d, appFolderOf(folder(d), searches)]));
      assert.deepStrictEqual(depths.map((d) => shared.get(d)), alone, `order ${order.join(',')}`);
    }
  });
});
