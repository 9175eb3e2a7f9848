// precision-cause: cost — a size drawn from a bounded range: 24 to 64 random bytes cost microseconds (kutt's OAuth password).
// Fixed by the cost model reading the range of Math.random arithmetic (src/core/javascript/bounds.ts).
const crypto = require("crypto");
const express = require("express");

const app = express();

function generateRandomPassword() {
  // 24-64 characters.
  const length = Math.floor(Math.random() * 41) + 24;
  return [...crypto.randomBytes(length)].map((byte) => String.fromCharCode((byte % 93) + 33)).join("");
}

function largeBlob() {
  const size = Math.floor(Math.random() * 1024) * 1024 * 1024;
  return crypto.randomBytes(size); // expect: js/sync-crypto
}

app.post("/oauth/callback", (req, res) => {
  res.json({ password: generateRandomPassword() });
});

app.get("/blob", (req, res) => res.send(largeBlob())); // expect: js/via-call

app.listen(3000);
