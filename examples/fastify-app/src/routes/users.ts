import type { FastifyInstance } from 'fastify';
import { store } from '@/services/users';

export async function userRoutes(fastify: FastifyInstance) {
  fastify.get('/', async () => store.list()); // expect: js/via-call

  fastify.get<{ Params: { id: string } }>('/:id', async (request) => {
    const user = await store.get(request.params.id); // expect: js/via-call
    return { user, size: store.sizeOf(request.params.id) }; // expect: js/via-call
  });
}
