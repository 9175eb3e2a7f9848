import * as path from 'path';

/**
 * What a migration is: a file in a `migrations` folder (below the scan root)
 * whose name starts with a digit, as Django (`0001_initial.py`), Knex
 * (`20230101120000_create_users.js`) and Sequelize name them. The migration
 * command loads them by folder and runs them at deploy time: no request runs
 * their code, and none of them is a handler.
 */
export function isMigration(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  const parts = relative.split(path.sep);
  const name = parts.pop() ?? '';
  return /^\d/.test(name) && parts.includes('migrations');
}
