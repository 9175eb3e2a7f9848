// precision-cause: cost — crypto.randomBytes(bitLength / 8) where every caller passes a small constant (256).
// Seen in umbrel: randomToken(256) makes the JWT secret and the proxy token, reached from three handlers.
// Fixed: arithmetic with a constant on a parameter goes into the cost model with the caller's number (256 / 8 = 32 bytes).
import crypto from 'node:crypto';
import express from 'express';

function randomToken(bitLength: number): string {
  return crypto.randomBytes(bitLength / 8).toString('hex');
}

function bigToken(megabytes: number): string {
  return crypto.randomBytes(megabytes * 1048576).toString('hex'); // expect: js/sync-crypto@error
}

const app = express();
app.get('/token', (req, res) => {
  res.json({ token: randomToken(256) });
});
app.get('/big', (req, res) => {
  res.json({ token: bigToken(64) }); // expect: js/via-call@error
});
app.listen(3000);
