// precision-cause: cache-guarded — a template read from the cache, else built from the file and stored after
// (Etherpad's eejs: `const template = cache && templateCache.get(path) || ejs.compile(fs.readFileSync(path))`,
// then `if (cache) templateCache.set(path, template)`): the build runs on the first request of each template.
// Fixed: the right side of `read || build` is guarded when the block stores into what the left side read.
const express = require('express');
const fs = require('fs');

const templateCache = new Map();
const useCache = process.env.MAX_AGE !== '0';

function render(name) {
  const template = (useCache && templateCache.get(name)) || compile(fs.readFileSync(`templates/${name}.ejs`, 'utf8')); // expect: js/sync-fs@info
  if (useCache) templateCache.set(name, template);
  return template();
}

// Nothing stores what this one builds: every request reads the file.
const unrelated = new Map();
function renderUncached(name) {
  const template = unrelated.get(name) || compile(fs.readFileSync(`templates/${name}.ejs`, 'utf8')); // expect: js/sync-fs@error
  return template();
}

function compile(text) {
  return () => text;
}

const app = express();
app.get('/page/:name', (req, res) => {
  res.send(render(req.params.name)); // expect: js/via-call@info
});
app.get('/raw/:name', (req, res) => {
  res.send(renderUncached(req.params.name)); // expect: js/via-call@error
});
app.listen(3000);
