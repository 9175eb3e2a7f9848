const fs = require('fs');
const express = require('express');

const app = express();

app.get('/config', (req, res) => {
  const text = fs.readFileSync('config.json', 'utf8');
  res.send(text);
});

app.listen(3000);
