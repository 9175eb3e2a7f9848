'use server';

import { appendFileSync } from 'node:fs';

export async function recordVisit(page: string) {
  appendFileSync('visits.log', `${page}\n`); // expect: js/sync-fs
}
