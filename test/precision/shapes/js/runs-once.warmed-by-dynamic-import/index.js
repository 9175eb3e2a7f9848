// precision-cause: runs-once — the plugin loader's "loaded" flag is set at startup (outline: throng's worker imports ./main and calls start()),
// so the require() behind it never runs on a request.
const throng = require("throng");

void throng({ worker: (id) => import("./main").then(({ start }) => start(id)) });
