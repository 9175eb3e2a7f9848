const { Router } = require('express');
const Piscina = require('piscina');
const path = require('node:path');
const { renderReport, compress } = require('../services/reports');

const pool = new Piscina({ filename: path.join(__dirname, '..', 'workers', 'pdf.js') });
const reportsRouter = Router();

reportsRouter.get('/:year', async (req, res) => {
  const html = renderReport(req.params.year); // expect: js/via-call
  res.type('html').send(await compress(html));
});

reportsRouter.get('/:year/pdf', async (req, res) => {
  const pdf = await pool.run({ year: req.params.year });
  res.type('pdf').send(pdf);
});

module.exports = { reportsRouter };
