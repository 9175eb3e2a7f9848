import type { FastifyInstance } from 'fastify';
import { gzipSync } from 'node:zlib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function exportRoutes(fastify: FastifyInstance) {
  fastify.route({
    method: 'GET',
    url: '/dump',
    handler: async (request, reply) => {
      const { stdout } = await run('pg_dump', ['app']);
      reply.header('content-encoding', 'gzip');
      return gzipSync(stdout); // expect: js/sync-zlib
    },
  });
}
