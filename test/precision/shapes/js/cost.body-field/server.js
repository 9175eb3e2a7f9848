// precision-cause: cost — JSON.parse of one field of a body the framework already parsed (codimd's history sync, outline's Slack payload).
// Fixed by the cost model: the body parser's limit bounds the field, and the parse it did already cost as much.
const express = require("express");
const bodyParser = require("body-parser");

const app = express();
const urlencodedParser = bodyParser.urlencoded({ extended: false, limit: 1024 * 1024 * 10 });

function historyPost(req, res) {
  if (typeof req.body.history === "undefined") return res.sendStatus(400);
  let history;
  try {
    history = JSON.parse(req.body.history);
  } catch (err) {
    return res.sendStatus(400);
  }
  res.json({ count: history.length });
}

app.post("/history", urlencodedParser, historyPost);

app.post("/hooks.interactive", urlencodedParser, (req, res) => {
  const { payload } = req.body;
  const data = JSON.parse(payload);
  res.json({ callback: data.callback_id });
});

app.listen(3000);
