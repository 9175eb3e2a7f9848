import * as path from 'path';

/**
 * What a migration is: a file below a `migrations` folder (below the scan
 * root), as Django (`0001_initial.py`), Alembic and Flask-Migrate
 * (`migrations/env.py`, `migrations/versions/`), Knex and Sequelize keep
 * them. The migration command loads them by folder and runs them at deploy
 * time: no request runs their code, and none of them is a handler. A
 * migration names the migrations it depends on (`dependencies = [("cart",
 * "0001_initial")]`) without importing them.
 */
export function isMigration(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  const parts = relative.split(path.sep);
  parts.pop();
  return parts.includes('migrations');
}
