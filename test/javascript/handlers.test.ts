import * as assert from 'assert';
import type { FileModel } from '../../src/core/model';
import { analyze, externalNames, fn, targets } from './helpers';

function summary(model: FileModel): string[] {
  return model.handlers.map((h) => `${h.framework} ${(h.methods ?? []).join('|')} ${h.route} -> ${h.ref.module ?? ''}#${h.ref.name}`.replace(/ +/g, ' '));
}

describe('javascript: handlers', () => {
  it('names repeated functions by their order, not their line: lines added above rename none', () => {
    const text = [
      "const express = require('express');",
      'const app = express();',
      'function helper() {}',
      'function helper() {}',
      "app.get('/a', (req, res) => {});",
      "app.get('/b', (req, res) => helper());",
      '',
    ].join('\n');
    const names = (source: string) => analyze(source, 'src/app.js').functions.map((f) => f.name);
    assert.deepStrictEqual(names(text), ['helper', 'helper:2', '<handler>', '<handler:2>']);
    assert.deepStrictEqual(names(`\n\n${text}`), names(text));
    assert.deepStrictEqual(names(text.replace("app.get('/a'", "\napp.get('/a'")), names(text));
  });

  it('Express: verbs, middleware, route chains, param, error middleware, named and imported handlers', () => {
    const model = analyze(`
const express = require('express');
const { list } = require('./controllers/users');
const users = require('./controllers/users');
const app = express();
const router = express.Router();
function show(req, res) {}
app.get('/a', (req, res) => {});
app.use(express.json());
app.use((req, res, next) => next());
router.post('/b', auth, show);
router.put('/c', [auth], list);
router.delete('/d', users.remove);
app.route('/e').get((req, res) => {}).patch(show);
router.param('id', (req, res, next, id) => next());
app.use((err, req, res, next) => next(err));
app.get('env');
app.post('/f', asyncHandler(async (req, res) => {}), wrap(show));
app.use(cors({ origin: '*' }), express.static('public'));
function auth(req, res, next) { next(); }
`, 'src/app.js');
    assert.deepStrictEqual(summary(model), [
      'express GET /a -> #<handler>',
      'express middleware -> #<handler:2>',
      'express POST /b -> #auth',
      'express POST /b -> #show',
      'express PUT /c -> #auth',
      'express PUT /c -> ./controllers/users#list',
      'express DELETE /d -> ./controllers/users#remove',
      'express GET /e -> #<handler:3>',
      'express PATCH /e -> #show',
      'express param:id -> #<handler:4>',
      'express error middleware -> #<handler:5>',
      'express POST /f -> #<handler:6>',
      'express POST /f -> #show',
    ]);
    for (const h of model.handlers) assert.deepStrictEqual(h.contextByKind, { sync: 'event-loop', async: 'event-loop' });
  });

  it('Express: a route on an `app` parameter waits for the index to see an app reach it; a Map.get does not register', () => {
    const model = analyze(`
module.exports = function routes(app) {
  app.get('/x', (req, res) => res.end());
  const cache = new Map();
  cache.get('/x', () => 1);
};`, 'src/routes.js');
    assert.deepStrictEqual(summary(model), [], 'the name `app` alone is no evidence');
    const pending = (model.facts?.pendingHandlers ?? []) as Array<{ family: string; handler: { ref: { name: string } } }>;
    assert.deepStrictEqual([...new Set(pending.map((p) => p.handler.ref.name))], ['<handler>']);
    assert.ok(pending.some((p) => p.family === 'express'));
    assert.strictEqual(fn(model, '<handler>').parent, 'routes');
    assert.deepStrictEqual(targets(model, '<handler>'), ['unknown:res.end']);
    assert.ok(targets(model, 'routes').includes('unknown:res.end'), 'its calls still count for the function that registers it');
  });

  it('Fastify: shorthand with and without options, route(), request hooks, plugins as startup code', () => {
    const model = analyze(`
import Fastify from 'fastify';
import fs from 'fs';
const fastify = Fastify();
fastify.get('/a', async (req, reply) => 1);
fastify.post('/b', { preHandler: async () => {} }, async () => 2);
fastify.route({ method: 'PUT', url: '/c', handler: async () => 3, onRequest: [async () => 4] });
fastify.addHook('preHandler', async () => {});
fastify.addHook('onClose', async () => {});
fastify.register(async (instance) => {
  fs.readFileSync('plugin-startup');
  instance.delete('/d', async () => 5);
});
`);
    assert.deepStrictEqual(summary(model), [
      'fastify GET /a -> #<handler>',
      'fastify POST /b -> #<handler:2>',
      'fastify POST /b -> #<handler:3>',
      'fastify PUT /c -> #<handler:4>',
      'fastify PUT /c -> #<handler:5>',
      'fastify hook:preHandler -> #<handler:6>',
      'fastify DELETE /d -> #<handler:7>',
    ]);
    assert.ok(externalNames(model, '<module>').includes('fs.readFileSync'), 'plugin body is startup code');
  });

  it('Koa and @koa/router', () => {
    const model = analyze(`
import Koa from 'koa';
import Router from '@koa/router';
const app = new Koa();
const router = new Router();
app.use(async (ctx, next) => next());
router.get('/a', async (ctx) => {});
router.post('named', '/b', async (ctx) => {});
`);
    assert.deepStrictEqual(summary(model), ['koa middleware -> #<handler>', 'koa GET /a -> #<handler:2>', 'koa POST /b -> #<handler:3>']);
  });

  it('Hono: verbs, use, on()', () => {
    const model = analyze(`
import { Hono } from 'hono';
const app = new Hono();
app.use('*', async (c, next) => next());
app.get('/a', (c) => c.text('a'));
app.on(['PUT', 'DELETE'], '/b', (c) => c.text('b'));
`);
    assert.deepStrictEqual(summary(model), ['hono * -> #<handler>', 'hono GET /a -> #<handler:2>', 'hono PUT|DELETE /b -> #<handler:3>']);
  });

  it('Hono with @hono/zod-openapi: app.openapi(route, handler), in place and through a registering function', () => {
    const model = analyze(`
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
const api = new OpenAPIHono();
api.openapi(createRoute({ method: 'get', path: '/users/{id}', responses: {} }), (c) => c.json({}));
const schema = z.object({}).openapi('User');
export function registerList(app: typeof api) {
  app.openapi(listRoute, async (c) => c.json([]));
}
`);
    assert.deepStrictEqual(summary(model), ['hono GET /users/{id} -> #<handler>']);
    // On a parameter, the registration waits for a Hono app to reach it (the index follows the callers).
    const pending = (model.facts?.pendingHandlers ?? []) as Array<{ family: string; handler: { ref: { name: string } } }>;
    assert.deepStrictEqual(pending.map((p) => `${p.family} ${p.handler.ref.name}`), ['hono <handler:2>']);
  });

  it('NestJS: controller routes with prefixes and enhancer methods', () => {
    const model = analyze(`
import { Controller, Get, Post, All, Injectable, NestMiddleware, CanActivate } from '@nestjs/common';
@Controller({ path: 'users' })
export class UsersController {
  @Get(':id') one() {}
  @Post() create() {}
  @All('*') any() {}
  helper() {}
}
@Injectable()
export class Auth implements CanActivate { canActivate() { return true; } }
export class Log implements NestMiddleware { use(req, res, next) { next(); } }
export class Plain { use() {} }
@Injectable()
export class Formatter { transform(x) { return x; } use() {} }
@Injectable()
export class Timing { intercept(ctx, next) { return next.handle(); } }
`);
    assert.deepStrictEqual(summary(model), [
      'nestjs GET /users/:id -> #UsersController.one',
      'nestjs POST /users -> #UsersController.create',
      'nestjs * /users/* -> #UsersController.any',
      'nestjs canActivate -> #Auth.canActivate',
      'nestjs middleware -> #Log.use',
      'nestjs intercept -> #Timing.intercept',
    ]);
  });

  it('NestJS: an Angular guard, pipe and interceptor with the same names are not Nest enhancers (paperless-ngx src-ui)', () => {
    const model = analyze(`
import { Injectable, Pipe, PipeTransform } from '@angular/core';
import { CanActivate } from '@angular/router';
import { HttpInterceptor } from '@angular/common/http';
import { Injectable as NestInjectable, CanActivate as NestCanActivate } from '@nestjs/common';
@Injectable()
export class PermissionsGuard { canActivate() { return true; } }
@Injectable()
export class RouteGuard implements CanActivate { canActivate() { return true; } }
@Pipe({ name: 'customDate' })
export class CustomDatePipe implements PipeTransform { transform(value) { return value; } }
@Injectable()
export class Interceptor implements HttpInterceptor { intercept(req, next) { return next.handle(req); } }
@NestInjectable()
export class NestGuard implements NestCanActivate { canActivate() { return true; } }
`);
    assert.deepStrictEqual(summary(model), ['nestjs canActivate -> #NestGuard.canActivate']);
  });

  it('NestJS: gateway messages and connection hooks, microservice message and event patterns', () => {
    const model = analyze(`
import { Controller } from '@nestjs/common';
import { WebSocketGateway, SubscribeMessage, OnGatewayConnection } from '@nestjs/websockets';
import { MessagePattern, EventPattern } from '@nestjs/microservices';
@WebSocketGateway()
export class EventsGateway implements OnGatewayConnection {
  handleConnection(client) {}
  @SubscribeMessage('events') onEvent(data) { return data; }
  helper() {}
}
@Controller()
export class MathController {
  @MessagePattern({ cmd: 'sum' }) sum(data) { return data; }
  @EventPattern('user_created') created(data) {}
}
export class NotAGateway { handleConnection() {} }
`);
    assert.deepStrictEqual(summary(model), [
      'nestjs handleConnection -> #EventsGateway.handleConnection',
      'nestjs events -> #EventsGateway.onEvent',
      'nestjs MessagePattern -> #MathController.sum',
      'nestjs user_created -> #MathController.created',
    ]);
  });

  it('NestJS: a @nestjs/passport strategy validates every request its guard authenticates, an AuthGuard subclass overrides per-request steps; a class of another PassportStrategy does not', () => {
    const model = analyze(`
import { Injectable } from '@nestjs/common';
import { PassportStrategy as NestStrategy, AuthGuard } from '@nestjs/passport';
import { PassportStrategy } from './local-mixins';
import { Strategy } from 'passport-jwt';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
@Injectable()
export class JwtStrategy extends NestStrategy(Strategy) {
  async validate(payload) { return payload; }
}
@Injectable()
export class ApiKeyStrategy extends NestStrategy(HeaderAPIKeyStrategy, 'api-key') {
  validate(apiKey) { return apiKey; }
  helper() {}
}
export class NoValidate extends NestStrategy(Strategy, 'none') {}
export class Elsewhere extends PassportStrategy(Strategy) { validate() {} }
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  canActivate(context) { return super.canActivate(context); }
  handleRequest(err, user) { return user; }
  cookie(user) {}
}
`);
    assert.deepStrictEqual(summary(model), [
      'nestjs passport Strategy -> #JwtStrategy.validate',
      'nestjs passport api-key -> #ApiKeyStrategy.validate',
      'nestjs canActivate -> #JwtAuthGuard.canActivate',
      'nestjs handleRequest -> #JwtAuthGuard.handleRequest',
    ]);
  });

  it('Next.js app pages: a server component rendered per request (searchParams, next/headers, force-dynamic) is a handler; static, ISR and client pages are not', () => {
    const page = (text: string, file = 'app/(shop)/items/[id]/page.tsx') => summary(analyze(text, file));
    assert.deepStrictEqual(page('export default async function Page({ searchParams }) { const { q } = await searchParams; return q; }'), ['nextjs GET /items/[id] -> #Page']);
    assert.deepStrictEqual(page("import { cookies } from 'next/headers';\nexport default async function Page() { return (await cookies()).get('a'); }", 'app/page.tsx'), ['nextjs GET / -> #Page']);
    assert.deepStrictEqual(page("export const dynamic = 'force-dynamic';\nexport default function Page() { return 1; }"), ['nextjs GET /items/[id] -> #Page']);
    assert.deepStrictEqual(page('export default function Page({ params }) { return params.id; }'), [], 'static (or generated on demand and cached)');
    assert.deepStrictEqual(page('export const revalidate = 60;\nexport default function Page() { return 1; }'), [], 'ISR');
    assert.deepStrictEqual(page("'use client';\nexport default function Page({ searchParams }) { return searchParams; }"), [], 'a client component');
  });

  it('Remix / React Router route modules: loader and action under app/routes and app/root, routes from flat-route file names', () => {
    const route = (file: string, text = 'export async function loader({ request }) { return null; }\nexport const action = async () => null;\nexport function clientLoader() {}') => summary(analyze(text, file));
    assert.deepStrictEqual(route('app/routes/_authenticated+/admin+/documents.$id.tsx'), ['remix GET /admin/documents/:id -> #loader', 'remix POST /admin/documents/:id -> #action']);
    assert.deepStrictEqual(route('app/routes/_index.tsx', 'export const loader = () => 1;'), ['remix GET / -> #loader']);
    assert.deepStrictEqual(route('app/root.tsx', 'export async function loader() { return 1; }'), ['remix GET / -> #loader']);
    assert.deepStrictEqual(route('app/components/table.tsx'), [], 'not a route module');
    assert.deepStrictEqual(route('app/routes/docs.tsx', "export { loader } from './shared';"), ['remix GET /docs -> ./shared#loader'], 'a loader re-exported from another module');
  });

  it('Next.js by file path: pages/api, app route methods, getServerSideProps, middleware, server actions', () => {
    const api = analyze('export default async function handler(req, res) { res.end(); }', 'pages/api/users/[id].ts');
    assert.deepStrictEqual(summary(api), ['nextjs /api/users/[id] -> #handler']);
    const wrapped = analyze("import { withAuth } from 'lib-auth';\nasync function handler(req, res) {}\nexport default withAuth(handler);", 'pages/api/me.ts');
    assert.deepStrictEqual(summary(wrapped), ['nextjs /api/me -> #handler']);
    const inlineWrapped = analyze("import { withAuth } from 'lib-auth';\nexport default withAuth(async (req, res) => {});", 'pages/api/inline.js');
    assert.deepStrictEqual(summary(inlineWrapped), ['nextjs /api/inline -> #default']);
    const route = analyze('export async function GET() {}\nexport const POST = async () => {};\nexport function helper() {}', 'src/app/api/items/route.ts');
    assert.deepStrictEqual(summary(route), ['nextjs GET /api/items -> #GET', 'nextjs POST /api/items -> #POST']);
    const grouped = analyze('export async function GET() {}', 'app/(marketing)/@feed/rss.xml/route.ts');
    assert.deepStrictEqual(summary(grouped), ['nextjs GET /rss.xml -> #GET'], 'route groups and slots are not in the URL');
    const page = analyze('export const getServerSideProps = async () => ({ props: {} });\nexport default function P() { return <div/>; }', 'pages/index.tsx');
    assert.deepStrictEqual(summary(page), ['nextjs getServerSideProps / -> #getServerSideProps']);
    const mw = analyze('export function middleware(req) {}', 'middleware.ts');
    assert.deepStrictEqual(summary(mw), ['nextjs middleware -> #middleware']);
    const proxy = analyze('export default function proxy(req) {}', 'src/proxy.ts');
    assert.deepStrictEqual(summary(proxy), ['nextjs proxy -> #proxy']);
    const nested = analyze("import { NextResponse } from 'next/server';\nexport function middleware(req) { return NextResponse.next(); }", 'apps/web/middleware.ts');
    assert.deepStrictEqual(summary(nested), ['nextjs middleware -> #middleware'], 'a Next app below the scanned root');
    const expressMiddleware = analyze('export function middleware(req, res, next) { next(); }', 'server/middleware.ts');
    assert.deepStrictEqual(summary(expressMiddleware), [], 'a middleware.ts that does not use next/server is not Next middleware');
    const actions = analyze("'use server';\nexport async function save() {}\nasync function local() {}", 'app/actions.ts');
    assert.deepStrictEqual(summary(actions), ['nextjs server action -> #save']);
    const inline = analyze("export default function Page() {\n  async function act() { 'use server'; }\n  return <form action={act} />;\n}", 'app/page.tsx');
    assert.deepStrictEqual(summary(inline), ['nextjs server action -> #Page.<locals>.act']);
    const notNext = analyze('export default function handler(req, res) {}', 'src/lib/api/users.ts');
    assert.deepStrictEqual(summary(notNext), []);
  });

  it('node http servers and request events', () => {
    const model = analyze(`
import http from 'node:http';
import https from 'https';
const server = http.createServer((req, res) => res.end());
https.createServer({ key: 'k' }, onRequest);
server.on('request', (req, res) => {});
server.on('listening', () => {});
function onRequest(req, res) {}
`);
    assert.deepStrictEqual(summary(model), ['http null -> #<handler>', 'http null -> #onRequest', 'http on:request -> #<handler:2>']);
  });

  it('AWS Lambda exports run one request per instance', () => {
    for (const text of ['export const handler = async (event) => {};', 'exports.handler = async function (event, context) {};']) {
      const model = analyze(text, 'src/lambda.js');
      assert.deepStrictEqual(summary(model), ['aws-lambda null -> #handler']);
      assert.strictEqual(model.handlers[0].context, 'per-request-instance');
      assert.deepStrictEqual(model.handlers[0].contextByKind, { sync: 'per-request-instance', async: 'per-request-instance' });
    }
  });

  it('names functions wrapped at the top level after their variable (middy, withAuth)', () => {
    const lambda = analyze("import middy from '@middy/core';\nimport fs from 'fs';\nexport const handler = middy(async (event) => fs.readFileSync('x'));", 'src/fn.ts');
    assert.deepStrictEqual(summary(lambda), ['aws-lambda null -> #handler']);
    assert.deepStrictEqual(externalNames(lambda, 'handler'), ['fs.readFileSync']);
    const route = analyze("import { withAuth } from '@/lib/auth';\nconst GET = withAuth(async (req) => new Response('ok'));\nexport { GET };", 'app/api/me/route.ts');
    assert.deepStrictEqual(summary(route), ['nextjs GET /api/me -> #GET']);
    const server = analyze("import http from 'http';\nconst server = http.createServer((req, res) => res.end());\nserver.on('request', (req) => {});");
    assert.deepStrictEqual(summary(server), ['http null -> #<handler>', 'http on:request -> #<handler:2>']);
  });

  it('keeps startup code, listen callbacks and worker files off the request path', () => {
    const model = analyze(`
import express from 'express';
import fs from 'fs';
const config = fs.readFileSync('config.json');
const app = express();
app.listen(3000, () => fs.writeFileSync('pid', '1'));
process.on('SIGTERM', () => fs.unlinkSync('pid'));
`);
    assert.deepStrictEqual(model.handlers, []);
    assert.deepStrictEqual(externalNames(model, '<module>').filter((n) => n.startsWith('fs.')), ['fs.readFileSync', 'fs.writeFileSync', 'fs.unlinkSync']);
    const worker = analyze(`
const { parentPort } = require('worker_threads');
exports.handler = (event) => 1;
http.createServer((req, res) => {});
`, 'src/worker.js');
    assert.deepStrictEqual(worker.handlers, []);
  });
});
