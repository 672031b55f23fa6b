// Copies the browser builds we serve from node_modules into static/vendor (git-ignored),
// so pages never load anything from another host.
import { copyFileSync, mkdirSync } from "node:fs";

const files = [
  ["node_modules/socket.io-client/dist/socket.io.min.js", "static/vendor/socket.io.min.js"],
];
mkdirSync("static/vendor", { recursive: true });
for (const [from, to] of files) copyFileSync(from, to);
