const express = require("express");
const { PluginManager } = require("./plugins");
exports.start = function start(id) {
  PluginManager.loadPlugins();
  const app = express();
  app.get("/providers", (req, res) => res.json(PluginManager.getHooks()));
  app.listen(3000);
};
