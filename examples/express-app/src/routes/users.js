const express = require('express');
const bcrypt = require('bcrypt');
const { userByEmail, allUsers } = require('../lib/db');

const router = express.Router();
const EMAIL = /^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$/;

router.get('/', (req, res) => {
  res.json(allUsers()); // expect: js/via-call
});

router.post('/login', async (req, res) => {
  if (!EMAIL.test(req.body.email)) return res.status(400).end(); // expect: js/redos
  const user = userByEmail(req.body.email); // expect: js/via-call
  if (!user) return res.status(404).end();
  const ok = bcrypt.compareSync(req.body.password, user.hash); // expect: js/sync-bcrypt
  const again = await bcrypt.compare(req.body.password, user.hash);
  res.json({ ok: ok && again });
});

module.exports = router;
