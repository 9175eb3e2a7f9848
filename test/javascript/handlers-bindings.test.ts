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
`, 'lib/auth/twitter/index.js');
    assert.deepStrictEqual(summary(model), ['express GET /auth/twitter -> #<handler:L4>']);
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
      'koa middleware -> #<handler:L6>',
      'koa POST stars.create -> #<handler:L9>',
      'express GET /health -> #<handler:L12>',
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
      'socket.io middleware -> #<handler:L5>',
      'socket.io connection -> #<handler:L6>',
      'socket.io on:chat message -> #<handler:L7>',
      'socket.io on:disconnect -> #onDisconnect',
      'socket.io connection -> #<handler:L10>',
      'socket.io on:purge -> #<handler:L11>',
      'socket.io connection -> #handleConnect',
    ]);
    assert.deepStrictEqual(externalNames(model, '<handler:L7>'), ['fs.writeFileSync']);
  });

  it('socket.io through require: `require("socket.io")(server)` and a socket typed `Socket`', () => {
    const model = analyze(`
const io = require('socket.io')(require('http').createServer());
io.on('connection', (s) => s.on('join', (room) => {}));
import type { Socket } from 'socket.io';
export function register(socket: Socket) { socket.on('leave', () => {}); }
`, 'lib/realtime.ts');
    assert.deepStrictEqual(summary(model), [
      'socket.io connection -> #<handler:L3>',
      'socket.io on:join -> #<handler:L3:C41>',
      'socket.io on:leave -> #<handler:L5>',
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
      'passport verify -> #<handler:L11>',
      'passport verify -> ./utils#verify',
      'passport verify -> #<handler:L13>',
      'passport verify -> ./utils#verify',
      'express-basic-auth authorizer -> #<handler:L15>',
      'express param:noteId -> #<handler:L16>',
    ]);
    assert.strictEqual(fn(model, '<handler:L11>').name, '<handler:L11>');
  });
});
