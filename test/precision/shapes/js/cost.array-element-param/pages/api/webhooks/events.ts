// precision-cause: cost — an array method's callback parameter named `event` was taken for a request
// (the name Lambda handlers use), so JSON.parse of each stored event's small body looked like a
// request-body parse. Seen in papermark: pages/api/teams/[teamId]/webhooks/[id]/events.ts.
// Fixed: a callback of map/forEach/filter/... gets the array's elements, whatever its parameters are called.
import type { NextApiRequest, NextApiResponse } from 'next';

async function getWebhookEvents(webhookId: string): Promise<{ data: Array<{ request_body: string }> }> {
  const res = await fetch(`https://api.tinybird.co/v0/pipes/events.json?id=${webhookId}`);
  return res.json();
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const events = await getWebhookEvents(String(req.query.id));
  const parsedEvents = events.data.map((event) => ({
    ...event,
    request_body: JSON.parse(event.request_body),
  }));
  return res.status(200).json(parsedEvents);
}
