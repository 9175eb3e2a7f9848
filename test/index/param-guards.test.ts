import * as assert from 'assert';
import { lines, projectFindings } from '../helpers/engineProject';

// A branch a parameter decides, and calls passing constants that never take it:
// SickChill's manage_torrents_url(reset=False), umami's parseRequest(..., { skipAuth: true }).

describe('branches decided by constant arguments', () => {
  it('Python: a default, a keyword and an early return decide the branch per call', async () => {
    const { dir, findings } = await projectFindings({
      'helpers.py': `import socket

import requests

CLIENT_WEB_URLS = {}


def get_lan_ip():
    return socket.gethostbyname_ex(socket.gethostname())[2][0]


def manage_torrents_url(reset=False):
    if not reset:
        return CLIENT_WEB_URLS.get("torrent", "")
    url = "http://" + get_lan_ip()
    requests.head(url)
    return url


def fetch(url, options=None, verify=True):
    if options and options.get("cached"):
        return None
    if verify:
        requests.head(url)
    return requests.get(url)
`,
      'app.py': `import tornado.web

import helpers


class LoginHandler(tornado.web.RequestHandler):
    def get(self):
        self.write(helpers.manage_torrents_url())


class ConfigHandler(tornado.web.RequestHandler):
    def post(self):
        self.write(helpers.manage_torrents_url(reset=True))


class FeedHandler(tornado.web.RequestHandler):
    def get(self):
        self.write(helpers.fetch("https://example.com", verify=False).text)


app = tornado.web.Application([(r"/login", LoginHandler), (r"/config", ConfigHandler), (r"/feed", FeedHandler)])
`,
    });
    // Login passes no reset (default False): nothing; Config passes reset=True; Feed skips only the verify probe.
    assert.deepStrictEqual(lines(findings, dir), [
      'app.py:13 py/via-call error',
      'app.py:18 py/via-call error',
      'helpers.py:9 py/blocking-socket error',
      'helpers.py:16 py/blocking-http error',
      'helpers.py:25 py/blocking-http error',
    ]);
  });

  it('JavaScript: an options object literal, an optional parameter and an early return decide the branch per call', async () => {
    const { dir, findings } = await projectFindings({
      'lib/request.js': `const crypto = require('crypto');

function checkAuth(request) {
  return crypto.pbkdf2Sync(request.headers.authorization, 'salt', 100000, 32, 'sha512');
}

async function parseRequest(request, schema, options) {
  const body = await request.json();
  let auth = null;
  if (!options?.skipAuth && body) {
    auth = checkAuth(request);
  }
  return { body, auth };
}

function token(size) {
  if (!size) return '';
  return crypto.pbkdf2Sync('x', 'salt', 100000, size, 'sha512').toString('hex');
}

module.exports = { parseRequest, token };
`,
      'server.js': `const express = require('express');
const { parseRequest, token } = require('./lib/request');

const app = express();

app.post('/send', async (req, res) => {
  const { body } = await parseRequest(req, null, { skipAuth: true });
  res.json({ body, token: token(0) });
});

app.get('/me', async (req, res) => {
  const { auth } = await parseRequest(req);
  res.json({ auth, token: token(32) });
});

app.listen(3000);
`,
    });
    // /send skips auth and asks for no token; /me takes both branches.
    assert.deepStrictEqual(lines(findings, dir), [
      'lib/request.js:4 js/sync-crypto error',
      'lib/request.js:18 js/sync-crypto error',
      'server.js:12 js/via-call error',
      'server.js:13 js/via-call error',
    ]);
  });
});
