const path = require("path");
class PluginManager {
  static loadPlugins() {
    if (this.loaded) return;
    for (const n of ["a", "b"]) this.plugins.push(require(path.join(process.cwd(), n)));
    this.loaded = true;
  }
  static getHooks() { this.loadPlugins(); return this.plugins; }
}
PluginManager.loaded = false; PluginManager.plugins = [];
exports.PluginManager = PluginManager;
