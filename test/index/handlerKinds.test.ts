/**
 * What each handler is to its framework (`handlerKind`), on small apps
 * written to disk and scanned: the numbers `npm run bench` prints per kind.
 */
import * as assert from 'assert';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { renderReport } from '../../src/core/report';
import { makeTree, removeTree } from '../files/tree';

async function kinds(files: Record<string, string>): Promise<string[]> {
  const root = makeTree(files, 'unblock-kinds-');
  try {
    const result = await scan([root], { fixes: false });
    return result.handlers.map((h) => `${path.relative(root, h.file)} ${h.name} ${h.handlerKind}`).sort();
  } finally {
    removeTree(root);
  }
}

describe('handler kinds', () => {
  it('Flask: routes, hooks, error handlers and MethodView methods', async () => {
    const found = await kinds({
      'app.py': [
        'from flask import Flask',
        'from flask.views import MethodView',
        '',
        'app = Flask(__name__)',
        '',
        '@app.route("/")',
        'def index():',
        '    return "ok"',
        '',
        '@app.before_request',
        'def load_user():',
        '    pass',
        '',
        '@app.errorhandler(404)',
        'def not_found(e):',
        '    return "missing", 404',
        '',
        'class ItemView(MethodView):',
        '    def get(self):',
        '        return "item"',
        '',
        'app.add_url_rule("/items", view_func=ItemView.as_view("items"))',
        '',
      ].join('\n'),
    });
    assert.deepStrictEqual(found, [
      'app.py ItemView.get class-view',
      'app.py index route',
      'app.py load_user hook',
      'app.py not_found hook',
    ]);
  });

  it('FastAPI: routes, websockets, middleware and dependencies', async () => {
    const found = await kinds({
      'main.py': [
        'from fastapi import Depends, FastAPI, WebSocket',
        '',
        'app = FastAPI()',
        '',
        'def current_user():',
        '    return "u"',
        '',
        '@app.get("/me")',
        'async def me(user=Depends(current_user)):',
        '    return user',
        '',
        '@app.websocket("/ws")',
        'async def feed(ws: WebSocket):',
        '    await ws.accept()',
        '',
        '@app.middleware("http")',
        'async def timing(request, call_next):',
        '    return await call_next(request)',
        '',
      ].join('\n'),
    });
    assert.deepStrictEqual(found, ['main.py current_user callback', 'main.py feed websocket', 'main.py me route', 'main.py timing middleware']);
  });

  it('Express: routes, middleware, error middleware and app.param', async () => {
    const found = await kinds({
      'package.json': '{"dependencies": {"express": "^4.0.0"}}',
      'server.js': [
        "const express = require('express');",
        'const app = express();',
        'function logRequests(req, res, next) { next(); }',
        'function loadUser(req, res, next, id) { next(); }',
        'function listUsers(req, res) { res.send([]); }',
        'function onError(err, req, res, next) { res.status(500).end(); }',
        'app.use(logRequests);',
        "app.param('id', loadUser);",
        "app.get('/users', listUsers);",
        'app.use(onError);',
        '',
      ].join('\n'),
    });
    assert.deepStrictEqual(found, [
      'server.js listUsers route',
      'server.js loadUser callback',
      'server.js logRequests middleware',
      'server.js onError middleware',
    ]);
  });
});

const FILES: Record<string, string> = {
  'py/events.py': ['import socketio', 'sio = socketio.AsyncServer()', '', '@sio.event', 'async def connect(sid, environ):', '    pass', ''].join('\n'),
  'py/schema.py': ['import graphene', '', 'class Query(graphene.ObjectType):', '    hello = graphene.String()', '', '    def resolve_hello(root, info):', '        return "hi"', ''].join('\n'),
  'js/server.js': [
    "const { Server } = require('socket.io');",
    "const { ApolloServer } = require('@apollo/server');",
    "const passport = require('passport');",
    "const LocalStrategy = require('passport-local');",
    'const io = new Server(3000);',
    "io.on('connection', (socket) => { socket.on('chat', (msg) => msg); });",
    'const resolvers = { Query: { hello: () => "hi" } };',
    'const server = new ApolloServer({ typeDefs: "", resolvers });',
    'passport.use(new LocalStrategy((user, pass, done) => done(null, user)));',
    '',
  ].join('\n'),
};

describe('handler kinds of handlers that are no routes', () => {
  it('names socket.io events, GraphQL resolvers and passport verify callbacks by their kind, in both languages', async () => {
    const root = makeTree(FILES);
    try {
      const result = await scan([root]);
      const report = JSON.parse(renderReport('json', result)) as { handlers: Array<{ framework: string; route: string | null; handlerKind: string }> };
      const kinds = new Set(report.handlers.map((h) => `${h.framework} ${h.handlerKind}`));
      for (const expected of ['socketio socketio-event', 'graphene graphql-resolver', 'socket.io socketio-event', 'graphql graphql-resolver', 'passport callback']) {
        assert.ok(kinds.has(expected), `${expected} missing from ${[...kinds].join(', ')}`);
      }
      assert.ok(![...kinds].some((k) => /^(socketio|socket\.io|graphene|graphql|passport) route$/.test(k)), [...kinds].join(', '));
    } finally {
      removeTree(root);
    }
  });
});

describe('handler kinds set by every matcher', () => {
  it('Flask extension loaders, template filters and URL hooks; NestJS resolvers; Fastify error handlers; graphql-js resolvers', async () => {
    const found = await kinds({
      'app.py': [
        'from flask import Flask',
        'from flask_login import LoginManager',
        'from flask_httpauth import HTTPBasicAuth',
        '',
        'app = Flask(__name__)',
        'login = LoginManager(app)',
        'auth = HTTPBasicAuth()',
        '',
        '@login.user_loader',
        'def load_user(user_id):',
        '    return None',
        '',
        '@auth.verify_password',
        'def verify(username, password):',
        '    return True',
        '',
        '@app.template_filter("money")',
        'def money(value):',
        '    return f"{value:.2f}"',
        '',
        '@app.url_value_preprocessor',
        'def pull_lang(endpoint, values):',
        '    pass',
        '',
      ].join('\n'),
      'src/users.resolver.ts': [
        "import { Resolver, Query } from '@nestjs/graphql';",
        '@Resolver()',
        'export class UsersResolver {',
        '  @Query()',
        '  users() { return []; }',
        '}',
      ].join('\n'),
      'src/server.js': [
        "const fastify = require('fastify')();",
        "const { GraphQLObjectType, GraphQLString } = require('graphql');",
        'fastify.setErrorHandler((error, request, reply) => reply.send(error));',
        "const Query = new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString, resolve: () => 'hi' } } });",
      ].join('\n'),
    });
    assert.deepStrictEqual(found, [
      'app.py load_user callback',
      'app.py money callback',
      'app.py pull_lang hook',
      'app.py verify callback',
      'src/server.js Query.hello.resolve graphql-resolver',
      'src/server.js fastify setErrorHandler hook',
      'src/users.resolver.ts UsersResolver.users graphql-resolver',
    ]);
  });
});
