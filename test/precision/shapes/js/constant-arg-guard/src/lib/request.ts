// precision-cause: constant-arg-guard — the blocking call sits behind `if (!options?.skipAuth)`, and the
// caller passes the literal `{ skipAuth: true }`: on this path the branch is never taken.
// Seen in umami: parseRequest(request, schema, { skipAuth: true }) in /api/send, /api/batch, /api/record,
// /api/config, /api/auth/login, and the (collect) pixel routes that call send's POST (8 findings).
// Fix: when a via-call's argument is an object literal with a boolean constant and the callee guards the
// blocking branch on that property (`options?.x`, `options.x`, destructured `{ x }`), prune the branch for
// that call site (and for callers that reach it only through such a call site).
import crypto from 'node:crypto';

function checkAuth(request: Request) {
  const token = request.headers.get('authorization') ?? '';
  return crypto.pbkdf2Sync(token, 'salt', 10000, 32, 'sha512');
}

export async function parseRequest(request: Request, options?: { skipAuth: boolean }) {
  const body = await request.json();
  let auth = null;
  if (!options?.skipAuth) {
    auth = checkAuth(request);
  }
  return { body, auth };
}
