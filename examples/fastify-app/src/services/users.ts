import { promises as fsp, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const DATA_DIR = 'data/users';

export class UserStore {
  list(): string[] {
    return readdirSync(DATA_DIR).filter((f) => f.endsWith('.json')); // expect: js/sync-fs
  }

  async get(id: string): Promise<unknown> {
    return JSON.parse(await fsp.readFile(path.join(DATA_DIR, `${id}.json`), 'utf8')); // expect: js/json-large-payload
  }

  sizeOf(id: string): number {
    return statSync(path.join(DATA_DIR, `${id}.json`)).size; // expect: js/sync-fs
  }
}

export const store = new UserStore();
