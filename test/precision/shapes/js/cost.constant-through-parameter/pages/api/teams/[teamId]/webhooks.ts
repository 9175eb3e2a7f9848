import type { NextApiRequest, NextApiResponse } from 'next';
import { generateWebhookId } from '../../../../lib/webhookId';

export default async function handle(req: NextApiRequest, res: NextApiResponse) {
  const { teamId } = req.query as { teamId: string };
  return res.status(201).json({ id: generateWebhookId(teamId) });
}
