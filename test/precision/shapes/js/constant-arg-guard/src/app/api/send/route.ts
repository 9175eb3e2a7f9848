import { parseRequest } from '@/lib/request';

export async function POST(request: Request) {
  const { body } = await parseRequest(request, { skipAuth: true });
  return Response.json({ ok: true, body });
}
