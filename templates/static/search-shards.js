// papercat search shards: which shards of the index a query needs, and how they merge into one lunr index.
//
// The index is split by term (generator/search_index.py, shard_files): a shard holds a range of terms
// with their weights in every document, and the manifest lists each shard by its first term. lunr.js 2.3.9 scores a match
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
      // A common word (`of` in `mixture of experts`) is in no paper (the index leaves them out), so it
      // needs no shard: its shard would be fetched for nothing.
      if (c.usePipeline && !("editDistance" in c) && !lunr.stopWordFilter(new lunr.Token(c.term))) return;
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

  // Shards -> one lunr.Index. A shard lists [term, term index, [field number, ref steps..., weights in
  // thousandths...], ...]: lunr's inverted index and field vectors turned term-major
  // (generator/search_index.py, shard_files), turned back here. A query with only prohibited words
  // matches every paper, so then every paper gets an (empty) field vector, as in the whole index.
  function merge(lunr, manifest, shards, negated) {
    var fields = manifest.fields, inverted = [], vectors = Object.create(null), order = [];
    shards.forEach(function (shard) {
      shard.forEach(function (entry) {
        var term = entry[0], index = entry[1], posting = { _index: index };
        fields.forEach(function (field) { posting[field] = {}; });
        for (var e = 2; e < entry.length; e++) {
          var list = entry[e], field = fields[list[0]], found = posting[field];
          var count = (list.length - 1) / 2, ref = 0;
          for (var i = 1; i <= count; i++) {
            ref += list[i];  // (the first step is the ref itself)
            found[ref] = {};
            var key = field + "/" + ref, vector = vectors[key];
            if (vector === undefined) { vector = vectors[key] = []; order.push(key); }
            vector.push([index, list[i + count] / 1000]);  // (the same double as lunr's 3-decimal weight)
          }
        }
        inverted.push([term, posting]);
      });
    });
    inverted.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    var serialized = order.map(function (key) {
      var pairs = vectors[key], elements = [];
      if (pairs.length > 1) pairs.sort(function (a, b) { return a[0] - b[0]; });
      pairs.forEach(function (p) { elements.push(p[0], p[1]); });
      return [key, elements];
    });
    if (negated) {
      for (var ref = 0; ref < manifest.count; ref++) {
        var key = fields[0] + "/" + ref;
        if (vectors[key] === undefined) serialized.push([key, []]);
      }
    }
    return lunr.Index.load({
      version: lunr.version, fields: fields, pipeline: manifest.pipeline, invertedIndex: inverted,
      fieldVectors: serialized
    });
  }

  return { shardOf: shardOf, plan: plan, merge: merge };
});
