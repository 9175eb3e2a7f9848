// precision-cause: cost — JSON.parse of one request header read through the framework's accessor (parse-server's
// X-Parse-Cloud-Context through Express's `req.get`; Koa's `ctx.get`): servers cap a header at a few kilobytes.
// Fixed by the cost model: `get` of the request is a header read, as `req.headers[...]` and `req.header(...)` are.
const express = require("express");
const Koa = require("koa");

const app = express();

app.use((req, res, next) => {
  let context = {};
  if (req.get("X-Parse-Cloud-Context") != null) {
    context = JSON.parse(req.get("X-Parse-Cloud-Context"));
  }
  req.context = context;
  next();
});

app.listen(3000);

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.body = JSON.parse(ctx.get("X-Context") || "{}");
});
koa.listen(3001);
