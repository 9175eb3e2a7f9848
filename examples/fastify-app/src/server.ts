import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import authPlugin from './plugins/auth.js';
import { exportRoutes } from './routes/export.js';
import { userRoutes } from './routes/users.js';

const settings = JSON.parse(readFileSync(new URL('../settings.json', import.meta.url), 'utf8'));

const fastify = Fastify({ logger: true });

await fastify.register(authPlugin);
await fastify.register(userRoutes, { prefix: '/users' });
await fastify.register(exportRoutes, { prefix: '/export' });

fastify.get('/health', async () => ({ ok: true, name: settings.name }));

await fastify.listen({ port: settings.port });
