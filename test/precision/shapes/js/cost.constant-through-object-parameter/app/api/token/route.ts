import { OAUTH_CONFIG, SECRET_LENGTH, HUGE } from '@/lib/constants';
import { createToken } from '@/lib/token';

export async function POST(req: Request) {
  const { size } = await req.json();
  const code = createToken({ length: OAUTH_CONFIG.CODE_LENGTH });
  const secret = createToken({ length: SECRET_LENGTH, prefix: 'sk_' });
  const literal = createToken({ length: 16 });
  // Not constants the cost model can read: a computed constant, and a size from the request.
  const big = createToken({ length: HUGE }); // expect: js/via-call
  const asked = createToken({ length: size }); // expect: js/via-call
  return Response.json({ code, secret, literal, big, asked });
}
