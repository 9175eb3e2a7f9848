/**
 * Library objects that register handlers, by family, as `Value` names
 * (`express()`, `express.Router()`, a parameter typed `Koa` → `koa()`).
 * A name matches when it starts with the pattern: `express().route()` is
 * still an Express receiver.
 */
const FAMILIES: Array<{ family: string; pattern: RegExp }> = [
  { family: 'express', pattern: /^express(\.default)?(\.Router|\.Express|\.Application)?\(\)/ },
  { family: 'koa', pattern: /^koa(\.default)?\(\)/ },
  { family: 'koa-router', pattern: /^(@koa\/router|koa-router)(\.default|\.Router)?\(\)/ },
  { family: 'fastify', pattern: /^fastify(\.fastify|\.default|\.FastifyInstance)?\(\)/ },
  // `OpenAPIHono` (@hono/zod-openapi) is a Hono app that also registers `app.openapi(route, handler)`.
  { family: 'hono', pattern: /^(hono(\.[a-z]+)*\.Hono|@hono\/zod-openapi(\.default)?\.OpenAPIHono)\(\)/ },
  // A tRPC procedure builder, however configured (`initTRPC.context<C>().create().procedure.use(auth).input(schema)`).
  { family: 'trpc', pattern: /^@trpc\/server\.initTRPC(\.[A-Za-z]+\(\))*\.procedure\b/ },
  { family: 'restify', pattern: /^restify(\.default)?\.createServer\(\)/ },
  { family: 'elysia', pattern: /^elysia(\.default)?\.Elysia\(\)/ },
  { family: 'socket.io-socket', pattern: /^socket\.io(\.default)?\.Socket\(\)/ },
  { family: 'socket.io', pattern: /^socket\.io(\.default|\.Server|\.Namespace)?\(\)/ },
];

/** The framework family of a library object, if it registers handlers. */
export function familyOf(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return FAMILIES.find((f) => f.pattern.test(name))?.family;
}

/** One value name per family: what a registration on a parameter is tried as. */
export const FAMILY_SAMPLES: ReadonlyArray<{ family: string; name: string }> = [
  { family: 'express', name: 'express()' },
  { family: 'koa', name: 'koa()' },
  { family: 'koa-router', name: 'koa-router()' },
  { family: 'fastify', name: 'fastify()' },
  { family: 'hono', name: 'hono.Hono()' },
  { family: 'socket.io', name: 'socket.io()' },
  { family: 'trpc', name: '@trpc/server.initTRPC.create().procedure' },
  { family: 'socket.io-socket', name: 'socket.io.Socket()' },
  { family: 'restify', name: 'restify.createServer()' },
  { family: 'elysia', name: 'elysia.Elysia()' },
];
