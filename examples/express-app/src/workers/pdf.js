// Runs in a piscina worker thread: blocking here does not stall the server.
const fs = require('node:fs');

module.exports = ({ year }) => fs.readFileSync(`reports/${year}.pdf`);
