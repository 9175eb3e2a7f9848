const fs = require('node:fs');
const zlib = require('node:zlib');
const { promisify } = require('node:util');

const gzip = promisify(zlib.gzip);

exports.renderReport = function renderReport(year) {
  const template = fs.readFileSync(`templates/report-${year}.html`, 'utf8'); // expect: js/sync-fs
  return template.replace('{{year}}', String(year));
};

exports.compress = async function compress(text) {
  return gzip(text);
};
