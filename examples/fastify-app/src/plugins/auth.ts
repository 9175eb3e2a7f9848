import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

// Read once when the plugin registers: startup, not a request path.
const keys: Record<string, string> = JSON.parse(readFileSync('api-keys.json', 'utf8'));

export default fp(async function auth(fastify: FastifyInstance) {
  fastify.addHook('preHandler', async (request, reply) => {
    const key = String(request.headers['x-api-key'] ?? '');
    const derived = pbkdf2Sync(key, 'api-salt', 100000, 32, 'sha256'); // expect: js/sync-crypto
    const known = Object.values(keys).some((k) => timingSafeEqual(Buffer.from(k, 'hex'), derived));
    if (!known) return reply.code(401).send();
  });
});
