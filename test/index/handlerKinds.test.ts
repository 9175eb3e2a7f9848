/**
 * The kind each matcher gives its handlers, as the JSON report shows it:
 * socket.io events, GraphQL resolvers and auth callbacks are no routes.
 */
import * as assert from 'assert';
import { scan } from '../../src/core/scan';
import { renderReport } from '../../src/core/report';
import { makeTree, removeTree } from '../files/tree';

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

describe('handler kinds in the report', () => {
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
