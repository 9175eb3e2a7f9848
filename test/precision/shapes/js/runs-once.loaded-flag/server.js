// precision-cause: runs-once — a "loaded" flag: plugins are required once, at startup.
// precision-open: the markers below are the false findings still reported; when the cause is fixed, drop them and "open" in ../../verdicts.json
const path = require("path");
const express = require("express");

class PluginManager {
  static loaded = false;
  static plugins = [];

  static loadPlugins() {
    if (this.loaded) {
      return;
    }
    for (const name of ["slack", "email"]) {
      this.plugins.push(require(path.join(process.cwd(), "plugins", name)));  // expect: js/require-in-handler
    }
    this.loaded = true;
  }

  static getHooks() {
    this.loadPlugins();
    return this.plugins;
  }
}

const app = express();
PluginManager.loadPlugins();

app.get("/providers", (req, res) => {
  res.json(PluginManager.getHooks().map((p) => p.name));  // expect: js/via-call
});

app.listen(3000);
