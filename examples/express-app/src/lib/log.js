const fs = require('node:fs');

function requestLog(req, res, next) {
  fs.appendFileSync('access.log', `${req.method} ${req.url}\n`); // expect: js/sync-fs
  next();
}

module.exports = { requestLog };
