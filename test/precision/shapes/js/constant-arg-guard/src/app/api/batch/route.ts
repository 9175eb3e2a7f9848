import { parseRequest } from '@/lib/request';
import * as send from '@/app/api/send/route';

export async function POST(request: Request) {
  const { body } = await parseRequest(request, { skipAuth: true });
  for (const event of body) {
    await send.POST(new Request(request.url, { method: 'POST', body: JSON.stringify(event) }));
  }
  return Response.json({ ok: true });
}
