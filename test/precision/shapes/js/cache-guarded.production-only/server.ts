// precision-cause: cache-guarded — an early exit on a module cache that is filled only in production
// (openstatus's search index: `if (shouldCache && cache.has(type)) return cache.get(type)`, with
// `shouldCache = process.env.NODE_ENV === 'production'`): in production the build runs on the first
// request of each key only. Fixed: a conjunct true in production (a NODE_ENV comparison, or a module
// constant set to one) leaves the store test as the guard, so the build is reported at info.
import express from 'express';
import * as fs from 'node:fs';

const shouldCache = process.env.NODE_ENV === 'production';
const cache = new Map<string, string[]>();

function corpus(type: string): string[] {
  if (shouldCache && cache.has(type)) return cache.get(type) as string[];
  const docs = fs.readdirSync(`content/${type}`); // expect: js/sync-fs@info
  if (shouldCache) cache.set(type, docs);
  return docs;
}

// A cache used in development only guards nothing in production.
const isDev = process.env.NODE_ENV !== 'production';
const devCache = new Map<string, string>();

function manifest(name: string): string {
  if (isDev && devCache.has(name)) return devCache.get(name) as string;
  const text = fs.readFileSync(`manifests/${name}.json`, 'utf8'); // expect: js/sync-fs@error
  if (isDev) devCache.set(name, text);
  return text;
}

const app = express();
app.get('/search', (req, res) => {
  res.json(corpus(String(req.query.type))); // expect: js/via-call@info
});
app.get('/manifest', (req, res) => {
  res.send(manifest(String(req.query.name))); // expect: js/via-call@error
});
app.listen(3000);
