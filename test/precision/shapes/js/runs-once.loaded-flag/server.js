// precision-cause: runs-once — a "loaded" flag: plugins are required once, at startup.
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
      this.plugins.push(require(path.join(process.cwd(), "plugins", name)));
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
  res.json(PluginManager.getHooks().map((p) => p.name));
});

app.listen(3000);
