import * as assert from 'assert';
import { findingAt, lines, projectFindings } from '../helpers/engineProject';

// Shapes from real apps: Django's `if settings.DEBUG: urlpatterns += [...]`,
// Flask `if app.debug:`, Express/Koa routes added outside production, webpack
// hot reloading (`module.hot`, spectrum), an early `return` in production.

describe('development only: Python', () => {
  it('reports views registered under `if settings.DEBUG:` in urls.py at info, naming the condition', async () => {
    const { dir, findings } = await projectFindings({
      'shop/views.py': `import time


def health(request):
    time.sleep(1)


def debug_dump(request):
    time.sleep(1)
`,
      'shop/urls.py': `from django.conf import settings
from django.urls import path

from . import views

urlpatterns = [path("health", views.health)]

if settings.DEBUG:
    urlpatterns += [path("__dump__", views.debug_dump)]
`,
      'shop/__init__.py': '',
    });
    assert.deepStrictEqual(lines(findings, dir), ['shop/views.py:5 py/blocking-sleep warning', 'shop/views.py:9 py/blocking-sleep info']);
    const dev = findingAt(findings, dir, 'shop/views.py', 9, 'py/blocking-sleep');
    assert.match(dev.message, /in development only \(under `settings\.DEBUG`\)/);
    assert.strictEqual(dev.chain[0].note, 'development only: registered under settings.DEBUG');
  });

  it("a parameter named like a flag is the caller's value, not the environment (frigate: `test: bool = Query(False)` asks for a probe)", async () => {
    const { dir, findings } = await projectFindings({
      'app.py': `import subprocess
from fastapi import FastAPI, Query

app = FastAPI()
DEBUG = False


@app.get("/probe")
async def probe(test: bool = Query(False), env: str = "dev"):
    if test:
        subprocess.run(["ffprobe", "rtsp://camera"])
    if env == "development":
        subprocess.run(["ffprobe", "rtsp://other"])
    if DEBUG:
        subprocess.run(["ls"])
`,
    });
    assert.deepStrictEqual(lines(findings, dir), ['app.py:11 py/blocking-subprocess error', 'app.py:13 py/blocking-subprocess error', 'app.py:15 py/blocking-subprocess info']);
  });

  it('reports calls under a development branch inside a handler at info, and keeps the production branch', async () => {
    const { dir, findings } = await projectFindings({
      'app.py': `import os
import requests
from flask import Flask, current_app

app = Flask(__name__)


@app.route("/")
def index():
    if current_app.config["DEBUG"]:
        requests.get("http://localhost:9000/reload")
    if os.environ.get("FLASK_ENV") == "development":
        requests.get("http://localhost:9000/dev")
    if not app.config.get("PRODUCTION"):
        requests.get("http://localhost:9000/staging")
    else:
        requests.get("https://prod/audit")
    return "ok"


@app.route("/debug-only")
def debug_only():
    if not app.debug:
        return "not found", 404
    requests.get("http://localhost:9000/state")
    return "state"
`,
    });
    assert.deepStrictEqual(lines(findings, dir), [
      'app.py:11 py/blocking-http info',
      'app.py:13 py/blocking-http info',
      'app.py:15 py/blocking-http info',
      'app.py:17 py/blocking-http warning',
      'app.py:25 py/blocking-http info',
    ]);
    assert.match(findingAt(findings, dir, 'app.py', 15, 'py/blocking-http').message, /under `not app\.config\.get\("PRODUCTION"\)`/);
    assert.match(findingAt(findings, dir, 'app.py', 25, 'py/blocking-http').message, /under `app\.debug`/);
  });

  it('does not treat feature flags or debug-looking words as development', async () => {
    const { dir, findings } = await projectFindings({
      'app.py': `import requests
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    if app.config["DEBUG_TOOLBAR_ENABLED_FOR_ADMINS"]:
        requests.get("https://a")
    if app.config["ENABLE_SIGNUP"]:
        requests.get("https://b")
    return "ok"
`,
    });
    assert.deepStrictEqual(lines(findings, dir), ['app.py:10 py/blocking-http warning', 'app.py:12 py/blocking-http warning']);
  });
});

describe('development only: JavaScript', () => {
  it('request data and parameters named like flags are the caller\'s choice: `req.query.debug`, a `debug` parameter; NODE_ENV still counts', async () => {
    const { dir, findings } = await projectFindings({
      'server.js': `const express = require('express');
const fs = require('fs');
const app = express();

function render(name, debug) {
  if (debug) fs.readFileSync('/tmp/dump');
  return name;
}

app.get('/page', (req, res) => {
  if (req.query.debug) fs.readFileSync('/tmp/trace');
  if (process.env.NODE_ENV !== 'production') fs.readFileSync('/tmp/dev');
  res.send(render('x', req.query.verbose));
});
`,
    });
    assert.deepStrictEqual(lines(findings, dir), ['server.js:6 js/sync-fs error', 'server.js:11 js/sync-fs error', 'server.js:12 js/sync-fs info', 'server.js:13 js/via-call error']);
  });

  it('reports routes registered outside production at info (Express, Koa app.env)', async () => {
    const { dir, findings } = await projectFindings({
      'server.js': `const express = require('express');
const fs = require('fs');
const app = express();

app.get('/page', (req, res) => res.send(fs.readFileSync('page.html')));

if (process.env.NODE_ENV !== 'production') {
  app.get('/__dump', (req, res) => res.send(fs.readFileSync('dump.json')));
}

if (process.env.NODE_ENV === 'production') {
  app.get('/metrics', (req, res) => res.send(fs.readFileSync('metrics.txt')));
} else {
  app.get('/mock', (req, res) => res.send(fs.readFileSync('mock.json')));
}
`,
      'koa.ts': `import Koa from "koa";
import fs from "fs";

const app = new Koa();
if (app.env === "development") {
  app.use(async (ctx) => {
    ctx.body = fs.readFileSync("dev.html");
  });
}
`,
    });
    assert.deepStrictEqual(lines(findings, dir), [
      'koa.ts:7 js/sync-fs info',
      'server.js:5 js/sync-fs error',
      'server.js:8 js/sync-fs info',
      'server.js:12 js/sync-fs error',
      'server.js:14 js/sync-fs info',
    ]);
    assert.match(findingAt(findings, dir, 'server.js', 8, 'js/sync-fs').message, /in development only \(under `process\.env\.NODE_ENV !== 'production'`\)/);
    assert.match(findingAt(findings, dir, 'server.js', 14, 'js/sync-fs').message, /under `!\(process\.env\.NODE_ENV === 'production'\)`/);
  });

  it('reports calls under isDev, module.hot, `isDev && ...` and after a production early return at info', async () => {
    const { dir, findings } = await projectFindings({
      'server.ts': `import express from "express";
import fs from "fs";
import { env } from "./env";

const app = express();

app.get("/", (req, res, next) => {
  if (env.isDevelopment) fs.writeFileSync("last-request.txt", req.url);
  env.isDevelopment && fs.appendFileSync("trace.log", req.url);
  if (module.hot) {
    module.hot.accept("./reducers", () => fs.readFileSync("reducers.js"));
  }
  res.send("ok");
});

app.get("/inspect", (req, res) => {
  if (process.env.NODE_ENV === "production") {
    return res.sendStatus(404);
  }
  res.send(fs.readFileSync("state.json"));
});
`,
      'env.ts': 'export const env = { isDevelopment: process.env.NODE_ENV !== "production" };\n',
    });
    assert.deepStrictEqual(lines(findings, dir), [
      'server.ts:8 js/sync-fs info',
      'server.ts:9 js/sync-fs info',
      'server.ts:11 js/sync-fs info',
      'server.ts:20 js/sync-fs info',
    ]);
  });
});
