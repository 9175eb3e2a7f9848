const fs = require('node:fs');
const path = require('node:path');
const express = require('express');
const users = require('./routes/users');
const { reportsRouter } = require('./routes/reports');
const { requestLog } = require('./lib/log');

// Startup: read once before listen, not on a request path.
const config = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'config.json'), 'utf8'));

const app = express();
app.use(express.json({ limit: '1mb' }));
app.use(requestLog);
app.use('/users', users);
app.use('/reports', reportsRouter);

app.get('/health', (req, res) => {
  res.json({ ok: true, version: config.version });
});

app.use((err, req, res, next) => {
  fs.appendFileSync('errors.log', `${new Date().toISOString()} ${err.stack}\n`); // expect: js/sync-fs
  res.status(500).json({ error: 'internal' });
});

app.listen(config.port, () => {
  fs.writeFileSync('server.pid', String(process.pid));
});
