import { Receiver } from '@upstash/qstash';

const receiver = new Receiver({ currentSigningKey: 'current', nextSigningKey: 'next' });

export async function verifyQstashSignature({ req, rawBody }: { req: Request; rawBody: string }): Promise<void> {
  const signature = req.headers.get('Upstash-Signature') ?? '';
  const valid = await receiver.verify({ signature, body: rawBody });
  if (!valid) throw new Error('Invalid QStash signature');
}
