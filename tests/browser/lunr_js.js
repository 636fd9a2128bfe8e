// Runs lunr.js 2.3.9 (the npm package, byte-identical to the vendored copy) on a built index, for
// test_lunr_parity.py. Usage: node lunr_js.js SITE/search/index.json < request.json
//   request: {"queries": ["diffu*", ...], "words": ["training", ...]}
//   output:  {"results": {query: [[ref, score], ...] | {"error": "QueryParseError: ..."}},
//             "stems": {word: stem}, "stopped": [words lunr.stopWordFilter removes]}
"use strict";
const fs = require("fs");
const lunr = require("lunr");

const index = lunr.Index.load(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const out = { results: {}, stems: {}, stopped: [] };
for (const q of request.queries || []) {
  try {
    out.results[q] = index.search(q).map((r) => [r.ref, r.score]);
  } catch (e) {
    out.results[q] = { error: e.name + ": " + e.message };
  }
}
for (const w of request.words || []) {
  out.stems[w] = lunr.stemmer(new lunr.Token(w)).toString();
  if (!lunr.stopWordFilter(new lunr.Token(w))) out.stopped.push(w);
}
process.stdout.write(JSON.stringify(out));
