// precision-cause: runs-once — NodeBB, parse-server: a function-level require() of a module the routes (or the
// handler's own file) load at their top level, directly or through what they load, is a module-cache lookup;
// so is a Node builtin.
const express = require("express");
const api = require("./api");
const app = express();
app.get("/config", api.config);
app.post("/upload", api.upload);
app.listen(3000);
