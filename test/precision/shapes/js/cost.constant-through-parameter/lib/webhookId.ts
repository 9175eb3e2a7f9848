// precision-cause: cost — crypto.randomBytes(length) where every caller passes a small constant (8, 24).
// Seen in papermark: generateWebhookId builds a webhook id from generateBase62String(8) and (24).
// Fixed: a call passing constants into a helper stands in for the helper's parameter in the cost model.
import crypto from 'node:crypto';

function generateBase62String(length: number): string {
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const bytes = crypto.randomBytes(length);
  let result = '';
  for (let i = 0; i < length; i++) result += chars[bytes[i] % chars.length];
  return result;
}

export function generateWebhookId(teamId: string): string {
  return `T${Buffer.from(teamId).toString('base64url')}/B${generateBase62String(8)}/${generateBase62String(24)}`;
}
