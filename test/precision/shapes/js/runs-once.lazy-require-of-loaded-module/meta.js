const settings = require("./settings");
exports.config = { title: "x", settings };
