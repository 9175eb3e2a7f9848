import express from 'express';
import { assertSafeUrlSync } from '@acme/utils';

const app = express();
app.use(express.json());

app.post('/check', (req, res) => {
  assertSafeUrlSync(req.body.url);
  res.json({ ok: true });
});

app.listen(3000);
