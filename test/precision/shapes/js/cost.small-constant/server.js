// precision-cause: cost — constant small sizes and small bounded inputs: microseconds.
// Fixed by the cost model (rules argumentCost): randomBytes(32) and JSON.parse of a cookie are not reported.
const crypto = require("crypto");
const Koa = require("koa");
const Router = require("@koa/router");

const app = new Koa();
const router = new Router();

function sessionsInCookie(ctx) {
  const cookie = decodeURIComponent(ctx.cookies.get("sessions") || "");
  return cookie ? JSON.parse(cookie) : {};
}

router.post("/passkeys/options", async (ctx) => {
  const challengeId = crypto.randomBytes(32).toString("hex");
  ctx.body = { challengeId, sessions: sessionsInCookie(ctx) };
});

router.post("/slack/post", async (ctx) => {
  const response = await fetch("https://slack.com/api/chat.postMessage", {
    method: "POST",
    body: JSON.stringify({ channel: ctx.request.body.channel, text: "hi" }),
  });
  ctx.body = await response.json();
});

app.use(router.routes());
app.listen(3000);
