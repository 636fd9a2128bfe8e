// papercat search shards: which shards of the index a query needs, and how they merge into one lunr index.
//
// The index is split by term (generator/search_index.py, index_shards): a shard is a serialized lunr
// index over a range of terms, listed in the manifest by its first term. lunr.js 2.3.9 scores a match
// as dot(query vector, field vector) / |query vector|, so field vectors cut down to the query's terms
// score exactly as the whole ones: merging the shards of a query's terms gives exactly the results of
// the whole index. Used by search.js in the browser and by tests/browser/lunr_js.js in Node.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.papercatShards = factory();
})(this, function () {
  "use strict";

  // The number of the shard holding `term`: the last shard whose first term is not after it.
  function shardOf(shards, term) {
    var lo = 0, hi = shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (shards[mid][0] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // A query's clauses, as lunr.Index.query would see them (terms through the search pipeline).
  // Throws lunr.QueryParseError for a malformed query, as lunr.Index.search does.
  function clauses(lunr, manifest, text) {
    var query = new lunr.Query(manifest.fields);
    new lunr.QueryParser(text, query).parse();
    var pipeline = lunr.Pipeline.load(manifest.pipeline);
    var out = [];
    query.clauses.forEach(function (c) {
      var terms = c.usePipeline ? pipeline.runString(c.term, { fields: c.fields }) : [c.term];
      terms.forEach(function (t) {
        out.push({ term: t, fuzzy: "editDistance" in c, editDistance: c.editDistance });
      });
    });
    return { list: out, negated: query.isNegated() };
  }

  // -> {shards: [shard numbers, ascending], needsTerms: bool, negated: bool}
  // Without the term list (`termSet`, a lunr.TokenSet of every term), fuzzy and leading-wildcard
  // clauses cannot be placed: the result then says needsTerms, and the caller asks again with it.
  function plan(lunr, manifest, text, termSet) {
    var parsed = clauses(lunr, manifest, text), wanted = {}, needsTerms = false;
    var shards = manifest.shards;
    parsed.list.forEach(function (c) {
      var star = c.term.indexOf("*");
      if (c.fuzzy || star === 0) {
        if (!termSet) { needsTerms = true; return; }
        var found = termSet.intersect(lunr.TokenSet.fromClause(
          c.fuzzy ? { term: c.term, editDistance: c.editDistance } : { term: c.term })).toArray();
        found.forEach(function (t) { wanted[shardOf(shards, t)] = true; });
      } else if (star > 0) {
        var prefix = c.term.slice(0, star);
        for (var n = shardOf(shards, prefix), last = shardOf(shards, prefix + "\uffff"); n <= last; n++) {
          wanted[n] = true;
        }
      } else {
        wanted[shardOf(shards, c.term)] = true;
      }
    });
    var list = Object.keys(wanted).map(Number).sort(function (a, b) { return a - b; });
    return { shards: list, needsTerms: needsTerms, negated: parsed.negated };
  }

  // Two vectors' elements ([index, value, index, value, ...], ascending by index) as one.
  function mergeElements(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) { out.push(a[i], a[i + 1]); i += 2; } else { out.push(b[j], b[j + 1]); j += 2; }
    }
    for (; i < a.length; i += 2) out.push(a[i], a[i + 1]);
    for (; j < b.length; j += 2) out.push(b[j], b[j + 1]);
    return out;
  }

  // Serialized shards -> one lunr.Index. A query with only prohibited words matches every paper, so
  // then every paper gets a (empty) field vector, as in the whole index.
  function merge(lunr, manifest, shards, negated) {
    var inverted = [], vectors = Object.create(null), order = [];
    shards.forEach(function (shard) {
      shard.invertedIndex.forEach(function (entry) { inverted.push(entry); });
      shard.fieldVectors.forEach(function (v) {
        var had = vectors[v[0]];
        if (had === undefined) { vectors[v[0]] = v[1]; order.push(v[0]); }
        else vectors[v[0]] = mergeElements(had, v[1]);
      });
    });
    inverted.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    if (negated) {
      for (var ref = 0; ref < manifest.count; ref++) {
        var key = manifest.fields[0] + "/" + ref;
        if (vectors[key] === undefined) { vectors[key] = []; order.push(key); }
      }
    }
    return lunr.Index.load({
      version: lunr.version, fields: manifest.fields, pipeline: manifest.pipeline, invertedIndex: inverted,
      fieldVectors: order.map(function (k) { return [k, vectors[k]]; })
    });
  }

  return { shardOf: shardOf, plan: plan, merge: merge };
});
