import { gzipSync } from 'node:zlib';
import { readPostAsync } from '@/lib/content';

export async function GET(request: Request) {
  const text = await readPostAsync('report');
  return new Response(gzipSync(text), { headers: { 'content-encoding': 'gzip' } }); // expect: js/sync-zlib
}

export async function POST(request: Request) {
  const payload = JSON.parse(await request.text()); // expect: js/json-large-payload
  return Response.json({ received: Object.keys(payload).length });
}
