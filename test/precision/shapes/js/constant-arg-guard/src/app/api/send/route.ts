import { parseRequest } from '@/lib/request';

export async function POST(request: Request) {
  const { body } = await parseRequest(request, { skipAuth: true }); // expect: js/via-call
  return Response.json({ ok: true, body });
}
