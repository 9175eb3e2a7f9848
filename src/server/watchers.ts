/** The files whose changes on disk the server wants to hear about (workspace/didChangeWatchedFiles). */
import * as path from 'path';

/** Source files: a helper changed on disk changes its callers' findings. */
const SOURCE_GLOB = '**/*.{py,js,jsx,mjs,cjs,ts,tsx,mts,cts}';
/** Files deployment facts come from (see src/core/deployment). */
const DEPLOYMENT_GLOB = '**/{Procfile,Dockerfile,*.toml,*.ini,*.cfg,requirements*.txt,*.yml,*.yaml,*.json,.env,.env.*,*.env}';

export const WATCHED_GLOBS = [SOURCE_GLOB, DEPLOYMENT_GLOB];

/** `.unblock.json` and the project rules file change what the engine is, not only what it reads: rebuild it. */
export function changesConfiguration(file: string, rulesFiles: readonly string[]): boolean {
  return path.basename(file) === '.unblock.json' || rulesFiles.includes(file);
}
