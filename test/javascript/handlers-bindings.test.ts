import * as assert from 'assert';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import type { FileModel } from '../../src/core/model';
import { analyze, externalNames, fn, tempProject } from './helpers';

function summary(model: FileModel): string[] {
  return model.handlers
    .map((h) => ({ line: h.location.line, column: h.location.column, text: `${h.framework} ${(h.methods ?? []).join('|')} ${h.route} -> ${h.ref.module ?? ''}#${h.ref.name}`.replace(/ +/g, ' ') }))
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map((h) => h.text);
}

/** Scans a project on disk; handlers as `framework route file:name`, findings as `rule file:line`. */
async function scanProject(files: Record<string, string>): Promise<{ handlers: string[]; findings: string[] }> {
  const root = tempProject(files);
  const result = await scan([root], { fixes: false });
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  return {
    handlers: result.handlers.map((h) => `${h.framework} ${h.route} ${rel(h.file)}:${h.name}`).sort(),
    findings: result.findings.map((f) => `${f.rule} ${rel(f.file)}:${f.range.line}`).sort(),
  };
}

describe('javascript: handlers found by what their objects are bound to', () => {
  it('a router assigned to module.exports in the same statement (`const r = module.exports = Router()`)', () => {
    const model = analyze(`
const Router = require('express').Router;
const twitterAuth = module.exports = Router();
twitterAuth.get('/auth/twitter', function (req, res) { res.end(); });
twitterAuth.use(require('../../middleware/tooBusy'));
`, 'lib/auth/twitter/index.js');
    assert.deepStrictEqual(summary(model), ['express GET /auth/twitter -> #<handler>', 'express middleware -> ../../middleware/tooBusy#default']);
  });

  it('parameters typed or defaulted as framework objects (`app: Koa`, `router: Router`, `app = new Koa()`)', () => {
    const model = analyze(`
import Koa from 'koa';
import Router from 'koa-router';
import type { Express } from 'express';
export default function init(web: Koa = new Koa()) {
  web.use(async (ctx, next) => next());
}
export function mount(r: Router) {
  r.post('stars.create', async (ctx) => {});
}
export function legacy(server: Express) {
  server.get('/health', (req, res) => res.end());
}
export function plain(cache: Map<string, number>) {
  cache.get('/x', () => 1);
}
`, 'server/services/web.ts');
    assert.deepStrictEqual(summary(model), [
      'koa middleware -> #<handler>',
      'koa POST stars.create -> #<handler:2>',
      'express GET /health -> #<handler:3>',
    ]);
  });

  it('handlers imported through a bare specifier keep it, for the index to resolve (tsconfig paths)', async () => {
    const found = await scanProject({
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@server/*": ["server/*"] } } }',
      'server/routes/auth.ts': `
import Router from 'koa-router';
import { startOAuthFlow } from '@server/utils/passport';
import passport from 'koa-passport';
const router = new Router();
router.get('slack', startOAuthFlow, passport.authenticate('slack'));
export default router;
`,
      'server/utils/passport.ts': `
import fs from 'fs';
export async function startOAuthFlow(ctx, next) { fs.readFileSync('/etc/state'); await next(); }
`,
    });
    assert.deepStrictEqual(found.handlers, ['koa slack server/utils/passport.ts:startOAuthFlow']);
    assert.deepStrictEqual(found.findings, ['js/sync-fs server/utils/passport.ts:3']);
  });

  it("middleware made by a project factory imported through a path alias (outline's `auth()` from `@server/middlewares/authentication`): the function it returns serves; a package's factory leads nowhere", async () => {
    const found = await scanProject({
      'package.json': '{"dependencies":{"koa":"^2.15.0","koa-router":"^12.0.0","koa-helmet":"^7.0.0"}}',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@server/*": ["server/*"] } } }',
      'server/middlewares/authentication.ts': `import fs from 'fs';
export default function auth(options: { optional?: boolean } = {}) {
  return async function authMiddleware(ctx: any, next: any) {
    ctx.state.key = fs.readFileSync('/etc/unblock/key', 'utf8');
    return next();
  };
}
`,
      'server/routes/documents.ts': `import Router from 'koa-router';
import helmet from 'koa-helmet';
import auth from '@server/middlewares/authentication';
const router = new Router();
router.use(helmet());
router.post('documents.list', auth(), async (ctx: any) => { ctx.body = []; });
export default router;
`,
    });
    // The route's own middleware, under its route.
    assert.deepStrictEqual(found.handlers, [
      'koa documents.list server/middlewares/authentication.ts:auth.<locals>.authMiddleware',
      'koa documents.list server/routes/documents.ts:koa POST documents.list',
    ]);
    assert.deepStrictEqual(found.findings, ['js/sync-fs server/middlewares/authentication.ts:4']);
  });

  it("socket.io on a server a singleton keeps in a field (uptime-kuma's `UptimeKumaServer.getInstance().io`, the instance in a static field): its connection and event handlers serve", async () => {
    const found = await scanProject({
      'package.json': '{"dependencies":{"socket.io":"^4.7.0","bcryptjs":"^2.4.3"}}',
      'server/uptime-kuma-server.js': `const { Server } = require('socket.io');
class UptimeKumaServer {
  static instance = null;
  static getInstance() {
    if (UptimeKumaServer.instance == null) UptimeKumaServer.instance = new UptimeKumaServer();
    return UptimeKumaServer.instance;
  }
  constructor() {
    this.io = new Server(3001);
  }
}
module.exports = { UptimeKumaServer };
`,
      'server/server.js': `const bcrypt = require('bcryptjs');
const { UptimeKumaServer } = require('./uptime-kuma-server');
const server = UptimeKumaServer.getInstance();
const io = server.io;
io.on('connection', (socket) => {
  socket.on('login', (data, callback) => {
    callback({ ok: bcrypt.compareSync(data.password, data.hash) });
  });
});
`,
    });
    assert.deepStrictEqual(found.handlers, ['socket.io connection server/server.js:socket.io connection', 'socket.io on:login server/server.js:socket.io on:login']);
    assert.deepStrictEqual(found.findings, ['js/sync-bcrypt server/server.js:7']);
  });

  it("a schema built with a callback (`BaseSchema.extend({…}).refine((req) => …)`) is no function named after it, and handed to a project factory (`validate(T.DocumentsListSchema)`, outline) the factory's middleware serves; a project wrapper handed a function (`catchAsync(list)`) still serves that function", async () => {
    const found = await scanProject({
      'package.json': '{"dependencies":{"koa":"^2.15.0","koa-router":"^12.0.0","zod":"^3.23.0"}}',
      'server/schema.ts': `import { z } from 'zod';
const BaseSchema = z.object({});
export const DocumentsListSchema = BaseSchema.extend({ body: z.object({ limit: z.number() }) })
  .refine((req) => req.body.limit > 0, { message: 'limit must be positive' });
`,
      'server/validate.ts': `import fs from 'fs';
export default function validate(schema: { parse(v: unknown): unknown }) {
  return async function validateMiddleware(ctx: any, next: any) {
    fs.appendFileSync('/var/log/validated', ctx.path);
    schema.parse(ctx.request.body);
    return next();
  };
}
`,
      'server/catchAsync.ts': `export default function catchAsync(fn: (ctx: any) => Promise<void>) {
  return async (ctx: any) => { try { await fn(ctx); } catch (e) { ctx.status = 500; } };
}
`,
      'server/routes.ts': `import Router from 'koa-router';
import fs from 'fs';
import validate from './validate';
import catchAsync from './catchAsync';
import * as T from './schema';
const router = new Router();
async function list(ctx: any) { ctx.body = fs.readFileSync('/srv/list.json'); }
router.post('documents.list', validate(T.DocumentsListSchema), catchAsync(list));
// A wrapper handed what the index cannot place (a library's middleware) is still no configured factory: its closure calls what it was given.
router.post('auth.login', catchAsync(T.DocumentsListSchema as any));
export default router;
`,
    });
    assert.deepStrictEqual(found.handlers, [
      'koa documents.list server/routes.ts:list',
      'koa documents.list server/validate.ts:validate.<locals>.validateMiddleware',
    ]);
    assert.deepStrictEqual(found.findings, ['js/sync-fs server/routes.ts:7', 'js/sync-fs server/validate.ts:4']);
  });

  it('socket.io: connection handlers, namespaces, middleware and the events of the socket they get', () => {
    const model = analyze(`
import { Server } from 'socket.io';
import fs from 'fs';
const io = new Server(3000);
io.use((socket, next) => next());
io.on('connection', (socket) => {
  socket.on('chat message', async (msg) => { fs.writeFileSync('log', msg); });
  socket.on('disconnect', onDisconnect);
});
io.of('/admin').on('connection', (client) => {
  client.once('purge', () => {});
});
io.sockets.on('connect', handleConnect);
function onDisconnect(reason) {}
function handleConnect(socket) {}
const emitter = new (require('events'))();
emitter.on('connection', () => {});
`);
    assert.deepStrictEqual(summary(model), [
      'socket.io middleware -> #<handler>',
      'socket.io connection -> #<handler:2>',
      'socket.io on:chat message -> #<handler:3>',
      'socket.io on:disconnect -> #onDisconnect',
      'socket.io connection -> #<handler:4>',
      'socket.io on:purge -> #<handler:5>',
      'socket.io connection -> #handleConnect',
    ]);
    assert.deepStrictEqual(externalNames(model, '<handler:3>'), ['fs.writeFileSync']);
  });

  it('socket.io through require: `require("socket.io")(server)` and a socket typed `Socket`', () => {
    const model = analyze(`
const io = require('socket.io')(require('http').createServer());
io.on('connection', (s) => s.on('join', (room) => {}));
import type { Socket } from 'socket.io';
export function register(socket: Socket) { socket.on('leave', () => {}); }
`, 'lib/realtime.ts');
    assert.deepStrictEqual(summary(model), [
      'socket.io connection -> #<handler>',
      'socket.io on:join -> #<handler:2>',
      'socket.io on:leave -> #<handler:3>',
    ]);
  });

  it('passport verify callbacks, a project strategy given to passport.use, express-basic-auth authorizer, param handlers', () => {
    const model = analyze(`
const passport = require('passport');
const LocalStrategy = require('passport-local').Strategy;
const GitHubStrategy = require('passport-github2');
const { Strategy: OAuth2 } = require('passport-oauth2');
const OAuth2CustomStrategy = require('./oauth2/strategy');
const basicAuth = require('express-basic-auth');
const { verify } = require('./utils');
const express = require('express');
const app = express();
passport.use(new LocalStrategy({ usernameField: 'email' }, (email, password, done) => done(null, false)));
passport.use(new GitHubStrategy({ clientID: 'x' }, verify));
passport.use('oidc', wrap(new OAuth2({ state: true }, async function (req, token, refresh, params, profile, done) {})));
passport.use(new OAuth2CustomStrategy({ clientID: 'x' }, verify));
app.use(basicAuth({ authorizer: (user, pass) => user === 'admin', challenge: true }));
app.param('noteId', (req, res, next, id) => next());
passport.serializeUser((user, done) => done(null, user.id));
`, 'lib/auth.js');
    assert.deepStrictEqual(summary(model), [
      'passport verify -> #<handler>',
      'passport verify -> ./utils#verify',
      'passport verify -> #<handler:2>',
      'passport verify -> ./utils#verify',
      'express-basic-auth authorizer -> #<handler:3>',
      'express param:noteId -> #<handler:4>',
    ]);
    assert.strictEqual(fn(model, '<handler>').name, '<handler>');
  });

  it('a router passed into a function of another module registers there; a Map passed the same way does not', async () => {
    const found = await scanProject({
      'app.js': `
const express = require('express');
const app = express();
const router = express.Router();
require('./routes/users')(router);
const { mountAdmin } = require('./routes/admin');
mountAdmin({ app, prefix: '/admin' });
require('./lib/cache').warm(new Map());
app.use('/api', router);
`,
      'routes/users.js': `
const fs = require('fs');
module.exports = function (r) {
  r.get('/users', (req, res) => res.json(fs.readFileSync('users.json')));
  nested(r);
};
function nested(router) {
  router.post('/users', create);
}
function create(req, res) { fs.writeFileSync('users.json', req.body); }
`,
      'routes/admin.js': `
const fs = require('fs');
exports.mountAdmin = (args) => {
  args.app.delete('/admin/cache', (req, res) => fs.rmSync('cache', { recursive: true }));
};
`,
      'lib/cache.js': `
const fs = require('fs');
exports.warm = function (store) {
  store.get('/users', () => fs.readFileSync('warm.json'));
};
`,
    });
    assert.deepStrictEqual(found.handlers, [
      'express /admin/cache routes/admin.js:express DELETE /admin/cache',
      'express /users routes/users.js:create',
      'express /users routes/users.js:express GET /users',
    ]);
    assert.deepStrictEqual(found.findings, [
      'js/sync-fs routes/admin.js:4',
      'js/sync-fs routes/users.js:10',
      'js/sync-fs routes/users.js:4',
    ]);
  });

  it('Koa routers and Fastify plugins defined in one module and registered from another', async () => {
    const found = await scanProject({
      'server/index.ts': `
import Koa from 'koa';
import Router from '@koa/router';
import Fastify from 'fastify';
import registerDocuments from './documents';
import plugin from './plugin';
import fp from 'fastify-plugin';
const app = new Koa();
const router = new Router();
registerDocuments(router);
app.use(router.routes());
const fastify = Fastify();
fastify.register(fp(plugin), { prefix: '/v1' });
`,
      'server/documents.ts': `
import { execSync } from 'child_process';
export default function registerDocuments(router) {
  router.post('documents.export', async (ctx) => { ctx.body = execSync('pandoc'); });
}
`,
      'server/plugin.ts': `
import zlib from 'zlib';
export default async function plugin(instance, opts) {
  instance.get('/archive', async (request) => zlib.gzipSync(request.body));
}
`,
    });
    assert.deepStrictEqual(found.handlers, [
      'fastify /archive server/plugin.ts:fastify GET /archive',
      'koa documents.export server/documents.ts:koa POST documents.export',
    ]);
    assert.deepStrictEqual(found.findings, ['js/sync-child-process server/documents.ts:4', 'js/sync-zlib server/plugin.ts:4']);
  });

  it('routers handed on through rest parameters: a rest tuple, `const [router] = args` and `routes(...args)` (logto)', async () => {
    const found = await scanProject({
      'src/init.ts': `
import Koa from 'koa';
import Router from 'koa-router';
import accountRoutes from './account';
const app = new Koa();
const router = new Router();
accountRoutes(router, { db: 1 });
app.use(router.routes());
`,
      'src/types.ts': 'export type RouterInitArgs<T> = [router: T, tenant: { db: number }];\n',
      'src/account.ts': `
import type { RouterInitArgs } from './types';
import grantRoutes from './grants';
export default function accountRoutes<T>(...args: RouterInitArgs<T>) {
  const [router, { db }] = args;
  router.get('/account', async (ctx, next) => { ctx.body = db; return next(); });
  grantRoutes(...args);
}
`,
      'src/grants.ts': `
import { readFileSync } from 'fs';
import type { RouterInitArgs } from './types';
export default function grantRoutes<T>(...[router, tenant]: RouterInitArgs<T>) {
  router.get('/grants', async (ctx, next) => { ctx.body = readFileSync('grants.json'); return next(); });
}
`,
    });
    assert.deepStrictEqual(found.handlers, ['koa /account src/account.ts:koa GET /account', 'koa /grants src/grants.ts:koa GET /grants']);
    assert.deepStrictEqual(found.findings, ['js/sync-fs src/grants.ts:5']);
  });

  it('a project subclass of a router, imported relatively or through package.json imports that name a missing build folder (logto SchemaRouter)', async () => {
    const found = await scanProject({
      'package.json': '{ "name": "core", "imports": { "#src/*": "./build/*" } }',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "#src/*": ["src/*"] } } }',
      'src/init.ts': `
import Koa from 'koa';
import orgRoutes from './orgs';
const app = new Koa();
app.use(orgRoutes().routes());
`,
      'src/utils/SchemaRouter.ts': `
import Router from 'koa-router';
export default class SchemaRouter<T> extends Router {
  constructor(readonly schema: T) { super(); }
}
`,
      'src/orgs.ts': `
import SchemaRouter from './utils/SchemaRouter';
import userRoutes from './orgUsers';
export default function orgRoutes() {
  const router = new SchemaRouter({ table: 'orgs' });
  router.get('/orgs/:id/extra', async (ctx) => { ctx.body = 3; });
  userRoutes(router);
  return router;
}
`,
      'src/orgUsers.ts': `
import { execSync } from 'child_process';
import type SchemaRouter from '#src/utils/SchemaRouter.js';
export default function userRoutes(router: SchemaRouter<{ table: string }>) {
  router.post('/orgs/:id/users', async (ctx) => { ctx.body = execSync('id'); });
}
`,
      'src/cache.ts': `
import LRU from 'lru-cache';
const cache = new LRU({ max: 10 });
export function warm() {
  cache.get('/orgs', () => 1);
}
`,
    });
    assert.deepStrictEqual(found.handlers, ['koa /orgs/:id/extra src/orgs.ts:koa GET /orgs/:id/extra', 'koa /orgs/:id/users src/orgUsers.ts:koa POST /orgs/:id/users']);
    assert.deepStrictEqual(found.findings, ['js/sync-child-process src/orgUsers.ts:5']);
  });

  it('a monorepo package imported by name: entry and subpath mapped from the build output to the sources, only where the importer lists it', async () => {
    const found = await scanProject({
      'packages/cli/package.json': '{ "name": "@acme/cli", "main": "lib/index.js", "types": "lib/index.d.ts" }',
      'packages/cli/tsconfig.json': '{ "compilerOptions": { "outDir": "lib", "rootDir": "src" } }',
      'packages/cli/src/index.ts': "export { loadConfig } from './config.js';\n",
      'packages/cli/src/config.ts': "import { readFileSync } from 'fs';\nexport function loadConfig() { return readFileSync('cli.json', 'utf8'); }\n",
      'packages/cli/src/connector/index.ts': "import { existsSync } from 'fs';\nexport function hasConnector(dir: string) { return existsSync(dir); }\n",
      'packages/api/package.json': '{ "name": "@acme/api", "dependencies": { "@acme/cli": "workspace:^", "express": "^4.0.0" } }',
      'packages/api/server.ts': `
import express from 'express';
import { loadConfig } from '@acme/cli';
import { hasConnector } from '@acme/cli/lib/connector/index.js';
const app = express();
app.get('/config', (req, res) => res.send(loadConfig()));
app.get('/connector', (req, res) => res.json(hasConnector('x')));
`,
      'packages/other/package.json': '{ "name": "@acme/other", "dependencies": { "express": "^4.0.0" } }',
      'packages/other/server.ts': `
import express from 'express';
import { loadConfig } from '@acme/cli';
const app = express();
app.get('/other', (req, res) => res.send(loadConfig()));
`,
    });
    assert.deepStrictEqual(found.findings, [
      'js/sync-fs packages/cli/src/config.ts:2',
      'js/sync-fs packages/cli/src/connector/index.ts:2',
      'js/via-call packages/api/server.ts:6',
      'js/via-call packages/api/server.ts:7',
    ]);
  });

  it('project helpers that register what they are given: `route({ method, path, handler })` on a base class, and `get(path, handler)` calling it (Unleash)', async () => {
    const found = await scanProject({
      'src/routes/controller.ts': `
import { Router, type IRouter, type RequestHandler } from 'express';
interface IRouteOptions { method: 'get' | 'post'; path: string; handler: RequestHandler; permission?: string }
export default class Controller {
  app: IRouter;
  constructor() {
    this.app = Router();
  }
  private wrap(handler: RequestHandler): RequestHandler {
    return async (req, res, next) => { try { await handler(req, res, next); } catch (e) { next(e); } };
  }
  route(options: IRouteOptions): void {
    this.app[options.method](options.path, checkPermission(options.permission), this.wrap(options.handler.bind(this)));
  }
  get(path: string, handler: RequestHandler, permission?: string): void {
    this.route({ method: 'get', path, handler, permission });
  }
}
function checkPermission(p?: string): RequestHandler { return (req, res, next) => next(); }
`,
      'src/routes/features.ts': `
import { readFileSync } from 'fs';
import Controller from './controller';
import { track } from '../metrics';
export default class FeatureController extends Controller {
  constructor() {
    super();
    this.route({ method: 'post', path: '/features/:name', handler: this.createFeature, permission: 'CREATE' });
    this.get('/features', this.listFeatures);
    track('features', this.exportFeatures);
  }
  async createFeature(req: any, res: any): Promise<void> {
    res.send(readFileSync('features.json'));
  }
  async listFeatures(req: any, res: any): Promise<void> {
    res.send(readFileSync('list.json'));
  }
  async exportFeatures(): Promise<void> {
    readFileSync('export.json');
  }
}
`,
      'src/metrics.ts': "export function track(name: string, fn: () => Promise<void>) { return [name, fn]; }\n",
    });
    assert.deepStrictEqual(found.handlers, [
      'express /features src/routes/features.ts:FeatureController.listFeatures',
      'express /features/:name src/routes/features.ts:FeatureController.createFeature',
    ]);
    assert.deepStrictEqual(found.findings, ['js/sync-fs src/routes/features.ts:13', 'js/sync-fs src/routes/features.ts:16']);
  });

  it("NodeBB's route helpers: an untyped router and the controller taken last (`args[args.length - 1]`), the router's framework from what each call passes, controllers reached through CommonJS modules that are their own default", async () => {
    const found = await scanProject({
      'src/routes/helpers.js': `
const helpers = module.exports;
helpers.setupApiRoute = function (...args) {
  const [router, verb, name] = args;
  const middlewares = args.length > 4 ? args[args.length - 2] : [];
  const controller = args[args.length - 1];
  router[verb](name, middlewares, helpers.tryRoute(controller, (err, res) => res.end()));
};
helpers.tryRoute = function (controller, onError) {
  return controller;
};
`,
      'src/routes/write/users.js': `
const router = require('express').Router();
const controllers = require('../../controllers');
const { setupApiRoute } = require('../helpers');
const cache = new Map();
function authenticatedRoutes() {
  setupApiRoute(router, 'post', '/', [], controllers.write.users.create);
  setupApiRoute(router, 'get', '/:uid', controllers.write.users.get);
  setupApiRoute(cache, 'get', '/nowhere', controllers.write.users.remove);
}
module.exports = function () { authenticatedRoutes(); return router; };
`,
      'src/controllers/index.js': "const Controllers = module.exports;\nControllers.write = require('./write');\n",
      'src/controllers/write/index.js': "const Write = module.exports;\nWrite.users = require('./users');\n",
      'src/controllers/write/users.js': `
const fs = require('fs');
const Users = module.exports;
Users.create = async (req, res) => { res.json(fs.readFileSync('/etc/hosts', 'utf8')); };
Users.get = async (req, res) => { res.json({}); };
Users.remove = async (req, res) => { res.json(fs.readFileSync('/etc/hosts', 'utf8')); };
`,
    });
    assert.deepStrictEqual(found.handlers, ['express / src/controllers/write/users.js:Users.create', 'express /:uid src/controllers/write/users.js:Users.get']);
    assert.deepStrictEqual(found.findings, ['js/sync-fs src/controllers/write/users.js:4']);
  });

  it('a route helper called with a router and controllers its caller was given (`_mounts.main = (app, ctrl) => …`, named): the framework and the controller are what the callers pass, the path the one the helper takes', async () => {
    const found = await scanProject({
      'routes/helpers.js': `
exports.setupPageRoute = function (...args) {
  const [router, name] = args;
  const controller = args[args.length - 1];
  router.get(name, controller);
  router.get(\`/api\${name}\`, controller);
};
`,
      'routes/index.js': `
const express = require('express');
const controllers = require('../controllers');
const { setupPageRoute } = require('./helpers');
const _mounts = {};
_mounts.main = (app, ctrl) => {
  setupPageRoute(app, '/login', [], ctrl.login);
};
function addCoreRoutes(router) {
  _mounts.main(router, controllers);
}
module.exports = function (app) {
  const router = express.Router();
  addCoreRoutes(router);
  app.use(router);
};
`,
      'controllers.js': "const fs = require('fs');\nexports.login = (req, res) => res.send(fs.readFileSync('/etc/hosts'));\n",
    });
    assert.deepStrictEqual(found.handlers, ['express /login controllers.js:login']);
    assert.deepStrictEqual(found.findings, ['js/sync-fs controllers.js:2']);
  });

  it("a handler that is a member of a parameter (`(app, controllers) => app.get('/login', controllers.login)`) is what the function's callers pass there", async () => {
    const found = await scanProject({
      'routes.js': `
module.exports = (app, controllers, middleware) => {
  app.get('/login', middleware.guest, controllers.login);
  app.get('/about', controllers.about);
};
`,
      'controllers.js': `
const fs = require('fs');
exports.login = (req, res) => res.send(fs.readFileSync('/etc/hosts'));
exports.about = (req, res) => res.send('about');
`,
      'middleware.js': 'exports.guest = (req, res, next) => next();\n',
      'app.js': `
const express = require('express');
const controllers = require('./controllers');
const middleware = require('./middleware');
const app = express();
require('./routes')(app, controllers, middleware);
`,
    });
    assert.deepStrictEqual(found.handlers, ['express /about controllers.js:about', 'express /login controllers.js:login', 'express /login middleware.js:guest']);
    assert.deepStrictEqual(found.findings, ['js/sync-fs controllers.js:3']);
  });

  it('middleware made by project factories (`app.use(auth(options))`): the function the factory returns serves, not the factory, which runs once at startup', async () => {
    const found = await scanProject({
      'package.json': '{ "name": "m", "dependencies": { "express": "4", "koa": "2", "express-rate-limit": "7" } }',
      'src/app.js': `
const express = require('express');
const fs = require('fs');
const { throttle, limited, tokenCheck } = require('./middleware');
const app = express();
function auth(options) {
  const key = fs.readFileSync(options.keyFile);
  return function authMiddleware(req, res, next) {
    fs.readFileSync('/run/revoked.txt');
    next();
  };
}
app.use(auth({ keyFile: 'key.pem' }));
app.use(throttle(10));
app.use(limited());
app.get('/orders', tokenCheck('orders'), (req, res) => res.send('ok'));
app.listen(3000);
`,
      'src/middleware.js': `
const crypto = require('crypto');
const rateLimit = require('express-rate-limit');
exports.throttle = (limit) => async (req, res, next) => {
  crypto.pbkdf2Sync(req.ip, 'salt', 100000, 64, 'sha512');
  next();
};
exports.limited = () => rateLimit({ windowMs: 1000 });
exports.tokenCheck = function (scope) {
  const check = (req, res, next) => {
    crypto.scryptSync(req.headers.authorization, scope, 64);
    next();
  };
  return check;
};
`,
      'src/koa.ts': `
import Koa from 'koa';
import { execSync } from 'child_process';
const app = new Koa();
export default function errorHandling() {
  return async function errorHandlingMiddleware(ctx: Koa.Context, next: Koa.Next) {
    execSync('logger -t api error');
    await next();
  };
}
app.use(errorHandling());
`,
    });
    assert.deepStrictEqual(found.handlers, [
      'express /orders src/app.js:express GET /orders',
      'express /orders src/middleware.js:tokenCheck.<locals>.check',
      'express middleware src/app.js:auth.<locals>.authMiddleware',
      'express middleware src/middleware.js:throttle.<returned>',
      'koa middleware src/koa.ts:errorHandling.<locals>.errorHandlingMiddleware',
    ]);
    // The factories' own bodies (reading the key) run once, where the app is built; express-rate-limit's middleware is a library's.
    assert.deepStrictEqual(found.findings, [
      'js/sync-child-process src/koa.ts:7',
      'js/sync-crypto src/middleware.js:11',
      'js/sync-crypto src/middleware.js:5',
      'js/sync-fs src/app.js:9',
    ]);
  });

  it('a Next.js page follows the components it renders: a server component imported through a tsconfig path reads a file on every request; a library component leads nowhere', async () => {
    const found = await scanProject({
      'package.json': '{ "name": "blog", "dependencies": { "next": "15", "react": "19" } }',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } }',
      'src/app/blog/page.tsx': `
import { Suspense } from 'react';
import Posts from '@/components/posts';
import { Footer } from '../footer';
export const dynamic = 'force-dynamic';
export default async function BlogPage() {
  return (
    <main>
      <Suspense fallback={<p>loading</p>}>
        <Posts limit={10} />
      </Suspense>
      <Footer />
    </main>
  );
}
`,
      'src/components/posts.tsx': `
import { readFileSync } from 'fs';
export default async function Posts({ limit }: { limit: number }) {
  const posts = readFileSync('content/posts.json', 'utf8');
  return <ul>{posts.slice(0, limit)}</ul>;
}
`,
      'src/app/footer.tsx': "export function Footer() { return <footer>(c)</footer>; }\n",
    });
    assert.deepStrictEqual(found.handlers, ['nextjs /blog src/app/blog/page.tsx:BlogPage']);
    assert.deepStrictEqual(found.findings, ['js/sync-fs src/components/posts.tsx:4', 'js/via-call src/app/blog/page.tsx:10']);
  });

  it('@fastify/autoload: each module under the loaded folders is a plugin whose first parameter is a Fastify instance; a sub-folder prefixes its routes', async () => {
    const found = await scanProject({
      'package.json': '{ "name": "api", "dependencies": { "fastify": "5", "@fastify/autoload": "6" } }',
      'src/app.ts': `
import { join } from 'node:path';
import AutoLoad from '@fastify/autoload';
import type { FastifyPluginAsync } from 'fastify';
const app: FastifyPluginAsync = async (fastify, opts) => {
  void fastify.register(AutoLoad, { dir: join(__dirname, 'plugins'), options: opts });
  void fastify.register(AutoLoad, { dir: join(__dirname, 'routes'), options: opts });
};
export default app;
`,
      'src/plugins/audit.js': `
const crypto = require('crypto');
module.exports = async function (fastify) {
  fastify.addHook('onRequest', async (request) => { crypto.pbkdf2Sync(request.ip, 'salt', 1000, 64, 'sha512'); });
};
`,
      'src/routes/root.ts': `
import { readFileSync } from 'fs';
import type { FastifyPluginAsync } from 'fastify';
const root: FastifyPluginAsync = async (fastify) => {
  fastify.get('/', async () => readFileSync('motd.txt', 'utf8'));
};
export default root;
`,
      'src/routes/users/index.ts': `
import { execSync } from 'child_process';
export default async function (fastify: any) {
  fastify.post('/', async () => execSync('id').toString());
  fastify.get('/:id', async () => 'user');
}
`,
      'src/routes/admin/index.ts': `
import type { FastifyInstance } from 'fastify';
export default async function (fastify: FastifyInstance) {
  fastify.get('/stats', async () => 'stats');
}
`,
      'src/lib/helpers.ts': `
import { readFileSync } from 'fs';
export default async function notLoaded(server: any) {
  server.get('/never', async () => readFileSync('x'));
}
`,
    });
    assert.deepStrictEqual(found.handlers, [
      'fastify / src/routes/root.ts:fastify GET /',
      // Typed as a Fastify instance, the registration needs no seed; autoload still prefixes it.
      'fastify /admin/stats src/routes/admin/index.ts:fastify GET /admin/stats',
      'fastify /users/ src/routes/users/index.ts:fastify POST /users/',
      'fastify /users/:id src/routes/users/index.ts:fastify GET /users/:id',
      'fastify hook:onRequest src/plugins/audit.js:fastify hook:onRequest',
    ]);
    assert.deepStrictEqual(found.findings, ['js/sync-child-process src/routes/users/index.ts:4', 'js/sync-crypto src/plugins/audit.js:4', 'js/sync-fs src/routes/root.ts:5']);
  });

  it('Restify servers and Elysia apps (chained, with route hooks and lifecycle hooks) register handlers on the event loop', async () => {
    const found = await scanProject({
      'package.json': '{ "name": "r", "dependencies": { "restify": "11", "elysia": "1" } }',
      'src/restify.js': `
const restify = require('restify');
const fs = require('fs');
const server = restify.createServer();
server.pre((req, res, next) => { fs.statSync('/etc/maintenance'); return next(); });
server.get('/users/:id', function getUser(req, res, next) { res.send(fs.readFileSync('users.json')); next(); });
server.del({ path: '/users/:id', version: '1.0.0' }, (req, res, next) => next());
server.listen(8080);
`,
      'src/elysia.ts': `
import { Elysia } from 'elysia';
import { execSync } from 'child_process';
import { scryptSync } from 'crypto';
new Elysia()
  .onBeforeHandle(({ headers }) => { scryptSync(headers.authorization ?? '', 'salt', 64); })
  .get('/', () => 'hi')
  .post('/deploy', () => execSync('deploy').toString(), { beforeHandle: [({ set }) => { set.status = 202; }] })
  .listen(3000);
`,
    });
    assert.deepStrictEqual(found.handlers, [
      'elysia / src/elysia.ts:elysia GET /',
      'elysia /deploy src/elysia.ts:elysia POST /deploy',
      // The route's own beforeHandle hook serves it too.
      'elysia /deploy src/elysia.ts:elysia POST /deploy',
      'elysia onBeforeHandle src/elysia.ts:elysia onBeforeHandle',
      'restify /users/:id src/restify.js:restify DELETE /users/:id',
      'restify /users/:id src/restify.js:restify GET /users/:id',
      'restify pre src/restify.js:restify pre',
    ]);
    assert.deepStrictEqual(found.findings, ['js/sync-child-process src/elysia.ts:8', 'js/sync-crypto src/elysia.ts:6', 'js/sync-fs src/restify.js:5', 'js/sync-fs src/restify.js:6']);
  });

  it("a static method of a class a CommonJS module exports whole (`module.exports = Database`, uptime-kuma's setup route calling Database.writeDBConfig)", async () => {
    const found = await scanProject({
      'package.json': '{"dependencies":{"express":"^4.21.0"}}',
      'server/database.js': `const fs = require('fs');
class Database {
  static dataDir = '/var/lib/app';
  static writeDBConfig(config) {
    fs.writeFileSync(Database.dataDir + '/db-config.json', JSON.stringify(config));
  }
}
module.exports = Database;
`,
      'server/setup.js': `const express = require('express');
const Database = require('./database');
const app = express();
app.post('/setup-database', (req, res) => {
  Database.writeDBConfig(req.body);
  res.json({ ok: true });
});
module.exports = app;
`,
    });
    assert.deepStrictEqual(found.findings, ['js/sync-fs server/database.js:5', 'js/via-call server/setup.js:5']);
  });

  it('a module-level name for the exports object (`const User = module.exports; User.get = async function …`, NodeBB\'s modules) exports its properties, and calls through it reach them', async () => {
    const found = await scanProject({
      'package.json': '{ "name": "c", "dependencies": { "express": "4" } }',
      'src/app.js': `
const express = require('express');
const helpers = require('./helpers');
const User = require('./user');
const app = express();
app.get('/a', (req, res) => res.send(helpers.loadAsync('a.txt')));
app.get('/b', async (req, res) => res.send(await User.getProfile(1)));
app.listen(3000);
`,
      'src/helpers.js': `
const fs = require('fs');
const helpers = module.exports;
helpers.load = function (name) {
  return fs.readFileSync(name, 'utf8');
};
helpers.loadAsync = async function (name) {
  return helpers.load(name);
};
`,
      'src/user.js': `
const crypto = require('crypto');
const User = exports;
User.getProfile = async function (uid) {
  return crypto.pbkdf2Sync(String(uid), 'salt', 100000, 64, 'sha512');
};
`,
    });
    // The file read is reached through `helpers.load` inside `loadAsync`: the alias resolves within its own module too.
    assert.deepStrictEqual(found.findings, ['js/sync-crypto src/user.js:5', 'js/sync-fs src/helpers.js:5', 'js/via-call src/app.js:6', 'js/via-call src/app.js:7']);
  });

  it('tRPC: procedures (named by their router key or constant) and their middleware, on builders exported from another module and chained (`authedProcedure.meta(m).input(s).mutation(fn)`)', async () => {
    const found = await scanProject({
      'package.json': '{ "name": "t", "dependencies": { "@trpc/server": "10" } }',
      'server/trpc.ts': `
import { initTRPC } from '@trpc/server';
import { readFileSync } from 'fs';
const t = initTRPC.context<{ user?: string }>().create();
export const router = t.router;
export const publicProcedure = t.procedure;
export const authedProcedure = t.procedure.use(({ ctx, next }) => { readFileSync('keys.pem'); return next({ ctx }); });
`,
      'server/procedures.ts': `
import { publicProcedure } from './trpc';
export const adminProcedure = publicProcedure.use(({ next }) => next());
`,
      'server/routers.ts': `
import { readFileSync } from 'fs';
import { router, publicProcedure, authedProcedure } from './trpc';
import { adminProcedure } from './procedures';
export const saveRoute = authedProcedure.meta({ openapi: true }).input({}).mutation(async () => { readFileSync('save.txt'); });
export const appRouter = router({
  greeting: publicProcedure.input({}).query(({ input }) => readFileSync('greeting.txt', 'utf8')),
  admin: adminProcedure.query(() => readFileSync('admin.txt', 'utf8')),
  save: saveRoute,
});
const cache = new Map();
cache.query(() => readFileSync('not-a-procedure.txt'));
`,
    });
    assert.deepStrictEqual(found.handlers, [
      'trpc admin server/routers.ts:trpc QUERY admin',
      'trpc greeting server/routers.ts:trpc QUERY greeting',
      'trpc middleware server/procedures.ts:trpc middleware',
      'trpc middleware server/trpc.ts:trpc middleware',
      'trpc saveRoute server/routers.ts:trpc MUTATION saveRoute',
    ]);
    assert.deepStrictEqual(found.findings, [
      'js/sync-fs server/routers.ts:5',
      'js/sync-fs server/routers.ts:7',
      'js/sync-fs server/routers.ts:8',
      'js/sync-fs server/trpc.ts:7',
    ]);
  });

  it('socket.io: a connection handler in another module hands its socket to a class that registers the events', async () => {
    const found = await scanProject({
      'app.js': `
const server = require('http').createServer();
const io = require('socket.io')(server);
const realtime = require('./lib/realtime');
io.sockets.on('connection', realtime.connection);
`,
      'lib/realtime.js': `
const { ClientConnection } = require('./client');
function connection(socket) {
  queueForConnect(socket);
}
function queueForConnect(socket) {
  setImmediate(() => new ClientConnection(socket).registerEventHandler());
}
module.exports = { connection };
`,
      'lib/client.js': `
const fs = require('fs');
class ClientConnection {
  constructor(socket) {
    this.socket = socket;
  }
  registerEventHandler() {
    this.socket.on('refresh', this.refreshEventHandler.bind(this));
    this.socket.on('delete', () => fs.unlinkSync('note'));
  }
  refreshEventHandler() { fs.readFileSync('note'); }
}
exports.ClientConnection = ClientConnection;
`,
    });
    assert.deepStrictEqual(found.handlers, [
      'socket.io connection lib/realtime.js:connection',
      'socket.io on:delete lib/client.js:socket.io on:delete',
      'socket.io on:refresh lib/client.js:ClientConnection.refreshEventHandler',
    ]);
    assert.ok(found.findings.includes('js/sync-fs lib/client.js:11'), found.findings.join('\n'));
    assert.ok(found.findings.includes('js/sync-fs lib/client.js:9'), found.findings.join('\n'));
  });

  it('GraphQL: resolver maps handed to Apollo Server, inline or by a local name; a map no server takes is no handler', () => {
    const model = analyze(`
import { ApolloServer } from '@apollo/server';
import fs from 'fs';
const typeDefs = 'type Query { me: User }';
const resolvers = {
  Query: {
    me: async (_, args, ctx) => fs.readFileSync('me.json'),
    user: { resolve: (_, { id }) => id },
  },
  User: {
    avatar(user) { return user.avatar; },
    posts: postsOf,
  },
};
const unused = { Query: { hidden: () => 1 } };
function postsOf(user) { return []; }
const server = new ApolloServer({ typeDefs, resolvers });
`, 'src/server.ts');
    assert.deepStrictEqual(summary(model), [
      'graphql Query.me -> #resolvers.Query.me',
      'graphql Query.user -> #resolvers.Query.user.resolve',
      'graphql User.avatar -> #resolvers.User.avatar',
      'graphql User.posts -> #postsOf',
    ]);
    assert.deepStrictEqual(externalNames(model, 'resolvers.Query.me'), ['fs.readFileSync']);
    const inline = analyze(`
const { makeExecutableSchema } = require('@graphql-tools/schema');
module.exports = makeExecutableSchema({ typeDefs: '', resolvers: { Mutation: { save: async () => true } } });
`, 'src/schema.js');
    assert.deepStrictEqual(summary(inline), ['graphql Mutation.save -> #Mutation.save']);
  });

  it('GraphQL: resolver maps split across modules and merged where the schema is built (lodash merge, spread)', async () => {
    const found = await scanProject({
      'api/schema.js': `
const { makeExecutableSchema } = require('graphql-tools');
const { merge } = require('lodash');
const scalars = require('./types/scalars');
const threadQueries = require('./queries/thread');
const userMutations = require('./mutations/user');
import channel from './queries/channel';
const resolvers = merge({}, scalars.resolvers, threadQueries, userMutations);
module.exports = makeExecutableSchema({ typeDefs: [], resolvers: [resolvers, { ...channel }] });
`,
      'api/types/scalars.js': `
const GraphQLDate = require('graphql-date');
const resolvers = { Date: GraphQLDate };
module.exports = { typeDefs: 'scalar Date', resolvers };
`,
      'api/queries/thread/index.js': `
import thread from './rootThread';
module.exports = {
  Query: { thread },
  Thread: { messageCount: ({ messageCount }) => messageCount || 0 },
};
`,
      'api/queries/thread/rootThread.js': `
import fs from 'fs';
export default async (_, { id }, { loaders }) => JSON.parse(fs.readFileSync(id));
`,
      'api/mutations/user.js': `
import { execSync } from 'child_process';
export default { Mutation: { exportUser: async (_, args) => execSync('dump ' + args.id) } };
`,
      'api/queries/channel.js': `
export default { Query: { channel: async () => null } };
`,
      'api/unused.js': `
export default { Query: { unused: async () => null } };
`,
    });
    assert.deepStrictEqual(found.handlers, [
      'graphql Mutation.exportUser api/mutations/user.js:Mutation.exportUser',
      'graphql Query.channel api/queries/channel.js:Query.channel',
      'graphql Query.thread api/queries/thread/rootThread.js:default',
      'graphql Thread.messageCount api/queries/thread/index.js:Thread.messageCount',
    ]);
    assert.deepStrictEqual(found.findings, [
      'js/json-large-payload api/queries/thread/rootThread.js:3',
      'js/sync-child-process api/mutations/user.js:3',
      'js/sync-fs api/queries/thread/rootThread.js:3',
    ]);
  });

  it('NestJS: @Resolver classes with @Query, @Mutation and @ResolveField methods', () => {
    const model = analyze(`
import { Resolver, Query, Mutation, ResolveField, Args } from '@nestjs/graphql';
@Resolver(() => Author)
export class AuthorsResolver {
  @Query(() => Author) async author(@Args('id') id: number) {}
  @Mutation(() => Author) upvote() {}
  @ResolveField('posts') async posts() {}
  helper() {}
}
`);
    assert.deepStrictEqual(summary(model), [
      'nestjs Query.author -> #AuthorsResolver.author',
      'nestjs Mutation.upvote -> #AuthorsResolver.upvote',
      'nestjs field.posts -> #AuthorsResolver.posts',
    ]);
  });
});

describe('javascript: router factories', () => {
  it('registrations on what a project factory returns, in another module: express.Router() and a default-exported koa-router factory', async () => {
    const found = await scanProject({
      'src/routers/users.js': [
        "const express = require('express');",
        'function createRouter() {',
        '  const r = express.Router();',
        "  r.get('/inside', (req, res) => res.end());",
        '  return r;',
        '}',
        'function createCache() {',
        '  return new Map();',
        '}',
        'module.exports = { createRouter, createCache };',
      ].join('\n'),
      'src/routers/stars.ts': [
        "import Router from 'koa-router';",
        'export default () => {',
        '  const router = new Router();',
        '  return router;',
        '};',
      ].join('\n'),
      'src/app.js': [
        "const fs = require('fs');",
        "const { createRouter, createCache } = require('./routers/users');",
        'const users = createRouter();',
        "users.post('/users', (req, res) => res.send(fs.readFileSync('/etc/users')));",
        'const cache = createCache();',
        "cache.get('/not-a-route', () => fs.readFileSync('/etc/cache'));",
      ].join('\n'),
      'src/stars.ts': [
        "import fs from 'fs';",
        "import makeRouter from './routers/stars';",
        'const router = makeRouter();',
        "router.post('stars.create', async (ctx) => { ctx.body = fs.readFileSync('/etc/stars'); });",
      ].join('\n'),
    });
    assert.deepStrictEqual(found.handlers, [
      'express /inside src/routers/users.js:express GET /inside',
      'express /users src/app.js:express POST /users',
      'koa stars.create src/stars.ts:koa POST stars.create',
    ]);
    assert.deepStrictEqual(found.findings, ['js/sync-fs src/app.js:4', 'js/sync-fs src/stars.ts:4']);
  });
});

describe('javascript: graphql-js object types', () => {
  it('GraphQLObjectType fields with resolve functions (inline, method shorthand, by name from another module, a fields thunk) in a GraphQLSchema', async () => {
    const found = await scanProject({
      'src/resolvers/users.js': [
        "const fs = require('fs');",
        'function createUser(parent, args) {',
        "  fs.writeFileSync('/var/users/' + args.name, '{}');",
        '  return { name: args.name };',
        '}',
        'module.exports = { createUser };',
      ].join('\n'),
      'src/schema.js': [
        "const fs = require('fs');",
        "const { GraphQLObjectType, GraphQLSchema, GraphQLString, GraphQLList } = require('graphql');",
        "const { createUser } = require('./resolvers/users');",
        'const UserType = new GraphQLObjectType({',
        "  name: 'User',",
        '  fields: () => ({',
        '    name: { type: GraphQLString },',
        '    posts: {',
        '      type: new GraphQLList(GraphQLString),',
        '      resolve(user) {',
        "        return fs.readdirSync('/var/posts/' + user.name);",
        '      },',
        '    },',
        '  }),',
        '});',
        'const QueryType = new GraphQLObjectType({',
        "  name: 'Query',",
        '  fields: {',
        '    user: {',
        '      type: UserType,',
        '      args: { name: { type: GraphQLString } },',
        "      resolve: (parent, args, ctx) => JSON.parse(fs.readFileSync('/var/users/' + args.name, 'utf8')),",
        '    },',
        '  },',
        '});',
        'const MutationType = new GraphQLObjectType({',
        "  name: 'Mutation',",
        '  fields: { createUser: { type: UserType, resolve: createUser } },',
        '});',
        'module.exports = new GraphQLSchema({ query: QueryType, mutation: MutationType });',
      ].join('\n'),
    });
    assert.deepStrictEqual(found.handlers, [
      'graphql Mutation.createUser src/resolvers/users.js:createUser',
      'graphql Query.user src/schema.js:Query.user.resolve',
      'graphql User.posts src/schema.js:User.posts.resolve',
    ]);
    assert.ok(found.findings.includes('js/sync-fs src/resolvers/users.js:3'), found.findings.join('\n'));
    assert.ok(found.findings.includes('js/sync-fs src/schema.js:11'), found.findings.join('\n'));
    assert.ok(found.findings.includes('js/sync-fs src/schema.js:22'), found.findings.join('\n'));
  });
});

describe('javascript: resolver maps merged in an exported value', () => {
  it('export default merge(...), module.exports = Object.assign(...) and spreads of other modules\' maps, handed to Apollo in another file', async () => {
    const found = await scanProject({
      'src/resolvers/users.js': [
        "const fs = require('fs');",
        "module.exports = { Query: { user: (parent, args) => fs.readFileSync('/var/users/' + args.id, 'utf8') } };",
      ].join('\n'),
      'src/resolvers/posts.ts': [
        "import fs from 'fs';",
        "export default { Mutation: { post(parent, args) { fs.writeFileSync('/var/posts/' + args.id, args.body); } } };",
      ].join('\n'),
      'src/resolvers/tags.js': [
        "const fs = require('fs');",
        "module.exports = { Tag: { count: (tag) => fs.readdirSync('/var/tags/' + tag.id).length } };",
      ].join('\n'),
      'src/resolvers/unused.js': [
        "const fs = require('fs');",
        "module.exports = { Query: { unused: () => fs.readFileSync('/var/unused') } };",
      ].join('\n'),
      'src/resolvers/more.js': "module.exports = Object.assign({}, require('./tags'));",
      'src/resolvers/index.ts': [
        "import fs from 'fs';",
        "import merge from 'lodash.merge';",
        "import users from './users';",
        "import posts from './posts';",
        "import more from './more';",
        "const base = { Query: { ping: () => fs.existsSync('/var/ready') } };",
        'export default merge({}, base, { ...users }, [posts, more]);',
      ].join('\n'),
      'src/server.ts': [
        "import { ApolloServer } from '@apollo/server';",
        "import resolvers from './resolvers';",
        "const typeDefs = 'type Query { user: String }';",
        'export const server = new ApolloServer({ typeDefs, resolvers });',
      ].join('\n'),
    });
    assert.deepStrictEqual(found.handlers, [
      'graphql Mutation.post src/resolvers/posts.ts:Mutation.post',
      'graphql Query.ping src/resolvers/index.ts:base.Query.ping',
      'graphql Query.user src/resolvers/users.js:Query.user',
      'graphql Tag.count src/resolvers/tags.js:Tag.count',
    ]);
    assert.ok(found.findings.some((f) => f.startsWith('js/sync-fs src/resolvers/users.js:2')), found.findings.join('\n'));
    assert.ok(!found.findings.some((f) => f.includes('unused.js')), found.findings.join('\n'));
  });

  it('a plugin hook nothing in the project calls: routes on a parameter declared as an object type whose member is an Express app (Etherpad)', async () => {
    const found = await scanProject({
      'package.json': '{"dependencies":{"express":"^4.21.0"}}',
      'src/types/ArgsExpressType.ts': "import type { Express } from 'express';\nexport type ArgsExpressType = { app: Express; io: any };\nexport interface SocketArgs { app: Express }\n",
      'src/hooks/specialpages.ts': `import fs from 'node:fs';
import type { Express } from 'express';
import { ArgsExpressType, SocketArgs } from '../types/ArgsExpressType';
type LocalArgs = { app: Express };
type Other = { app: { get(path: string, fn: Function): void } };
exports.expressPreSession = async (hookName: string, { app }: ArgsExpressType) => {
  app.get('/health', (req: any, res: any) => res.send(fs.readFileSync('/etc/version')));
};
exports.expressCreateServer = (hookName: string, args: ArgsExpressType) => {
  args.app.get('/admin', (req: any, res: any) => res.send('admin'));
};
exports.local = (hookName: string, { app }: LocalArgs) => {
  app.post('/local', (req: any, res: any) => res.end());
};
exports.iface = (hookName: string, args: SocketArgs) => {
  args.app.put('/iface', (req: any, res: any) => res.end());
};
exports.notExpress = (hookName: string, { app }: Other) => {
  app.get('/other', (req: any, res: any) => res.end());
};
`,
    });
    assert.deepStrictEqual(found.handlers, [
      'express /admin src/hooks/specialpages.ts:express GET /admin',
      'express /health src/hooks/specialpages.ts:express GET /health',
      'express /iface src/hooks/specialpages.ts:express PUT /iface',
      'express /local src/hooks/specialpages.ts:express POST /local',
    ]);
    assert.deepStrictEqual(found.findings, ['js/sync-fs src/hooks/specialpages.ts:7']);
  });

  it('a registration helper on a route chain wrapping its handler in a local (automatisch\'s createRouteHandler), handed controllers imported through a path alias', async () => {
    const found = await scanProject({
      'package.json': '{"type":"module","dependencies":{"express":"^4.21.0"}}',
      'jsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/controllers/*': ['src/controllers/*'] } } }),
      'src/controllers/webhooks/handler-by-flow-id.js': "import fs from 'fs';\nexport default async (request, response) => {\n  response.send(fs.readFileSync('/srv/flows/' + request.params.flowId));\n};\n",
      'src/routes/webhooks.js': `import { Router } from 'express';
import webhookHandlerByFlowId from '@/controllers/webhooks/handler-by-flow-id.js';
const router = Router();
const checkQuota = (req, res, next) => next();
const exposeError = (handler) => async (req, res, next) => {
  try {
    await handler(req, res, next);
  } catch (err) {
    next(err);
  }
};
function createRouteHandler(path, handler) {
  const wrappedHandler = exposeError(handler);
  router.route(path).get(checkQuota, wrappedHandler).post(checkQuota, wrappedHandler);
}
createRouteHandler('/flows/:flowId', webhookHandlerByFlowId);
export default router;
`,
    });
    assert.ok(found.handlers.includes('express /flows/:flowId src/controllers/webhooks/handler-by-flow-id.js:default'), found.handlers.join('\n'));
    assert.deepStrictEqual(found.findings, ['js/sync-fs src/controllers/webhooks/handler-by-flow-id.js:3']);
  });

  it('a router factory of the file handed a registration function (umbrel\'s createApi(fileApi)): the routes it fills serve, not the function, whose startup work is no finding', async () => {
    const found = await scanProject({
      'package.json': '{"dependencies":{"express":"^4.21.0"}}',
      'src/files.ts': `import fs from 'fs';
import express from 'express';
type Routers = { publicApi: express.Router; privateApi: express.Router };
export default function fileApi({ privateApi }: Routers) {
  fs.mkdirSync('/tmp/thumbnails', { recursive: true });
  privateApi.get('/download', (req, res) => res.send(fs.readFileSync('/srv/files/' + req.query.path)));
}
`,
      'src/server.ts': `import express from 'express';
import fileApi from './files';
const createApi = (registerApi: (routers: { publicApi: express.Router; privateApi: express.Router }) => void) => {
  const publicApi = express.Router();
  const privateApi = express.Router();
  registerApi({ publicApi, privateApi });
  const api = express.Router();
  api.use(publicApi);
  api.use(privateApi);
  return api;
};
const app = express();
app.use('/api/files', createApi(fileApi));
app.listen(3000);
`,
    });
    assert.deepStrictEqual(found.handlers, ['express /download src/files.ts:express GET /download']);
    assert.deepStrictEqual(found.findings, ['js/sync-fs src/files.ts:6']);
  });

  it("a project route table (Joplin's Router: verb methods keeping their function in the instance, looked up later by a middleware): what its verbs are given serves, labelled with the app's framework; a cache with one such `get` is no route table", async () => {
    const found = await scanProject({
      'package.json': '{"dependencies":{"koa":"^2.15.0"}}',
      'src/utils/Router.ts': `interface RouteInfo { handler: Function; type?: string }
export default class Router {
  private routes_: Record<string, Record<string, RouteInfo>> = {};
  private pending: Array<{ path: string; handler: Function }> = [];
  public get(path: string, handler: Function, type: string = null) {
    if (!this.routes_.GET) this.routes_.GET = {};
    this.routes_.GET[path] = { handler, type };
  }
  public post(path: string, handler: Function) {
    this.pending.push({ path, handler });
  }
  public findEndPoint(method: string, path: string): RouteInfo { return this.routes_[method]?.[path]; }
}
export class Cache {
  private loaders = new Map<string, () => unknown>();
  public get(key: string, loader: () => unknown) { this.loaders.set(key, loader); }
}
`,
      'src/routes/admin.ts': `import * as fs from 'fs';
import Router, { Cache } from '../utils/Router';
const router = new Router();
router.get('admin/emails', async (path: string, ctx: any) => {
  ctx.body = fs.readFileSync('/srv/emails/' + path, 'utf8');
});
router.post('admin/tasks', async (path: string, ctx: any) => {
  fs.writeFileSync('/srv/tasks', ctx.request.body);
});
const templates = new Cache();
templates.get('/layout', () => fs.readFileSync('/srv/layout.html', 'utf8'));
export default router;
`,
      'src/app.ts': `import Koa from 'koa';
import admin from './routes/admin';
const app = new Koa();
app.use(async (ctx: any) => {
  const endPoint = admin.findEndPoint(ctx.method, ctx.path);
  ctx.body = await endPoint.handler(ctx.path, ctx);
});
app.listen(3000);
`,
    });
    assert.deepStrictEqual(found.handlers, [
      'koa admin/emails src/routes/admin.ts:koa GET admin/emails',
      'koa admin/tasks src/routes/admin.ts:koa POST admin/tasks',
      'koa middleware src/app.ts:koa middleware',
    ]);
    assert.deepStrictEqual(found.findings, ['js/sync-fs src/routes/admin.ts:5', 'js/sync-fs src/routes/admin.ts:8']);
  });
});
