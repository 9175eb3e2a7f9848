// precision-cause: cost — a passport verify callback serialises the identity provider's profile (codimd's OpenID login):
// its parameters are the provider's answer, not the request, and a profile is a few hundred bytes.
const express = require("express");
const passport = require("passport");
const OpenIDStrategy = require("@passport-next/passport-openid").Strategy;
const models = require("./models");

passport.use(new OpenIDStrategy({ returnURL: "https://example.com/auth/openid/callback", profile: true }, function (openid, profile, done) {
  const stringifiedProfile = JSON.stringify(profile);
  models.User.findOrCreate({ where: { profileid: openid }, defaults: { profile: stringifiedProfile } })
    .then(([user]) => done(null, user))
    .catch(done);
}));

const app = express();
app.use(passport.initialize());
app.get("/auth/openid/callback", passport.authenticate("openid"), (req, res) => res.redirect("/"));
app.listen(3000);
