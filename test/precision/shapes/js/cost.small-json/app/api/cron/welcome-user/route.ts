// precision-cause: cost — JSON.parse of a body that is known small: a signed cron/queue callback carrying
// an id, not user-sized data; there is no async JSON.parse to switch to anyway.
// Seen in papermark: QStash callbacks (cron/welcome-user, webhooks/callback), 2 info findings. (Its stored
// webhook event bodies: js/cost.array-element-param; its randomBytes(length): js/cost.constant-through-parameter.)
// Fixed: js/json-large-payload's cost model skips a body the handler first handed to a signature check
// (`request-checked-by`): only the holder of the signing secret can send it.
import { verifyQstashSignature } from '../../../../lib/verify-qstash';

export async function POST(req: Request) {
  const rawBody = await req.text();
  await verifyQstashSignature({ req, rawBody });
  const { userId } = JSON.parse(rawBody);
  return Response.json({ userId });
}
