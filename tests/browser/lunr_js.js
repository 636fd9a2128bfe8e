// Runs lunr.js 2.3.9 (the npm package, byte-identical to the vendored copy) on a built site's search
// files, the way search.js does: for each query, only the shards search-shards.js plans, merged by it.
// For test_lunr_parity.py. Usage: node lunr_js.js SITE/search < request.json
//   request: {"queries": ["diffu*", ...], "words": ["training", ...]}
//   output:  {"results": {query: [[ref, score], ...] | {"error": "QueryParseError: ..."}},
//             "shards": {query: [shard numbers fetched]}, "stems": {word: stem},
//             "stopped": [words lunr.stopWordFilter removes]}
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
const shards = require(path.join(__dirname, "..", "..", "templates", "static", "search-shards.js"));

const dir = process.argv[2];
const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
const manifest = read("manifest.json");
let termSet = null;
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const out = { results: {}, shards: {}, stems: {}, stopped: [] };
for (const q of request.queries || []) {
  try {
    let plan = shards.plan(lunr, manifest, q, termSet);
    if (plan.needsTerms) {
      termSet = lunr.TokenSet.fromArray(read(manifest.terms));
      plan = shards.plan(lunr, manifest, q, termSet);
    }
    const index = shards.merge(lunr, manifest, plan.shards.map((n) => read(manifest.shards[n][1])), plan.negated);
    out.shards[q] = plan.shards;
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
