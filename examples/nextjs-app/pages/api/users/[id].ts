import type { NextApiRequest, NextApiResponse } from 'next';
import { execSync } from 'node:child_process';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const owner = execSync(`id -un ${Number(req.query.id)}`).toString(); // expect: js/sync-child-process
  res.status(200).json({ owner });
}
