exports.theme = "dark";
