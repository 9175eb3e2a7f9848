// precision-cause: cache-guarded — an early exit on a module cache that is filled only in production
// (openstatus's search index: `if (shouldCache && cache.has(type)) return cache.get(type)`, with
// `shouldCache = process.env.NODE_ENV === 'production'`): in production the build runs on the first
// request of each key only. Open: the guard's `shouldCache &&` conjunct hides the store test.
import express from 'express';
import * as fs from 'node:fs';

const shouldCache = process.env.NODE_ENV === 'production';
const cache = new Map<string, string[]>();

function corpus(type: string): string[] {
  if (shouldCache && cache.has(type)) return cache.get(type) as string[];
  const docs = fs.readdirSync(`content/${type}`); // expect: js/sync-fs@error
  if (shouldCache) cache.set(type, docs);
  return docs;
}

const app = express();
app.get('/search', (req, res) => {
  res.json(corpus(String(req.query.type))); // expect: js/via-call@error
});
app.listen(3000);
