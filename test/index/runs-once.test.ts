import * as assert from 'assert';
import { findingAt, lines, projectFindings } from '../helpers/engineProject';

// Shapes taken from real apps: mealie (lru_cache settings, a global logger
// filled on first use), outline (a static `loaded` flag with an early return),
// Django template caches, promise caches in Node services.

describe('runs once: Python', () => {
  it('reports a blocking call behind @lru_cache at info, naming the cache, and keeps per-request calls at error', async () => {
    const { dir, findings } = await projectFindings({
      'app/__init__.py': '',
      'app/config.py': `from functools import lru_cache

from .settings import AppSettings


@lru_cache
def get_app_settings() -> AppSettings:
    with open("/run/secrets/app") as f:
        return AppSettings(f.read())
`,
      'app/settings.py': 'class AppSettings:\n    def __init__(self, raw):\n        self.raw = raw\n',
      'app/main.py': `from fastapi import FastAPI

from .config import get_app_settings

app = FastAPI()


@app.get("/about")
async def about():
    settings = get_app_settings()
    with open("motd.txt") as f:
        return {"motd": f.read(), "name": settings.raw}
`,
    });
    assert.deepStrictEqual(lines(findings, dir), [
      'app/config.py:8 py/blocking-file-io info',
      'app/config.py:9 py/blocking-file-io info',
      'app/main.py:10 py/via-call info',
      'app/main.py:11 py/blocking-file-io error',
      'app/main.py:12 py/blocking-file-io error',
    ]);
    const leaf = findingAt(findings, dir, 'app/config.py', 8, 'py/blocking-file-io');
    assert.match(leaf.message, /first request only \(`get_app_settings` is cached by functools\.lru_cache\), where it blocks the event loop/);
    assert.deepStrictEqual(
      leaf.chain.map((h) => [h.name, h.note]),
      [['about', undefined], ['get_app_settings', 'cached by functools.lru_cache'], ['builtins.open', undefined]],
    );
  });

  it('resolves the decorator through its import: an alias counts, a project function named cache does not', async () => {
    const { dir, findings } = await projectFindings({
      'svc.py': `import functools
import time
from functools import cache as memo
from fastapi import FastAPI

app = FastAPI()


def cache(fn):
    return fn


@memo
def warm():
    time.sleep(1)


@functools.lru_cache(maxsize=1)
def warm_again():
    time.sleep(1)


@cache
def not_cached():
    time.sleep(1)


@app.get("/")
async def index():
    warm()
    warm_again()
    not_cached()
`,
    });
    assert.deepStrictEqual(lines(findings, dir), [
      'svc.py:15 py/blocking-sleep info',
      'svc.py:20 py/blocking-sleep info',
      'svc.py:25 py/blocking-sleep error',
      'svc.py:30 py/via-call info',
      'svc.py:31 py/via-call info',
      'svc.py:32 py/via-call error',
    ]);
  });

  it('treats a module global filled under `if _x is None:` as lazy initialisation (mealie get_logger)', async () => {
    const { dir, findings } = await projectFindings({
      'log.py': `import json
import logging

__root_logger = None


def get_logger():
    global __root_logger
    if __root_logger is None:
        with open("logconf.json") as f:
            logging.config.dictConfig(json.load(f))
        __root_logger = logging.getLogger()
    return __root_logger
`,
      'views.py': `from flask import Flask

from log import get_logger

app = Flask(__name__)


@app.route("/")
def index():
    get_logger().info("hit")
    return "ok"
`,
    });
    assert.deepStrictEqual(lines(findings, dir), [
      'log.py:10 py/blocking-file-io info',
      'log.py:11 py/blocking-file-io info',
      'views.py:10 py/via-call info',
    ]);
    const leaf = findingAt(findings, dir, 'log.py', 10, 'py/blocking-file-io');
    assert.match(leaf.message, /first request only \(behind `if __root_logger is None`\)/);
    assert.strictEqual(leaf.chain[leaf.chain.length - 1].note, 'first call only: if __root_logger is None');
  });

  it('reads a guard of several conditions by the one that tests the store it fills (`if THEME and _styles is None:`), and not by one it leaves empty', async () => {
    const { dir, findings } = await projectFindings({
      'views.py': `import os

from fastapi import FastAPI

app = FastAPI()
THEME = os.environ.get("THEME")
_styles = None
_fonts = None


def styles():
    global _styles
    if THEME and _styles is None:
        with open(THEME) as f:
            _styles = f.read()
    return _styles


def fonts(force):
    if force and _fonts is None:
        with open("fonts.css") as f:
            return f.read()
    return _fonts


@app.get("/")
async def index(force: str = ""):
    return styles() + fonts(force)
`,
    });
    assert.deepStrictEqual(lines(findings.filter((f) => f.rule !== 'py/via-call'), dir), [
      'views.py:14 py/blocking-file-io info',
      'views.py:15 py/blocking-file-io info',
      'views.py:21 py/blocking-file-io error',
      'views.py:22 py/blocking-file-io error',
    ]);
    assert.match(findingAt(findings, dir, 'views.py', 14, 'py/blocking-file-io').message, /first request only \(behind `if THEME and _styles is None`\)/);
  });

  it('recognises a template dict filled on first use, a cache read into a local, a loaded flag and an early return', async () => {
    const { dir, findings } = await projectFindings({
      'app.py': `import requests
from aiohttp import web

_templates = {}
_loaded = False
routes = web.RouteTableDef()


def template(name):
    if name not in _templates:
        _templates[name] = open(name).read()
    return _templates[name]


def cached(name):
    hit = _templates.get(name)
    if hit is None:
        hit = open(name).read()
        _templates[name] = hit
    return hit


def warm():
    global _loaded
    if not _loaded:
        requests.get("https://cdn/warm")
        _loaded = True


class Registry:
    _plugins = None

    @classmethod
    def plugins(cls):
        if cls._plugins is not None:
            return cls._plugins
        cls._plugins = requests.get("https://registry/plugins").json()
        return cls._plugins


@routes.get("/")
async def index(request):
    template("a.html")
    cached("b.html")
    warm()
    Registry.plugins()
    return web.Response(text="ok")
`,
    });
    const leaves = findings.filter((f) => f.rule !== 'py/via-call');
    assert.deepStrictEqual(lines(leaves, dir), [
      'app.py:11 py/blocking-file-io info',
      'app.py:18 py/blocking-file-io info',
      'app.py:26 py/blocking-http info',
      'app.py:37 py/blocking-http info',
    ]);
    assert.match(findingAt(findings, dir, 'app.py', 37, 'py/blocking-http').message, /behind `if cls\._plugins is not None: return`/);
  });

  it('recognises the `else` that fills a store (`if key in _store: ... else: _store[key] = load()`), and not an `else` that leaves it empty', async () => {
    const { dir, findings } = await projectFindings({
      'app.py': `from aiohttp import web

_translations = {}
routes = web.RouteTableDef()


def translation(locale):
    if locale in _translations:
        hit = _translations[locale]
    else:
        _translations[locale] = open(locale + ".json").read()
        hit = _translations[locale]
    return hit


def uncached(locale):
    if locale in _translations:
        return _translations[locale]
    else:
        return open(locale + ".json").read()


@routes.get("/")
async def index(request):
    translation("en")
    uncached("fr")
    return web.Response(text="ok")
`,
    });
    const leaves = findings.filter((f) => f.rule !== 'py/via-call');
    assert.deepStrictEqual(lines(leaves, dir), ['app.py:11 py/blocking-file-io info', 'app.py:20 py/blocking-file-io error']);
    assert.match(findingAt(findings, dir, 'app.py', 11, 'py/blocking-file-io').message, /else of if locale in _translations/);
  });

  it('recognises the `except KeyError` that fills the store its `try` read (jupyter_server cached_load), through a local bound to an item too, and not one that leaves it empty', async () => {
    const { dir, findings } = await projectFindings({
      'app.py': `import json
from collections import defaultdict

from aiohttp import web

_templates = {}
_translations = defaultdict(dict)
routes = web.RouteTableDef()


def template(name):
    try:
        return _templates[name]
    except KeyError:
        _templates[name] = open(name).read()
        return _templates[name]


def translation(language, domain="nbjs"):
    domain_cache = _translations[domain]
    try:
        return domain_cache[language]
    except (KeyError, IndexError):
        with open(language + ".json") as f:
            data = json.load(f)
        domain_cache[language] = data
        return data


def uncached(name):
    try:
        return _templates[name]
    except KeyError:
        return open(name).read()


def other_error(name):
    try:
        return _templates[name]
    except ValueError:
        _templates[name] = open(name).read()
        return _templates[name]


@routes.get("/")
async def index(request):
    template("a.html")
    translation("fr")
    uncached("b.html")
    other_error("c.html")
    return web.Response(text="ok")
`,
    });
    const leaves = findings.filter((f) => f.rule !== 'py/via-call');
    assert.deepStrictEqual(lines(leaves, dir), [
      'app.py:15 py/blocking-file-io info',
      'app.py:24 py/blocking-file-io info',
      'app.py:25 py/blocking-file-io info',
      'app.py:34 py/blocking-file-io error',
      'app.py:41 py/blocking-file-io error',
    ]);
    assert.match(findingAt(findings, dir, 'app.py', 24, 'py/blocking-file-io').message, /except KeyError of domain_cache\[language\]/);
  });

  it('counts a guard filled by a function of the same module it calls (Medusa: if not network_dict: load_network_dict())', async () => {
    const { dir, findings } = await projectFindings({
      'timezones.py': `import requests

network_dict = None
zones = {}


def load_network_dict():
    global network_dict
    network_dict = requests.get("https://example.com/zones").json()


def load_zones():
    zones.update(requests.get("https://example.com/zones").json())


def refresh(data):
    data = requests.get("https://example.com/zones").json()


def parse(network):
    if not network_dict:
        load_network_dict()
    if not zones:
        load_zones()
    if not network:
        refresh(network)
    return network_dict.get(network)
`,
      'app.py': `import tornado.web

from timezones import parse


class CalendarHandler(tornado.web.RequestHandler):
    def get(self):
        self.write(parse(self.get_argument("network")))


app = tornado.web.Application([(r"/calendar", CalendarHandler)])
`,
    });
    // load_network_dict sets the global, load_zones fills the dict: first request only; refresh fills nothing shared.
    assert.deepStrictEqual(lines(findings.filter((f) => f.rule !== 'py/via-call'), dir), [
      'timezones.py:9 py/blocking-http info',
      'timezones.py:13 py/blocking-http info',
      'timezones.py:17 py/blocking-http error',
    ]);
  });

  it('keeps per-request state per request: self._x, a local, a cache that is never filled, a request-time TTL cache check', async () => {
    const { dir, findings } = await projectFindings({
      'app.py': `import requests
from django.core.cache import cache
from fastapi import FastAPI

app = FastAPI()
_seen = {}


class Client:
    def __init__(self):
        self._token = None

    def token(self):
        if self._token is None:
            self._token = requests.post("https://auth/token").json()
        return self._token


def local_only():
    data = None
    if data is None:
        data = requests.get("https://x").json()
    return data


def never_filled(key):
    if key not in _seen:
        requests.get("https://x/" + key)
    return key


def catalog():
    failed = cache.get("catalog-error", default=False)
    if not failed:
        return requests.get("https://catalog").json()


@app.get("/")
async def index():
    Client().token()
    local_only()
    never_filled("k")
    catalog()
`,
    });
    const leaves = findings.filter((f) => f.rule !== 'py/via-call');
    assert.deepStrictEqual(lines(leaves, dir), [
      'app.py:15 py/blocking-http error',
      'app.py:22 py/blocking-http error',
      'app.py:28 py/blocking-http error',
      'app.py:35 py/blocking-http error',
    ]);
  });

  it('prefers the path that runs per request when a call is reached both through a cache and directly', async () => {
    const { dir, findings } = await projectFindings({
      'app.py': `import functools
import time
from fastapi import FastAPI

app = FastAPI()


def slow():
    time.sleep(1)


@functools.cache
def cached_slow():
    slow()


@app.get("/")
async def index():
    cached_slow()
    slow()
`,
    });
    assert.deepStrictEqual(lines(findings, dir), ['app.py:9 py/blocking-sleep error', 'app.py:19 py/via-call info', 'app.py:20 py/via-call error']);
    const leaf = findingAt(findings, dir, 'app.py', 9, 'py/blocking-sleep');
    assert.deepStrictEqual(leaf.chain.map((h) => h.name), ['index', 'slow', 'time.sleep']);
    assert.doesNotMatch(leaf.message, /first request/);
  });
});

describe('runs once: JavaScript', () => {
  it('reports calls inside once()/memoize() wrappers resolved through their imports at info', async () => {
    const { dir, findings } = await projectFindings({
      'server.js': `const express = require('express');
const fs = require('fs');
const once = require('lodash/once');
const { memoize } = require('lodash');
const pMemoize = require('p-memoize');

const app = express();
const loadTheme = once(() => fs.readFileSync('theme.css', 'utf8'));
const loadFont = memoize((name) => fs.readFileSync(name));
const loadManifest = pMemoize(async () => JSON.parse(fs.readFileSync('manifest.json', 'utf8')));
const notMemoized = wrap(() => fs.readFileSync('x'));
function wrap(fn) { return fn; }

app.get('/', async (req, res) => {
  loadTheme();
  loadFont('inter');
  await loadManifest();
  notMemoized();
  res.send('ok');
});
`,
    });
    const leaves = findings.filter((f) => f.rule !== 'js/via-call');
    assert.deepStrictEqual(lines(leaves, dir), [
      'server.js:8 js/sync-fs info',
      'server.js:9 js/sync-fs info',
      'server.js:10 js/json-large-payload info',
      'server.js:10 js/sync-fs info',
      'server.js:11 js/sync-fs error',
    ]);
    assert.match(findingAt(findings, dir, 'server.js', 8, 'js/sync-fs').message, /first request only \(`loadTheme` is cached by lodash\/once\)/);
  });

  it('recognises module-level promise caches, ??=, a Map filled on first use and a static loaded flag (outline PluginManager)', async () => {
    const { dir, findings } = await projectFindings({
      'src/plugins.ts': `import fs from "fs";
import glob from "glob";

export class PluginManager {
  private static loaded = false;

  public static getHooks() {
    this.loadPlugins();
    return [];
  }

  public static loadPlugins() {
    if (this.loaded) {
      return;
    }
    fs.readdirSync("plugins");
    this.loaded = true;
  }
}
`,
      'src/config.ts': `import fs from "fs";

let configPromise: Promise<string> | undefined;
let templates: string[] | undefined;
const cache = new Map<string, Buffer>();

export function getConfig() {
  if (!configPromise) configPromise = Promise.resolve(fs.readFileSync("config.json", "utf8"));
  return configPromise;
}

export function getTemplates() {
  templates ??= fs.readdirSync("views");
  return templates;
}

export function asset(key: string) {
  if (cache.has(key)) return cache.get(key);
  const value = fs.readFileSync(key);
  cache.set(key, value);
  return value;
}

export function perRequest(key: string) {
  let local: Buffer | undefined;
  if (!local) local = fs.readFileSync(key);
  return local;
}
`,
      'src/server.ts': `import Koa from "koa";
import Router from "@koa/router";
import { PluginManager } from "./plugins";
import { asset, getConfig, getTemplates, perRequest } from "./config";

const app = new Koa();
const router = new Router();

router.get("/", async (ctx) => {
  PluginManager.getHooks();
  await getConfig();
  getTemplates();
  asset("logo.png");
  ctx.body = perRequest("page.html");
});

app.use(router.routes());
`,
    });
    const leaves = findings.filter((f) => f.rule !== 'js/via-call');
    assert.deepStrictEqual(lines(leaves, dir), [
      'src/config.ts:8 js/sync-fs info',
      'src/config.ts:13 js/sync-fs info',
      'src/config.ts:19 js/sync-fs info',
      'src/config.ts:26 js/sync-fs error',
      'src/plugins.ts:16 js/sync-fs info',
    ]);
    const plugin = findingAt(findings, dir, 'src/plugins.ts', 16, 'js/sync-fs');
    assert.match(plugin.message, /behind `if \(this\.loaded\) return`/);
    assert.deepStrictEqual(plugin.chain.map((h) => h.name), ['koa GET /', 'PluginManager.getHooks', 'PluginManager.loadPlugins', 'fs.readdirSync']);
    const via = findingAt(findings, dir, 'src/server.ts', 14, 'js/via-call');
    assert.strictEqual(via.severity, 'error');
    assert.match(via.message, /reaches `fs\.readFileSync` \(config\.ts:26\)/);
  });

  it('counts a flag set by a module function the guard calls (hackathon-starter: if (!ragFolderReady) prepareRagFolder()), not one whose function shadows the flag', async () => {
    const { dir, findings } = await projectFindings({
      'app.js': `const express = require('express');
const fs = require('fs');

let ragFolderReady = false;
let cacheReady = false;

function prepareRagFolder() {
  if (!fs.existsSync('rag')) fs.mkdirSync('rag');
  ragFolderReady = true;
}

const prepareCache = () => {
  let cacheReady = false;
  fs.mkdirSync('cache', { recursive: true });
  cacheReady = true;
};

const app = express();
app.get('/rag', (req, res) => {
  if (!ragFolderReady) prepareRagFolder();
  res.send('ok');
});
app.get('/cache', (req, res) => {
  if (!cacheReady) prepareCache();
  res.send('ok');
});
`,
    });
    assert.deepStrictEqual(lines(findings.filter((f) => f.rule !== 'js/via-call'), dir), [
      'app.js:8 js/sync-fs info',
      'app.js:8 js/sync-fs info',
      'app.js:14 js/sync-fs error',
    ]);
  });

  it('keeps an instance field guard (`this.x` outside a static method) per request', async () => {
    const { dir, findings } = await projectFindings({
      'app.js': `const express = require('express');
const fs = require('fs');

class Renderer {
  page() {
    if (!this.template) this.template = fs.readFileSync('page.html', 'utf8');
    return this.template;
  }
}

const app = express();
app.get('/', (req, res) => res.send(new Renderer().page()));
`,
    });
    assert.deepStrictEqual(lines(findings.filter((f) => f.rule !== 'js/via-call'), dir), ['app.js:6 js/sync-fs error']);
  });

  it('reads a guard of several conditions by the one that tests the flag it sets (node-red: if (activeTheme && !activeThemeInitialised)), and not by one it leaves as it is', async () => {
    const { dir, findings } = await projectFindings({
      'app.js': `const express = require('express');
const fs = require('fs');

let activeTheme = process.env.THEME;
let activeThemeInitialised = false;
let styles = null;

async function loadTheme() {
  if (activeTheme && !activeThemeInitialised) {
    fs.statSync(activeTheme);
    activeThemeInitialised = true;
  }
}

function loadStyles(force) {
  if (force && !activeThemeInitialised) {
    styles = fs.readFileSync('styles.css', 'utf8');
  }
  return styles;
}

const app = express();
app.get('/theme', async (req, res) => {
  await loadTheme();
  res.send(loadStyles(req.query.force));
});
`,
    });
    assert.deepStrictEqual(lines(findings.filter((f) => f.rule !== 'js/via-call'), dir), ['app.js:10 js/sync-fs info', 'app.js:17 js/sync-fs error']);
    assert.match(findingAt(findings, dir, 'app.js', 10, 'js/sync-fs').message, /first request only \(behind `if \(activeTheme && !activeThemeInitialised\)`\)/);
  });
});

describe('runs once: warmed at startup', () => {
  it('drops a cached or guarded call whose first call module code makes (Python: a settings loader called at import)', async () => {
    const files = {
      'app/__init__.py': '',
      'app/config.py': `from functools import lru_cache


@lru_cache
def get_settings() -> str:
    with open("/run/secrets/app") as f:
        return f.read()


_client = None


def get_client():
    global _client
    if _client is None:
        with open("/run/secrets/client") as f:
            _client = f.read()
    return _client
`,
      'app/db.py': `from .config import get_settings


def init_db():
    return get_settings()


engine = init_db()
`,
      'app/main.py': `from fastapi import FastAPI

from .config import get_client, get_settings
from . import db

app = FastAPI()


@app.get("/about")
async def about():
    return {"name": get_settings(), "client": get_client()}
`,
    };
    const { dir, findings } = await projectFindings(files);
    // get_settings() ran at import (through init_db); get_client() first runs on a request.
    assert.deepStrictEqual(lines(findings, dir), [
      'app/config.py:16 py/blocking-file-io info',
      'app/config.py:17 py/blocking-file-io info',
      'app/main.py:11 py/via-call info',
    ]);
    assert.match(findingAt(findings, dir, 'app/main.py', 11, 'py/via-call').message, /get_client/);
  });

  it('does not count a handler, a test module or a function nobody calls at startup as warming', async () => {
    const { dir, findings } = await projectFindings({
      'app.py': `from functools import lru_cache

from flask import Flask

app = Flask(__name__)


@lru_cache
def load_catalog():
    with open("catalog.json") as f:
        return f.read()


@app.route("/warm")
def warm():
    return load_catalog()


@app.route("/catalog")
def catalog():
    return load_catalog()
`,
      'tests/test_app.py': `from app import load_catalog

CATALOG = load_catalog()
`,
    });
    assert.deepStrictEqual(
      lines(findings, dir).filter((l) => l.startsWith('app.py')),
      ['app.py:10 py/blocking-file-io info', 'app.py:11 py/blocking-file-io info', 'app.py:16 py/via-call info', 'app.py:21 py/via-call info'],
    );
  });

  it('follows startup through callbacks and a dynamic import (outline: throng → import("./main").then(({ start }) => start()))', async () => {
    const files = {
      'server/index.js': `const throng = require("throng");

void throng({ worker: (id) => import("./main").then(({ start }) => start(id)) });
`,
      'server/main.js': `const express = require("express");
const { PluginManager } = require("./plugins");

exports.start = function start() {
  PluginManager.loadPlugins();
  const app = express();
  app.get("/providers", (req, res) => res.json(PluginManager.getHooks()));
  app.listen(3000);
};
`,
      'server/plugins.js': `const fs = require("fs");

class PluginManager {
  static loadPlugins() {
    if (this.loaded) return;
    this.names = fs.readdirSync("plugins");
    this.loaded = true;
  }

  static getHooks() {
    this.loadPlugins();
    return this.names;
  }
}

exports.PluginManager = PluginManager;
`,
    };
    const warmed = await projectFindings(files);
    assert.deepStrictEqual(lines(warmed.findings, warmed.dir), []);
    // Without the startup call, the first request loads the plugins.
    const cold = await projectFindings({ ...files, 'server/index.js': 'require("throng");\n' });
    assert.deepStrictEqual(lines(cold.findings, cold.dir), ['server/main.js:7 js/via-call info', 'server/plugins.js:6 js/sync-fs info']);
  });
});
