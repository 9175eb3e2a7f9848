import fs from 'node:fs';
import path from 'node:path';

const CONTENT_DIR = path.join(process.cwd(), 'content');

export function readPost(slug: string): string {
  return fs.readFileSync(path.join(CONTENT_DIR, `${slug}.md`), 'utf8'); // expect: js/sync-fs
}

export async function readPostAsync(slug: string): Promise<string> {
  return fs.promises.readFile(path.join(CONTENT_DIR, `${slug}.md`), 'utf8');
}
