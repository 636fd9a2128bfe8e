// papercat search: lunr.js over the index prebuilt by generator/search_index.py.
//
// Loaded (deferred) on every page. It fetches nothing until needed: lunr.js, search-shards.js and the
// search manifest load once, on the first focus of the header search box or at once on the search page.
// Each query then fetches only the index shards holding its words and, for the results on screen, the
// document files holding them (search-shards.js says which shards, and merges them into one lunr index).
//  - On other pages, typing in the header box lists the best matches under it; Enter opens the search page.
//  - The search page (#search-app) shows results with facets; its URL holds the query and the filters
//    (?q=...&topic=...&year=...&authors=...&venue=...), so it can be shared, and Back returns to the previous query.
// Every URL comes from the page: the index sits next to the search page (the header form's action) and
// the scripts next to this one, so a site built under any base path works. Results are built with DOM
// text APIs only (createElement, textContent): nothing from the index is ever parsed as HTML.
(function () {
  "use strict";

  var headerForm = document.querySelector("form.search-box");
  var headerBox = document.getElementById("site-search");
  var thisScript = document.currentScript || document.querySelector('script[src$="search.js"]');
  if (!headerForm || !headerBox || !thisScript || !window.fetch || !window.URL || !window.Promise) return;

  // Must match MANIFEST_FILE in generator/search_index.py; every other file is named in the manifest.
  var searchURL = new URL(headerForm.getAttribute("action"), location.href);
  var manifestURL = new URL("manifest.json", searchURL);
  var lunrURL = new URL("vendor/lunr/lunr.min.js", thisScript.src);
  var shardsURL = new URL("search-shards.js", thisScript.src);
  // Results shown at a time on the search page: a screenful and a bit, and each needs its document
  // file (5 papers with their abstracts, about 3.4 KB gzipped), so a step costs at most 10 files.
  var STEP = 10;
  // The year filter's value for papers without a date (no year is spelt so).
  var UNDATED = "undated";
  // Typing searches once the keys pause this long: short enough to feel instant, long enough not to
  // fetch shards for every letter of a word typed at speed.
  var PAUSE_MS = 100;

  // --- loading, once --------------------------------------------------------------------------------

  var loading = null;

  function loadScript(url, global) {
    return new Promise(function (resolve, reject) {
      if (window[global]) { resolve(); return; }
      var s = document.createElement("script");
      s.src = url.href;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error("could not load " + url.pathname)); };
      document.head.appendChild(s);
    });
  }

  // Thrown when a file the manifest names is gone: the site was rebuilt since the manifest was read
  // (names carry a hash of their content, and a rebuild deletes the old ones).
  function StaleIndex(url) {
    this.message = "the search index changed on the server (" + url.pathname + ")";
    this.stale = true;
  }

  // `named`: a file named in the manifest, which a 404 means is stale rather than broken. The manifest
  // is revalidated every time (it is the one file whose name stays; the others are immutable), and
  // fetched afresh (`reload`) once it is known to be stale: a server whose Last-Modified counts whole
  // seconds answers "not modified" for a manifest rewritten within the second it was read.
  function fetchJSON(url, named, reload) {
    return fetch(url.href, named ? {} : { cache: reload ? "reload" : "no-cache" }).then(function (r) {
      if (r.status === 404 && named) throw new StaleIndex(url);
      if (!r.ok) throw new Error("could not load " + url.pathname + " (HTTP " + r.status + ")");
      return r.json();
    });
  }

  function load(reload) {
    if (!loading) {
      loading = Promise.all([loadScript(lunrURL, "lunr"), loadScript(shardsURL, "papercatShards"),
                             fetchJSON(manifestURL, false, reload)]).then(function (got) {
        return new Engine(got[2]);
      });
      loading.catch(function () { loading = null; });  // a later focus may try again
    }
    return loading;
  }

  // A search that met a stale index (`err.stale`) is run once more on a freshly read manifest;
  // `run(engine)` -> Promise. Anything else is passed on.
  function retryStale(err, run) {
    if (!err || !err.stale) return Promise.reject(err);
    loading = null;
    return load(true).then(run);
  }

  // --- queries ----------------------------------------------------------------------------------------

  function QueryError(message) { this.message = message; }

  var LUNR_MESSAGES = [
    [/unrecognised field '([^']*)'/, function (m, fields) {
      return (m[1] ? "There is no field “" + m[1] + "”." : "A “:” needs a field name before it.") +
        " Fields are " + fields.join(", ") + ", as in title:video.";
    }],
    [/expecting term(?: or field)?, found nothing/, function () {
      return "Something is missing at the end: put a word after “:”, “+” or “-”, as in title:video or +video.";
    }],
    [/edit distance must be numeric/, function () {
      return "Put a number after “~”: how many letters may differ, as in difusion~1.";
    }],
    [/boost must be numeric/, function () { return "Put a number after “^”, as in video^10."; }],
    // (lunr.js 2.3.9 writes "found 'EDIT_DISTANCE'", with quotes; its lexeme names are never shown)
    [/found '?(EDIT_DISTANCE|BOOST)/, function () {
      return "“~” and “^” go right after a word, as in difusion~1 or video^10.";
    }],
    [/found '?(FIELD|PRESENCE)/, function () {
      return "Something is out of place: a field name goes right before its word (title:video), “+” and “-” right before a word (+video -audio).";
    }]
  ];

  // The reader's query -> a lunr query string, or a QueryError with a friendly message.
  // lunr has no phrases: words in quotes are all required (`"video generation"` = `+video +generation`),
  // and Engine.search then keeps the papers where they stand together (`phrasesOf`).
  // Text pasted from a title or an abstract, made into words lunr can look up: a field name in any case
  // is lowercased (Title:video); a colon that ends a word and names no field is prose ("DiT: Scalable
  // Diffusion"), so it goes; commas, full stops, brackets and quotes around words go too. Query syntax
  // (+ - * ~ ^ and field:word) is kept.
  function tidy(text, fields) {
    // Pasted from a title: TeX's `^{...}` is no boost (`360^{\circ}`), and a lone `:` or dash between
    // words is punctuation (`FloWaveNet : A Generative Flow`, `Quantization -- PVQ`); lunr refused them.
    text = text.replace(/\^\{/g, " {");
    var prose = /[\p{L}\p{N}]/u.test(text);
    return text.split(/\s+/).map(function (token) {
      if (/^[-\u2013\u2014]{2,}$|^[\u2013\u2014]$/.test(token) || ((token === ":" || token === "-") && prose)) return "";
      var m = /^([+-]*)([^:]*)(:?)(.*)$/.exec(token);
      var head = m[2], colon = m[3], rest = m[4];
      if (colon && fields.indexOf(head.toLowerCase()) >= 0) {
        head = head.toLowerCase();
      } else if (colon && head && !rest) {
        colon = "";  // "DiT:" at the end of a word
      }
      var word = colon ? rest : head;
      word = word.replace(/^[,.;!?()\[\]{}'"“”‘’]+/, "").replace(/[,.;!?()\[\]{}'"“”‘’]+$/, "")
        .replace(/['’]s$/i, "");  // (the index holds `CMU's` as "cmu")
      return m[1] + (colon ? head + ":" + word : word);
    }).filter(Boolean).join(" ");
  }

  // A lowercased word without its accents, as generator/search_index.py's fold_accents makes it
  // (`müller` -> `muller`): the index holds words so, and readers type names without them.
  // (generator/people.py's LATIN: the Latin letters that do not decompose, lower-case)
  var UNSPLIT = {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i",
                 "ħ": "h", "ŀ": "l"};
  function fold(word) {
    if (/^[\x00-\x7f]*$/.test(word)) return word;
    return word.replace(/[łøđðßæœþıħŀ]/g, function (c) { return UNSPLIT[c]; })
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
  }

  function prepare(raw, fields) {
    var text = raw.trim();
    if ((text.match(/"/g) || []).length % 2) {
      throw new QueryError("A quote is not closed: add the closing \" or remove the quote.");
    }
    var checked = negatedPhrasesChecked(text);
    text = text.replace(/([+-]?)((?:[^\s"+:-][^\s":]*:)?)"([^"]*)"/g, function (all, sign, field, phrase) {
      if (sign === "-" && checked && isPhrase(phrase, field.slice(0, -1))) return " ";  // (see phrasesOf)
      return " " + phrase.split(/[\s\-]+/).filter(function (w) {
        return w && window.lunr.stopWordFilter(new window.lunr.Token(w.toLowerCase()));
      }).map(function (w) { return (sign === "-" ? "-" : "+") + field + w; }).join(" ") + " ";
    }).trim();
    text = tidy(text, fields || []);
    text = text.split(" ").map(function (t) { return /^[+-]*[^:]*:/.test(t) ? t.replace(/:(.*)$/, function (all, w) {
      return ":" + fold(w.toLowerCase()); }) : fold(t.toLowerCase()); }).join(" ");
    text = text.split(" ").map(stemmedWildcard).join(" ");
    text.split(/[\s\-]+/).forEach(function (term) {
      var bare = term.replace(/^[+-]+/, "").replace(/^[^:]*:/, "").replace(/[~^]\d*$/, "");
      if (/^\*+$/.test(bare)) {
        throw new QueryError("A wildcard needs some letters with it, as in diffu* or *net.");
      }
      var fuzzy = /~(\d+)/.exec(term);
      if (fuzzy && +fuzzy[1] > 2) {
        throw new QueryError("Fuzzy matching allows at most 2 different letters: use ~1 or ~2.");
      }
    });
    return text;
  }

  // A whole word with a wildcard after it, as its stem too: the index holds stems, so `neurips*` found
  // nothing ("neurips" is held as "neurip"). The stem starts the word as a rule, and then takes its place
  // (it finds all the word did); otherwise (`try*`, "tri") both are searched, or, with a sign, the word.
  function stemmedWildcard(token) {
    var m = /^([+-]?)((?:[a-z]+:)?)([\p{L}\p{N}]+)\*$/u.exec(token);
    if (!m) return token;
    var stem = stemOf(m[3]);
    if (!stem || stem === m[3]) return token;
    if (m[3].indexOf(stem) === 0) return m[1] + m[2] + stem + "*";
    return m[1] ? token : token + " " + m[2] + stem + "*";
  }

  // A word papercat may rewrite: letters and digits only, maybe after a field name, without a sign
  // (+ or -) or lunr syntax (* ~ ^). Anything else the reader typed is explicit and kept as typed.
  var PLAIN_WORD = /^((?:[a-z]+:)?)([\p{L}\p{N}]+)$/u;
  var PREFIX_MIN = 3;  // a shorter last word would match too many words (`a*`) to be worth its shards

  function isStopWord(word) {
    return !window.lunr.stopWordFilter(new window.lunr.Token(word.toLowerCase()));
  }

  // As you type, the last word is a prefix too: `recomm` -> `recomm recomm*`, which finds
  // "recommendation" while the word itself still counts (a paper with the word as typed matches both
  // clauses, so it ranks above one with a longer word). Only a plain last word of PREFIX_MIN letters or
  // more, and not a common word (`the*` would find "theory").
  function withPrefix(text) {
    var tokens = text.split(" "), last = tokens[tokens.length - 1] || "", m = PLAIN_WORD.exec(last);
    if (!m || m[2].length < PREFIX_MIN || isStopWord(m[2])) return text;
    return text + " " + last + "*";
  }

  // The query's plain words (`PLAIN_WORD`, not common words), each as the lunr clauses of which a
  // paper must match one (`run`): the word, and the last word also as a prefix when `withPrefix` made
  // it one (`text`). Words with a sign or syntax keep lunr's meaning (`+` required, `-` excluded, the
  // rest optional: `vision* robot` finds every paper with "robot").
  function andGroups(typed, text) {
    var tokens = typed.split(" "), groups = [];
    tokens.forEach(function (t, i) {
      var m = PLAIN_WORD.exec(t);
      if (m && !isStopWord(m[2])) groups.push(i === tokens.length - 1 && text !== typed ? t + " " + t + "*" : t);
    });
    return required(tokens, groups);
  }

  // `groups` to require, when the query (`tokens`) has more than one word that is not excluded; none
  // for a query of one word, which finds what it finds.
  function required(tokens, groups) {
    return tokens.filter(function (t) { return t[0] !== "-"; }).length > 1 ? groups : [];
  }

  // The index term of a query's last word, when it is plain (`PLAIN_WORD`), else null.
  function lastTerm(text) {
    var m = PLAIN_WORD.exec(text.split(" ").pop() || "");
    return m ? indexTerm(m[2]) || null : null;
  }

  // Words are split and trimmed as generator/search_index.py splits and trims them (`_SPLIT`, `_TRIM`).
  var SPLIT = /[\s\-\/:\u2013\u2014~()\[\]{},;]+/;
  var SPLIT_ALL = /[^\s\-\/:\u2013\u2014~()\[\]{},;]+/g;
  var TRIM = /^([^\p{L}\p{N}_]*)(.*?)([^\p{L}\p{N}_]*)$/u;

  // A word as the index holds it: trimmed, without a final 's, lowercased and stemmed; "" for a stop
  // word, null for what trims to nothing (which takes no place in a phrase).
  function indexTerm(word) {
    var core = fold(TRIM.exec(word)[2].replace(/['\u2019]s$/i, "").toLowerCase());
    if (!core) return TRIM.exec(word)[2] ? "" : null;
    return isStopWord(core) ? "" : stemOf(core);
  }

  // The quoted phrases of a query, each as its terms and their places relative to the first:
  // `"mixture of experts"` -> [{term: "mixtur", at: 0}, {term: "expert", at: 2}]
  // (generator/search_positions.py), with `field` set for a phrase in a field (`title:"mixture of
  // experts"`), and `negated` for one after `-`. A phrase of fewer than two terms is just its words, and
  // so is a phrase in a field without positions (tags, topics, venue, authors: short labels, whose words
  // lunr already requires in that field). A negated phrase is left out of the lunr query, which would
  // take each of its words out (`-"semantic segmentation"` dropped every paper with "semantic"), and the
  // results holding it are dropped, when there are results to drop from: some word not negated.
  function phrasesOf(raw) {
    var out = [], re = /([+-]?)(?:([^\s"+:-][^\s":]*):)?"([^"]*)"/g, m, checked = negatedPhrasesChecked(raw);
    while ((m = re.exec(raw))) {
      var field = m[2] ? m[2].toLowerCase() : null;
      if ((m[1] === "-" && !checked) || (field && !POSITIONED[field])) continue;
      var phrase = phraseTerms(m[3]);
      if (phrase.length > 1) {
        phrase.field = field;
        phrase.negated = m[1] === "-";
        out.push(phrase);
      }
    }
    return out;
  }

  function phraseTerms(text) {
    var place = 0, terms = [];
    text.split(SPLIT).forEach(function (word) {
      var term = indexTerm(word);
      if (term === null) return;
      if (term) terms.push({ term: term, at: place });
      place++;
    });
    var first = terms.length ? terms[0].at : 0;
    return terms.map(function (t) { return { term: t.term, at: t.at - first }; });
  }

  // The index terms of the words of `raw` outside quotes, as a set.
  function looseTerms(raw) {
    var out = {};
    raw.replace(/"[^"]*"/g, " ").split(/\s+/).forEach(function (token) {
      token.replace(/^[+-]+/, "").replace(/^[a-z]+:/i, "").split(SPLIT).forEach(function (word) {
        var t = word && indexTerm(word);
        if (t) out[t] = true;
      });
    });
    return out;
  }

  // Is quoted `text` (in `field`, maybe "") a phrase `phrasesOf` checks?
  function isPhrase(text, field) {
    return (!field || !!POSITIONED[field.toLowerCase()]) && phraseTerms(text).length > 1;
  }

  // Are the negated phrases of `raw` checked against results (`phrasesOf`)? When it has a word outside
  // them that is not negated.
  function negatedPhrasesChecked(raw) {
    return raw.replace(/-(?:[^\s"+:-][^\s":]*:)?"[^"]*"/g, " ").split(/\s+/).some(function (t) {
      return t[0] !== "-" && /[\p{L}\p{N}]/u.test(t);
    });
  }

  // Where each positioned field's words stand: a title's from 0, an abstract's from ABSTRACT_START
  // (generator/search_positions.py, whose tests check that the two agree).
  var ABSTRACT_START = 1000;
  var POSITIONED = { title: [0, ABSTRACT_START], abstract: [ABSTRACT_START, Infinity] };

  function friendly(error, fields) {
    if (error instanceof QueryError) return error.message;
    if (window.lunr && error instanceof window.lunr.QueryParseError) {
      for (var i = 0; i < LUNR_MESSAGES.length; i++) {
        var m = LUNR_MESSAGES[i][0].exec(error.message);
        if (m) return LUNR_MESSAGES[i][1](m, fields);
      }
      return "This query could not be read: check it against the query syntax.";  // (never lunr's own text)
    }
    return "This query could not be run. Try simpler words.";
  }

  // --- the engine: manifest, shards on demand, documents on demand ---------------------------------------

  function Engine(manifest) {
    this.manifest = manifest;
    this.store = manifest;  // topics, tags, authors, years, venues
    this.shards = {};  // shard number -> Promise of its serialized index
    this.arrived = {};  // shard numbers whose files are here
    this.typed = "";  // the query as typed so far (see prefetch)
    this.docFiles = {};  // file number -> Promise of its documents
    this.docStarts = null;  // the first ref of each document file (docPlace)
    this.positionFiles = {};  // shard number -> Promise of its positions file
    this.places = Object.create(null);  // term -> {ref: [positions]}, decoded from positions files
    this.termSet = null;  // lunr.TokenSet of every term, once a fuzzy or *x query needed it
    this.termsLoading = null;
    this.merged = { key: null, index: null };
    var topicKeys = manifest.topics.map(function (t) { return t[0]; });
    var parent = {};
    manifest.topics.forEach(function (t) { parent[t[0]] = t[3]; });
    this.topicDepth = {};
    var self = this;
    manifest.topics.forEach(function (t) {
      var depth = 0, p = t[3], seen = {};
      while (p && !seen[p]) { seen[p] = true; depth++; p = parent[p]; }
      self.topicDepth[t[0]] = depth;
    });
    // Facet keys of every doc: a topic counts for its ancestors too, as on the topic pages.
    var f = manifest.facets, authors = manifest.authors, venues = manifest.venues || [];
    this.facetKeys = f.p.map(function (nums, ref) {
      var topics = {};
      nums.forEach(function (n) {
        var key = topicKeys[n], seen = 0;
        while (key && !topics[key] && seen++ < 50) { topics[key] = true; key = parent[key]; }
      });
      var venue = f.v ? f.v[ref] : null;
      return { topic: Object.keys(topics), year: [f.y[ref] ? String(f.y[ref]) : UNDATED], authors: [authors[f.a[ref]][0]],
               venue: venue === null || venue === undefined ? [] : [venues[venue]] };
    });
  }

  Engine.prototype.fetchOnce = function (cache, n, name) {
    if (!cache[n]) {
      cache[n] = fetchJSON(new URL(name, manifestURL), true);
      cache[n].catch(function () { delete cache[n]; });
    }
    return cache[n];
  };

  // -> Promise of the shards `plan` needs, each fetched once (and marked in `arrived` when here).
  Engine.prototype.fetchShards = function (plan) {
    var self = this;
    return Promise.all(plan.shards.map(function (n) {
      return self.fetchOnce(self.shards, n, self.manifest.shards[n][1]).then(function (shard) {
        self.arrived[n] = true;
        return shard;
      });
    }));
  };

  Engine.prototype.loadTerms = function () {
    var self = this;
    if (!this.termsLoading) {
      this.termsLoading = fetchJSON(new URL(this.manifest.terms, manifestURL), true).then(function (terms) {
        self.termSet = window.lunr.TokenSet.fromArray(terms);
        self.termNames = Object.create(null);
        terms.forEach(function (t) { self.termNames[t] = true; });
      });
      this.termsLoading.catch(function () { self.termsLoading = null; });
    }
    return this.termsLoading;
  };

  // -> {text, plan} for a raw query (plan null for an empty one); throws on a malformed query.
  // `asTyped`: without the last word as a prefix (see prefetch).
  Engine.prototype.planFor = function (raw, asTyped) {
    var typed = prepare(raw, this.manifest.fields), text = asTyped ? typed : withPrefix(typed);
    return { text: text, typed: typed,
             plan: text ? window.papercatShards.plan(window.lunr, this.manifest, text, this.termSet) : null };
  };

  // -> Promise of one lunr index holding the shards `plan` needs (the last one made is kept).
  Engine.prototype.indexFor = function (plan) {
    var self = this;
    return this.fetchShards(plan).then(function (loaded) {
      var key = plan.shards.join(",") + (plan.negated ? "!" : "");
      if (self.merged.key !== key) {
        self.merged = { key: key, index: window.papercatShards.merge(window.lunr, self.manifest, loaded, plan.negated) };
      }
      return self.merged.index;
    });
  };

  // While a query is being typed: fetch the shards its words need so far, and merge them when the page
  // is idle (merging never holds up the next key), so that the search made when the keys pause finds
  // its index ready. A word's shard rarely changes after its fifth letter, so prefetching starts there.
  // The last word is fetched only as typed, not as a prefix: a half-typed word's prefix (`speec*`)
  // often spans a shard the finished word never needs (a 10,000-paper index has 295 shards); the
  // search fetches what the prefix still needs. Measured on the bench queries at 10,000 papers:
  // prefetching prefixes too fetched 4-10 KB more for 5 of 16 queries, and nothing less for any.
  // Malformed queries, words that need the term list and failures are left to that search.
  var PREFETCH_MIN = 5;

  Engine.prototype.prefetch = function (raw) {
    var self = this, last = raw.trim().split(/[\s\-]+/).pop() || "";
    this.typed = raw;
    if (last.replace(/[^\p{L}\p{N}]/gu, "").length < PREFETCH_MIN) return;
    var plan = this.plainPlan(raw, true);
    if (!plan) return;
    this.fetchShards(plan).then(function () {
      (window.requestIdleCallback || setTimeout)(function () {
        var now = self.plainPlan(self.typed);  // what is typed by then, if its shards are all here
        if (now && now.shards.every(function (n) { return self.arrived[n]; })) {
          self.indexFor(now).catch(function () {});
        }
      });
    }, function () {});
  };

  // The plan of a query that needs no term list, or null.
  Engine.prototype.plainPlan = function (raw, asTyped) {
    try {
      var plan = this.planFor(raw, asTyped).plan;
      return plan && !plan.needsTerms ? plan : null;
    } catch (e) {
      return null;
    }
  };

  // -> Promise of {results: [{ref, score, terms}], error: string|null}; rejected when a file cannot be
  // fetched. Results are best first, newest first on ties.
  Engine.prototype.search = function (raw) {
    var self = this, text, plan, typed;
    try {
      var planned = this.planFor(raw);
      text = planned.text;
      typed = planned.typed;
      plan = planned.plan;
    } catch (e) {
      return Promise.resolve({ results: [], error: friendly(e, this.manifest.fields) });
    }
    if (!plan) return Promise.resolve({ results: [], error: null });
    var ready = plan.needsTerms ? this.loadTerms().then(function () {
      return self.planFor(raw).plan;
    }) : Promise.resolve(plan);
    var phrases = phrasesOf(raw);
    var wanted = phrases.filter(function (phrase) { return !phrase.negated; });
    return ready.then(function (p) {
      return self.run(p, text, typed, andGroups(typed, text));
    }).then(function (outcome) {
      if (outcome.error) return outcome;
      if (wanted.length) return self.withPhrases(outcome, phrases, looseTerms(raw));
      // (Negated phrases only: the papers with them dropped, then the typo fallback as for any query,
      // whose results lose them too; so its count of strict results is of those left.)
      var strict = phrases.length ? self.withPhrases(outcome, phrases, looseTerms(raw)) : Promise.resolve(outcome);
      return strict.then(function (kept) {
        if (kept.results.length >= FEW && !self.unmatched(raw, kept).length) return kept;
        return Promise.resolve(self.typoFallback(raw, kept)).then(function (o) {
          return o === kept || o.error || !phrases.length ? o : self.withPhrases(o, phrases, looseTerms(raw));
        });
      });
    });
  };

  // The results of `outcome` whose title or abstract holds every phrase: the positions files of the
  // phrases' terms (one per shard, fetched once) say where each term stands in each paper.
  Engine.prototype.withPhrases = function (outcome, phrases, loose) {
    var self = this, shards = this.manifest.shards, wanted = {};
    phrases.forEach(function (phrase) {
      phrase.forEach(function (t) { wanted[window.papercatShards.shardOf(shards, t.term)] = true; });
    });
    return Promise.all(Object.keys(wanted).map(function (n) {
      return self.fetchOnce(self.positionFiles, n, shards[n][2]).then(function (file) {
        Object.keys(file).forEach(function (term) { if (!self.places[term]) self.places[term] = decodePlaces(file[term]); });
      });
    })).then(function () {
      var results = outcome.results.filter(function (r) {
        return phrases.every(function (phrase) { return self.hasPhrase(r.ref, phrase) !== phrase.negated; });
      });
      var phrased = { phrases: phrases.filter(function (p) { return !p.negated; }), loose: loose };
      if (phrased.phrases.length) results.forEach(function (r) { r.phrased = phrased; });
      var out = {};  // (what else the outcome says, such as the typo fallback's `typos`, stays)
      Object.keys(outcome).forEach(function (k) { out[k] = outcome[k]; });
      out.results = results;
      return out;
    });
  };

  // [ref step, position, ...] (generator/search_positions.py) -> {ref: [positions]}
  function decodePlaces(flat) {
    var out = {}, ref = 0;
    for (var i = 0; i < flat.length; i += 2) {
      ref += flat[i];  // (the first step is the ref itself)
      (out[ref] || (out[ref] = [])).push(flat[i + 1]);
    }
    return out;
  }

  Engine.prototype.hasPhrase = function (ref, phrase) {
    var self = this, lists = phrase.map(function (t) { var p = self.places[t.term]; return p && p[ref]; });
    if (lists.some(function (l) { return !l; })) return false;
    var range = phrase.field ? POSITIONED[phrase.field] : [0, Infinity];  // (a phrase never runs past its field)
    return lists[0].some(function (start) {
      return start >= range[0] && start < range[1] &&
        phrase.every(function (t, i) { return lists[i].indexOf(start + t.at) >= 0; });
    });
  };

  // The plain words of the query (5 letters or more, no lunr syntax) that no result matched, while
  // others did: a typo among well-found words (`diffusion modle`). The last word also counts as
  // found when a matched term starts with it (it is a prefix too).
  Engine.prototype.unmatched = function (raw, outcome) {
    var matched = {}, tokens;
    outcome.results.forEach(function (r) { r.terms.forEach(function (t) { matched[t] = true; }); });
    try {
      tokens = prepare(raw, this.manifest.fields).split(" ");
    } catch (e) {
      return [];
    }
    var terms = Object.keys(matched);
    return tokens.filter(function (t, i) {
      var m = TYPO_WORD.exec(t);
      if (!m || !typoDistance(m[3])) return false;
      var term = stemOf(m[3]);
      if (matched[term]) return false;
      var bare = m[3].toLowerCase();
      return !(i === tokens.length - 1 && terms.some(function (k) { return k.indexOf(bare) === 0 || k.indexOf(term) === 0; }));
    });
  };

  // -> Promise of {results, error} of lunr query `text` over the shards of `plan`. `typed`: the query
  // without its last word as a prefix (`withPrefix`). When at least FEW papers have that word as typed,
  // it is whole: the papers the query as typed finds come first, in its order, and then those only its
  // completions find. lunr scores each completion by its own rarity, so a rare longer word came first
  // (`transformer`: a paper on "Transformeral" features; `data`: "DataMUX"), while dropping the
  // completions lost papers the stemmer files elsewhere (`represent` is "repres", "representation"
  // "represent": 85 papers became 15). A word still being typed (`recomm`) is searched as before.
  // `groups` (`andGroups`): only the papers matching each are kept, so that every plain word narrows
  // the results (lunr alone finds papers with any of them: "language model robot" found 325 of the
  // shipped catalog's 352 papers); when no paper matches them all, the papers with any are kept, and
  // `any` says so.
  Engine.prototype.run = function (plan, text, typed, groups) {
    var self = this;
    return this.indexFor(plan).then(function (index) {
      var found, first = [], every = null;
      try {
        found = ranked(index.search(text));
        var last = typed !== undefined && typed !== text ? lastTerm(typed) : null;
        if (last && found.filter(function (r) { return r.terms.indexOf(last) >= 0; }).length >= FEW) {
          first = ranked(index.search(typed));  // (the index holds the prefix's shards, which include the word's)
          var seen = {};
          first.forEach(function (r) { seen[r.ref] = true; });
          found = found.filter(function (r) { return !seen[r.ref]; });
        }
        if (groups && groups.length) {
          every = groups.map(function (g) {
            var held = {};
            index.search(g).forEach(function (r) { held[r.ref] = true; });
            return held;
          });
        }
      } catch (e) {
        return { results: [], error: friendly(e, self.manifest.fields) };
      }
      var results = first.concat(found);
      var all = every ? results.filter(function (r) { return every.every(function (held) { return held[r.ref]; }); }) : results;
      return { results: all.length ? all : results, error: null, any: !all.length && results.length > 0 };
    });
  };

  // lunr's results as {ref, score, terms}, best first, newest first on ties.
  function ranked(found) {
    var results = found.map(function (r) {
      return { ref: +r.ref, score: r.score, terms: Object.keys(r.matchData.metadata) };
    });
    return results.sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
  }

  // A query that finds fewer than FEW papers is tried again with typo tolerance: each plain word (maybe
  // with a field or a +) that is in no paper gets ~1 when it has 5 letters or more, ~2 from 9 (`difusion`
  // -> `difusion~1`, which finds "diffusion"). The result replaces the first only when it finds more,
  // and says which words were loosened (`typos`), for the page to say so. Words the index holds are
  // kept, so a correct word is never loosened; this costs the term list, fetched once.
  var FEW = 3;
  var TYPO_WORD = /^(\+?)((?:[a-z]+:)?)([\p{L}\p{N}]+)$/u;

  // None past TYPO_MAX letters: lunr's fuzzy match grows with about the cube of a word's length (a
  // pasted 300-letter word held the page for 45 s, a 1,000-letter one crashed the tab), and no word
  // that long is a typo of a word in the index.
  var TYPO_MAX = 24;
  function typoDistance(word) {
    return word.length > TYPO_MAX ? 0 : word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
  }

  Engine.prototype.typoFallback = function (raw, outcome) {
    var self = this, tokens;
    try {
      tokens = prepare(raw, this.manifest.fields).split(" ");
    } catch (e) {
      return outcome;
    }
    if (!tokens.some(function (t) { var m = TYPO_WORD.exec(t); return m && typoDistance(m[3]); })) return outcome;
    return this.loadTerms().then(function () {
      var typos = [], groups = [];
      var text = tokens.map(function (t) {
        var m = TYPO_WORD.exec(t), d = m ? typoDistance(m[3]) : 0;
        var loose = !d || self.known(m[3]) ? t : self.loosened(t, m, d, typos);
        if (m && !m[1] && !isStopWord(m[3])) groups.push(loose);  // (a plain word: required, as in `andGroups`)
        return loose;
      }).join(" ");
      if (!typos.length) return outcome;
      var plan = window.papercatShards.plan(window.lunr, self.manifest, text, self.termSet);
      return self.run(plan, text, undefined, required(tokens, groups)).then(function (loose) {
        // Taken when it finds more papers, or papers through a word the strict query did not match.
        var had = {};
        outcome.results.forEach(function (r) { r.terms.forEach(function (t) { had[t] = true; }); });
        var gained = loose.results.some(function (r) { return r.terms.some(function (t) { return !had[t]; }); });
        if (loose.error || (loose.results.length <= outcome.results.length && !gained)) return outcome;
        loose.typos = typos;
        loose.strict = outcome.results.length;
        return loose;
      });
    });
  };

  // A word in no paper (`t`, matched by TYPO_WORD as `m`) loosened for the typo fallback: `~d`, and also
  // the words one edit away whose stem the index holds: the stemmer moves some typos further off than
  // they are typed (`streming` is stemmed "streme", two letters from "stream"; `trainng` stays
  // "trainng", two from "train"), so `streming~1` found nothing, while "streaming" is one edit from
  // what was typed (the correction then names the nearest word the results hold, and those results
  // are the corrected query's own). The word goes into `typos`.
  Engine.prototype.loosened = function (t, m, d, typos) {
    typos.push(m[3].toLowerCase());
    var near = m[1] ? [] : this.oneEditAway(m[3]);
    return [t + "~" + d].concat(near.map(function (w) { return m[2] + w; })).join(" ");
  };

  // Words one edit (a letter left out, added, changed, or two swapped) from `word` whose stem the index
  // holds, one per stem, at most NEAR_MAX of them (the first found); needs the term list. Some 54
  // candidates a letter, each stemmed once.
  var NEAR_MAX = 4;
  Engine.prototype.oneEditAway = function (word) {
    word = fold(word.toLowerCase());
    var letters = "abcdefghijklmnopqrstuvwxyz", seen = {}, found = [], self = this;
    function consider(w) {
      if (found.length >= NEAR_MAX || seen[w]) return;
      seen[w] = true;
      var stem = stemOf(w);
      if (self.termNames[stem] === true && !seen[" " + stem]) {
        seen[" " + stem] = true;
        found.push(w);
      }
    }
    for (var i = 0; i <= word.length; i++) {
      var head = word.slice(0, i), tail = word.slice(i);
      if (tail) consider(head + tail.slice(1));
      if (tail.length > 1) consider(head + tail[1] + tail[0] + tail.slice(2));
      for (var j = 0; j < letters.length; j++) {
        if (tail) consider(head + letters[j] + tail.slice(1));
        consider(head + letters[j] + tail);
      }
    }
    return found;
  };

  // Whether the index holds `word` (stemmed as lunr stems it); needs the term list.
  Engine.prototype.known = function (word) {
    var pipeline = this.pipeline || (this.pipeline = window.lunr.Pipeline.load(this.manifest.pipeline));
    var self = this;
    return pipeline.runString(word.toLowerCase()).some(function (t) { return self.termNames[t] === true; });
  };

  // [the number of the document file holding paper `ref`, its place in that file]. Files hold a few
  // papers each, in ref order, as many as the manifest's `sizes` says (search_index.doc_runs).
  Engine.prototype.docPlace = function (ref) {
    var starts = this.docStarts;
    if (!starts) {
      starts = this.docStarts = [0];
      this.manifest.docs.sizes.forEach(function (n) { starts.push(starts[starts.length - 1] + n); });
    }
    var lo = 0, hi = starts.length - 2;
    ref = +ref;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= ref) lo = mid; else hi = mid - 1;
    }
    return [lo, ref - starts[lo]];
  };

  // -> Promise of the documents of `results` (each result gets its .doc), fetching their files once.
  // `arrived()`, if given, is called as each file comes in, once its results have their .doc.
  Engine.prototype.withDocs = function (results, arrived) {
    var self = this, files = this.manifest.docs.files;
    var seen = {}, wanted = [];  // files in the order the results need them: the best one's is asked first
    results.forEach(function (r) {
      var n = self.docPlace(r.ref)[0];
      if (!seen[n]) { seen[n] = true; wanted.push(n); }
    });
    return Promise.all(wanted.map(function (n) {
      return self.fetchOnce(self.docFiles, n, files[n]).then(function (docs) {
        results.forEach(function (r) {
          var at = self.docPlace(r.ref);
          if (at[0] === n) r.doc = docs[at[1]];
        });
        if (arrived) arrived();
      });
    })).then(function () { return results; });
  };

  // --- rendering helpers ------------------------------------------------------------------------------

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // A URL from the search files (relative to search/), made absolute; anything but http(s) (never
  // generated) becomes a dead link.
  function resolve(url) {
    var u = new URL(url, manifestURL);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : "#";
  }

  function stemOf(word) {
    var t = window.lunr.stemmer(new window.lunr.Token(word.toLowerCase()));
    return t ? t.toString() : "";
  }

  // Text with every word whose index term matched wrapped in <mark>; word splitting and trimming as in
  // generator/search_index.py, so a word is marked exactly when the index holds it. `phrased` (of a
  // query with phrases: `Engine.withPhrases`): a word that is in the query only within its phrases
  // is marked only where it is part of one (`"mixture of experts"` marked every "experts").
  function highlighted(text, terms, phrased) {
    var frag = document.createDocumentFragment();
    if (!terms.length) { frag.appendChild(document.createTextNode(text)); return frag; }
    var wanted = {};
    terms.forEach(function (t) { wanted[t] = true; });
    var parts = text.split(/([\s\-\/:\u2013\u2014~()\[\]{},;]+)/), marked = markedParts(parts, wanted, phrased);
    var plain = "";
    parts.forEach(function (part, i) {
      var m = TRIM.exec(part);
      if (m[2] && marked[i]) {
        plain += m[1];
        frag.appendChild(document.createTextNode(plain));
        plain = "";
        frag.appendChild(el("mark", null, m[2]));
        plain += m[3];
      } else {
        plain += part;
      }
    });
    if (plain) frag.appendChild(document.createTextNode(plain));
    return frag;
  }

  // Which of `parts` (words at even places, split as `highlighted` splits them) to mark: those whose term
  // is `wanted`, but for a term that only a phrase of `phrased` holds, the words where the phrase stands
  // (stop words taking a place and standing for any word, as `phraseTerms` counts them).
  function markedParts(parts, wanted, phrased) {
    var marked = [], term = [], at = {}, place = 0, only = {};
    if (phrased) phrased.phrases.forEach(function (phrase) {
      phrase.forEach(function (t) { if (!phrased.loose[t.term]) only[t.term] = true; });
    });
    parts.forEach(function (part, i) {
      if (i % 2) return;
      var t = TRIM.exec(part)[2] ? indexTerm(part) : null;
      term[i] = t;
      if (t === null) return;
      at[place++] = i;
      marked[i] = !!t && wanted[t] && !only[t];
    });
    if (phrased) phrased.phrases.forEach(function (phrase) {
      for (var start = 0; start < place; start++) {
        if (phrase.every(function (t) { return term[at[start + t.at]] === t.term; })) {
          phrase.forEach(function (t) { marked[at[start + t.at]] = wanted[t.term]; });
        }
      }
    });
    return marked;
  }

  // About this many characters of the abstract are shown under a result: the window where the most
  // of the query's matched terms are, from the start of a sentence when that is near, else its start.
  var EXCERPT = 240;

  function excerpt(text, terms) {
    if (text.length <= EXCERPT) return text;
    var wanted = {}, hits = [], m;
    terms.forEach(function (t) { wanted[t] = true; });
    SPLIT_ALL.lastIndex = 0;
    while (terms.length && (m = SPLIT_ALL.exec(text))) {  // (no terms, when browsing: the abstract's start)
      var term = wanted[indexTerm(m[0])] ? indexTerm(m[0]) : null;
      if (term) hits.push({ at: m.index, term: term });
    }
    var start = 0, best = 0;
    hits.forEach(function (h) {
      var dot = Math.max(text.lastIndexOf(". ", h.at), text.lastIndexOf("? ", h.at), text.lastIndexOf("! ", h.at));
      var from = dot < 0 ? 0 : dot + 2;
      if (h.at - from > EXCERPT / 3) from = text.indexOf(" ", h.at - EXCERPT / 4) + 1;  // a long sentence
      var seen = {}, n = 0;
      hits.forEach(function (o) {
        if (o.at >= from && o.at < from + EXCERPT - 20 && !seen[o.term]) { seen[o.term] = true; n++; }
      });
      if (n > best) { best = n; start = from; }
    });
    var end = start + EXCERPT;
    if (end < text.length) {
      var space = text.lastIndexOf(" ", end);
      if (space > start) end = space;
    } else {
      end = text.length;
    }
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  // The query as the typo fallback read it: each loosened word (`outcome.typos`) replaced by the word
  // nearest to it in the titles and snippets of `results` (those with their .doc) whose index term one of
  // them matched; the matched term itself when no such word is shown.
  // Of words as near, the one in the most results wins (`modle`: "model" rather than "mode").
  function corrected(q, outcome, results) {
    var matched = {}, candidates = {};
    results.forEach(function (r) {
      r.terms.forEach(function (t) { matched[t] = true; });
      var here = {};
      if (r.doc) (r.doc.t + " " + (r.doc.s || "")).split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
        if (w) here[w.toLowerCase()] = true;
      });
      Object.keys(here).forEach(function (w) { candidates[w] = (candidates[w] || 0) + 1; });
    });
    var out = q;
    outcome.typos.forEach(function (typo) {
      var best = null, bestD = Infinity, bestN = -1;
      Object.keys(candidates).concat(Object.keys(matched)).forEach(function (w) {
        if (!matched[stemOf(w)] && !matched[w]) return;
        var d = levenshtein(typo, w), n = candidates[w] || 0;
        if (d < bestD || (d === bestD && n > bestN)) { best = w; bestD = d; bestN = n; }
      });
      if (best) {
        var at = new RegExp("(^|[^\\p{L}\\p{N}])" + typo + "(?![\\p{L}\\p{N}])", "iu");
        if (!at.test(out)) out = fold(out.toLowerCase());  // (the typo as typed had accents: `Müler` is `muler`)
        out = out.replace(at, function (all, before) { return before + best; });
      }
    });
    return out;
  }

  // A query in a message: a long one (pasted text) is cut, not echoed in full.
  var QUOTE_MAX = 60;
  function quoted(q) {
    var phrase = /^"([^"]*)"$/.exec(q);  // a query that is one phrase keeps one pair of quotes, not two
    if (phrase) q = phrase[1];
    return "“" + (q.length > QUOTE_MAX ? q.slice(0, QUOTE_MAX - 1).trimEnd() + "…" : q) + "”";
  }

  function plural(n, one, many) { return num(n) + " " + (n === 1 ? one : many); }

  // 10,000: as the pages write numbers (generator/plural.py's `counted`).
  function num(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  // --- the search page ----------------------------------------------------------------------------------

  var DIMS = ["topic", "year", "authors", "venue"];  // the facets, as named in the page's URL

  function SearchPage(app) {
    this.app = app;
    this.form = document.getElementById("search-form");
    this.input = document.getElementById("search-input");
    this.status = document.getElementById("search-status");
    this.list = document.getElementById("search-results");
    this.facetBox = document.getElementById("search-facets");
    this.facetList = document.getElementById("search-facet-list");
    this.empty = document.getElementById("search-empty");
    this.help = document.getElementById("search-help");
    // On a phone the filters sit above the results, in a panel that starts closed (search.html), or as
    // it was when the page was left (`keep`: Back put the results off by the open panel's height).
    var filters = this.filters = document.getElementById("search-filters");
    var left = history.state && typeof history.state.shown === "number" ? history.state : null;
    if (filters && window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) filters.open = !!(left && left.filters);
    this.baseTitle = document.title;
    this.engine = null;
    this.typing = false;  // true while the current history entry belongs to a query being typed
    this.failed = null;  // the query whose last run was an error
    this.timer = null;
    this.state = this.fromURL();
    this.dims = null;
    this.runs = 0;  // queries started; an answer to an older one is dropped
    this.pending = [];  // results not shown yet
    this.more = el("button", { type: "button", id: "search-more", "class": "button search-more", hidden: "" });
    // Back from a result: as many results as were shown, at the same place (`remember`'s state).
    this.saved = history.state && typeof history.state.shown === "number" ? history.state : null;
    if (this.saved && "scrollRestoration" in history) history.scrollRestoration = "manual";
    this.list.parentNode.insertBefore(this.more, this.list.nextSibling);
    this.bind();
  }

  // The query and filters in the page's URL; a filter value the index does not have (a link from before
  // the catalog changed) is left out once the index has loaded: it hid every result, with nothing ticked
  // to untick.
  SearchPage.prototype.fromURL = function () {
    var p = new URLSearchParams(location.search), dims = this.dims;
    var state = { q: p.get("q") || "" };
    DIMS.forEach(function (k, i) {
      state[k] = p.getAll(k);
      if (dims) {
        var known = dims[i].values.map(function (v) { return v.key; });
        state[k] = state[k].filter(function (v) { return known.indexOf(v) >= 0; });
      }
    });
    return state;
  };

  SearchPage.prototype.toURL = function () {
    var p = new URLSearchParams(), s = this.state;
    if (s.q) p.set("q", s.q);
    DIMS.forEach(function (k) { s[k].forEach(function (v) { p.append(k, v); }); });
    var qs = p.toString();
    return location.pathname + (qs ? "?" + qs : "");
  };

  SearchPage.prototype.remember = function (push) {
    var url = this.toURL();
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  };

  // A filter ticked or cleared is a step of its own: Back undoes it (each replaced the last entry,
  // so Back left the page), and words typed after it start another entry.
  SearchPage.prototype.choose = function () {
    this.typing = false;
    this.remember(true);
    this.render();
  };

  SearchPage.prototype.bind = function () {
    var self = this;
    // (Another entry of the page's history is another query: Back's saved place is not its.)
    window.addEventListener("popstate", function () { self.forget(); }, true);
    this.input.value = this.state.q;
    this.form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(self.timer);
      self.setQuery(self.input.value, !self.typing);
      self.typing = false;
      // (Enter after a pause: the query was already run as typed, with the help left closed.)
      if (self.help && self.failed === self.state.q) self.help.open = true;
    });
    this.input.addEventListener("input", function () {
      if (self.engine) self.engine.prefetch(self.input.value);
      clearTimeout(self.timer);
      self.timer = setTimeout(function () {
        self.setQuery(self.input.value, !self.typing);
        self.typing = true;
      }, PAUSE_MS);
    });
    var skip = document.getElementById("search-skip");
    if (skip) skip.addEventListener("click", function () {
      var first = self.list.querySelector("a.result-link");
      (first || self.input).focus();
    });
    // "Show the results" (phones): close the filters and bring the first result to the top.
    var done = document.getElementById("search-filters-done");
    var filters = document.getElementById("search-filters");
    if (done && filters) done.addEventListener("click", function () {
      filters.open = false;
      self.status.scrollIntoView({ block: "start" });
    });
    // The header box on this page searches here, without reloading.
    headerForm.addEventListener("submit", function (e) {
      e.preventDefault();
      self.input.value = headerBox.value;
      headerBox.value = "";
      self.setQuery(self.input.value, true);
      self.typing = false;
      self.input.focus();
    });
    window.addEventListener("popstate", function () {
      clearTimeout(self.timer);
      self.typing = false;
      self.state = self.fromURL();
      self.input.value = self.state.q;
      self.render();
    });
    this.app.addEventListener("keydown", function (e) { self.onKey(e); });
    this.list.addEventListener("click", function (e) {
      var a = e.target.closest("a.result-link");
      if (a) self.keep(a.getAttribute("href"));
    });
    window.addEventListener("pagehide", function () { self.keep(); });
    this.more.addEventListener("click", function () {
      var links = self.list.querySelectorAll("a.result-link"), count = links.length, run = self.runs;
      self.showMore(run).then(function () {
        var after = self.list.querySelectorAll("a.result-link");
        if (after.length > count) after[count].focus();  // keyboard users carry on where the new ones start
      }).catch(function (err) {
        if (run !== self.runs) return;
        if (err && err.stale) { self.reload(err); return; }
        self.setStatus("Search is unavailable: " + err.message + ".", true);
        self.busy(false);
      });
    });
    this.setStatus("Loading the search index…");
    load().then(function (engine) {
      self.engine = engine;
      self.buildFacets();
      var typed = self.state.q;  // (what was typed while the index loaded stays)
      self.state = self.fromURL();
      self.state.q = typed;
      self.render();
    }, function (err) {
      self.setStatus("Search is unavailable: " + err.message + ". Browse the topics or tags instead.", true);
    });
  };

  SearchPage.prototype.setQuery = function (q, push) {
    q = q.trim();
    if (q === this.state.q) { this.remember(false); return; }
    this.forget();  // (a query asked for before the index has loaded: Back's saved place is not its)
    this.state.q = q;
    this.remember(push);
    this.render();
  };

  SearchPage.prototype.setStatus = function (text, isError) {
    this.status.textContent = text;
    this.status.classList.toggle("search-error", !!isError);
  };

  SearchPage.prototype.buildFacets = function () {
    var self = this, store = this.engine.store;
    this.dims = [
      { key: "topic", legend: "Topic", values: store.topics.map(function (t) {
        return { key: t[0], label: t[1], depth: self.engine.topicDepth[t[0]] };
      }) },
      // (papers without a date under "Undated", last: else the years' counts did not add up to the results)
      { key: "year", legend: "Year", values: store.years.map(function (y) { return { key: y, label: y, depth: 0 }; })
        .concat([{ key: UNDATED, label: "Undated", depth: 0 }]) },
      { key: "authors", legend: "Number of authors", values: store.authors.map(function (a) {
        return { key: a[0], label: a[1], depth: 0 };
      }) },
      // (venues are named as written: their checkboxes are numbered, as an id holds no spaces). A
      // venue-year each (a venue and the year filter would take an ICLR 2024 paper dated 2023 for
      // 2023), so at 10,000 papers 132 of them: the FOLD with the most results are shown, and a
      // button shows the rest.
      { key: "venue", legend: "Venue", noun: "venues", fold: FOLD, values: (store.venues || []).map(function (v, i) {
        return { key: v, label: v, depth: 0, id: "facet-venue-" + i };
      }) }
    ];
    var unfolded = this.saved && this.saved.unfolded || [];  // (a list shown whole when the page was left)
    this.dims.forEach(function (dim) { dim.open = unfolded.indexOf(dim.key) >= 0; });
    this.facetList.textContent = "";
    this.dims.forEach(function (dim) {
      var set = el("fieldset", { "class": "facet" });
      set.appendChild(el("legend", null, dim.legend));
      var ul = el("ul");
      dim.values.forEach(function (v) {
        var id = v.id || "facet-" + dim.key + "-" + v.key;
        var li = el("li", { "class": "depth-" + Math.min(v.depth, 3) });
        var box = el("input", { type: "checkbox", id: id, value: v.key, "data-facet": dim.key });
        var label = el("label", { "for": id }, v.label + " ");
        v.count = el("span", { "class": "facet-count" });
        label.appendChild(v.count);
        li.appendChild(box);
        li.appendChild(label);
        ul.appendChild(li);
        v.item = li;
        v.box = box;
        box.addEventListener("change", function () {
          var chosen = self.state[dim.key].filter(function (k) { return k !== v.key; });
          if (box.checked) chosen.push(v.key);
          self.state[dim.key] = chosen;
          self.choose();
        });
      });
      set.appendChild(ul);
      if (dim.fold) {
        dim.toggle = el("button", { type: "button", "class": "facet-more", "aria-expanded": "false" });
        dim.toggle.addEventListener("click", function () {
          dim.open = !dim.open;
          dim.kept = null;
          self.renderFacets(self.facetsOf);
        });
        set.appendChild(dim.toggle);
      }
      dim.fieldset = set;
      self.facetList.appendChild(set);
    });
  };

  // No query: the filters, counting every paper, and once one is chosen the papers it leaves, newest
  // first (catalog order), so that the page browses the catalog by facets too ("NeurIPS 2024 papers
  // on video generation" needs no word; the filters needed a query). Nothing is listed before a
  // filter is chosen: the page would fetch documents no one asked for.
  SearchPage.prototype.browse = function (run, saved) {
    var self = this, all = this.engine.facetKeys.map(function (keys, ref) { return { ref: ref, score: 0, terms: [] }; });
    var shown = this.narrowed(all, null), filtered = DIMS.some(function (k) { return self.state[k].length; });
    this.renderFacets(all);
    this.pending = filtered ? shown : [];
    if (!filtered) {
      this.setStatus("Type a query above, for example diffusion, title:video or difusion~1, or choose filters " +
                     "to list the papers they leave (" + plural(all.length, "paper", "papers") + " in all).");
    } else if (shown.length) {
      this.setStatus(plural(shown.length, "paper", "papers") + " of " + num(all.length) + " with the chosen filters, newest first.");
    } else {
      this.setStatus("No paper has the chosen filters.");
      this.renderClearFilters();
    }
    if (!this.pending.length) {
      this.restore(run, saved);
      return;
    }
    this.showMore(run).then(function () { return self.restore(run, saved); }).catch(function (err) {
      if (run !== self.runs) return;
      if (err && err.stale) { self.reload(err); return; }
      self.setStatus("Search is unavailable: " + err.message + ".", true);
      self.busy(false);
    });
  };

  // Results of the query, narrowed by every chosen facet except `skip`.
  SearchPage.prototype.narrowed = function (results, skip) {
    var state = this.state, keys = this.engine.facetKeys;
    return results.filter(function (r) {
      return DIMS.every(function (dim) {
        var chosen = state[dim];
        if (dim === skip || !chosen.length) return true;
        return keys[r.ref][dim].some(function (k) { return chosen.indexOf(k) >= 0; });
      });
    });
  };

  // `afterStale`: this render follows a reload for a stale index, so another stale answer is an error.
  SearchPage.prototype.render = function (afterStale) {
    if (!this.engine) return;
    var self = this, q = this.state.q, run = ++this.runs, saved = this.saved;
    this.saved = null;  // (for the first render only: a later query starts at its top)
    document.title = q ? quoted(q) + " · " + this.baseTitle : this.baseTitle;
    this.busy(!!q);
    this.more.hidden = true;  // the previous query's remaining results are no longer wanted
    this.pending = [];
    if (!q) {
      this.clear();
      this.browse(run, saved);
      return;
    }
    this.engine.search(q).then(function (outcome) {
      if (run !== self.runs) return;  // a newer query is on its way
      self.clear();
      self.failed = outcome.error ? q : null;
      if (outcome.error) {
        self.facetBox.hidden = true;
        self.setStatus(outcome.error, true);
        // (Not for a query still being typed: a phrase's first quote opened it, pushing the results
        // below the fold for good.)
        if (self.help && !self.typing) self.help.open = true;
        self.busy(false);
        self.restore(run, saved);  // (nothing to show again: the browser's own scrolling back on)
        return;
      }
      var all = outcome.results;
      var shown = self.narrowed(all, null);
      self.renderFacets(all);
      var filtered = DIMS.some(function (k) { return self.state[k].length; });
      if (outcome.typos) {
        // Say which query the results are for, in words from the results themselves (their documents
        // are needed for the first step anyway).
        var first = (shown.length ? shown : all).slice(0, STEP);
        self.busy(true);
        return self.engine.withDocs(first).then(function () {
          if (run !== self.runs) return;
          var fixed = corrected(q, outcome, first);
          // The results are then those of the corrected query itself: the loosened one also found
          // words the message did not name (`atention~1` found "latent" and "agent" too: 129 papers
          // "for attention", which finds 105).
          var exact = fixed.toLowerCase() === q.toLowerCase() ? Promise.resolve(null) : self.engine.search(fixed);
          return exact.then(function (found) {
            if (run !== self.runs) return;
            if (found && !found.error && !found.typos && found.results.length) {
              all = found.results;
              shown = self.narrowed(all, null);
              self.renderFacets(all);
            }
            var lead = outcome.strict >= FEW ? "No paper has " + outcome.typos.map(quoted).join(" or ")
              : (outcome.strict ? "Only " + plural(outcome.strict, "paper matches", "papers match")
                                : "No papers match") + " " + quoted(q);
            self.setStatus(lead + ". Showing results for " +
              quoted(fixed) + ": " + (filtered ? shown.length + " of " + plural(all.length, "paper", "papers") +
              " with the chosen filters." : plural(all.length, "paper", "papers") + "."));
            if (!shown.length) { self.renderClearFilters(); self.busy(false); self.restore(run, saved); return; }
            self.pending = shown;
            return self.showMore(run).then(function () { return self.restore(run, saved); });
          });
        });
      }
      if (!all.length) {
        self.setStatus("No papers match " + quoted(q) + ".");
        self.renderSuggestions(q);
      } else if (outcome.any) {  // (no paper has every word: those with some, `Engine.run`)
        self.setStatus("No paper has all the words of " + quoted(q) + ". " + (!filtered
          ? plural(all.length, "paper has", "papers have") + " some of them."
          : "Of the " + plural(all.length, "paper", "papers") + " with some of them, " +
            (shown.length ? num(shown.length) : "none") + " " + (shown.length === 1 ? "has" : "have") + " the chosen filters."));
        if (!shown.length) self.renderClearFilters();
      } else if (!shown.length) {
        self.setStatus("None of the " + plural(all.length, "paper", "papers") + " matching " + quoted(q) +
          " has the chosen filters.");
        self.renderClearFilters();
      } else if (filtered) {
        self.setStatus(plural(shown.length, "paper", "papers") + " of " + num(all.length) + " matching " + quoted(q) +
          " with the chosen filters.");
      } else {
        self.setStatus(plural(shown.length, "paper matches", "papers match") + " " + quoted(q) + ".");
      }
      self.pending = shown;
      return self.showMore(run).then(function () { return self.restore(run, saved); });
    }).catch(function (err) {
      if (run !== self.runs) return;
      if (err && err.stale && !afterStale) { self.reload(err); return; }
      self.clear();
      self.setStatus("Search is unavailable: " + err.message + ". Browse the topics or tags instead.", true);
      self.busy(false);
    });
  };

  // The site was rebuilt under this page (a file the manifest named is gone): read the new manifest and
  // run the query again. Results of the old index are dropped, as its refs mean other papers now.
  SearchPage.prototype.reload = function (err) {
    var self = this, run = ++this.runs;
    this.busy(true);
    retryStale(err, function (engine) {
      if (run !== self.runs) return;
      self.engine = engine;
      self.buildFacets();
      self.render(true);
    }).catch(function (e) {
      if (run !== self.runs) return;
      self.clear();
      self.setStatus("Search is unavailable: " + e.message + ". Browse the topics or tags instead.", true);
      self.busy(false);
    });
  };

  // aria-busy on the results while a query or more results are on their way (tests wait for it too).
  SearchPage.prototype.busy = function (on) { this.list.setAttribute("aria-busy", on ? "true" : "false"); };

  SearchPage.prototype.clear = function () {
    this.list.textContent = "";
    this.empty.textContent = "";
    this.empty.hidden = true;
    this.more.hidden = true;
    this.pending = [];
  };

  // The next STEP results of the current query, each shown in order as soon as it and those before it
  // have their documents (20 results need about as many small files: the best is not kept waiting for
  // the 20th).
  SearchPage.prototype.forget = function () {
    if (!this.saved) return;
    this.saved = null;
    if ("scrollRestoration" in history) history.scrollRestoration = "auto";
  };

  // Bring back what `keep` saved: "Show more" pressed as often as before, and the scroll position
  // (Back from the 26th result gave the first 10, at the top).
  SearchPage.prototype.restore = function (run, saved) {
    var self = this;
    if (!saved) return;
    function step() {
      if (run !== self.runs) return;
      if (!self.pending.length || self.list.querySelectorAll("a.result-link").length >= saved.shown) {
        window.scrollTo(0, saved.scroll);
        // Focus back on the result that was opened: keyboard users went on from the page's top.
        var links = self.list.querySelectorAll("a.result-link");
        for (var i = 0; saved.opened && i < links.length; i++) {
          if (links[i].getAttribute("href") === saved.opened) { links[i].focus({ preventScroll: true }); break; }
        }
        if ("scrollRestoration" in history) history.scrollRestoration = "auto";
        return;
      }
      return self.showMore(run).then(step);
    }
    return step();
  };

  // How many results are shown, where the page is scrolled and which result was opened (`opened`, its
  // href), in the history entry (kept when a result is opened and when the page is left).
  SearchPage.prototype.keep = function (opened) {
    var before = history.state && history.state.opened;
    try {
      history.replaceState({ shown: this.list.querySelectorAll("a.result-link").length, scroll: window.scrollY,
                             opened: opened || before || null,
                             filters: !!(this.filters && this.filters.open),
                             unfolded: (this.dims || []).filter(function (d) { return d.open; }).map(function (d) { return d.key; }) }, "");
    } catch (e) { /* (a browser that limits history calls: Back shows the first results) */ }
  };

  SearchPage.prototype.showMore = function (run) {
    var self = this, list = this.pending, next = list.slice(0, STEP), done = 0;
    this.more.disabled = true;
    this.busy(true);
    function flush() {
      if (run !== self.runs || self.pending !== list) return;  // another query, or these are shown
      var frag = document.createDocumentFragment();
      for (; done < next.length && next[done].doc; done++) frag.appendChild(self.resultItem(next[done]));
      self.list.appendChild(frag);
    }
    return this.engine.withDocs(next, flush).then(function () {
      flush();
      if (run !== self.runs || self.pending !== list) return;
      self.busy(false);
      self.pending = list.slice(next.length);
      self.more.disabled = false;
      self.more.hidden = !self.pending.length;
      self.more.textContent = "Show " + Math.min(STEP, self.pending.length) + " more (" +
        num(self.pending.length) + " not shown)";
    });
  };

  SearchPage.prototype.resultItem = function (r) {
    var store = this.engine.store, d = r.doc;
    var li = el("li", { "class": "paper-item search-result" });
    var h = el("h3", { "class": "paper-item-title" });
    var a = el("a", { href: resolve(d.u), "class": "result-link" });
    a.appendChild(highlighted(d.t, r.terms, r.phrased));
    h.appendChild(a);
    li.appendChild(h);
    var meta = el("p", { "class": "meta" });
    meta.appendChild(d.y ? el("span", { "class": "year" }, d.y) : el("span", null, "undated"));
    if (d.v) {  // (who and where, as a list item shows them: search_index._byline)
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", { "class": "venue" }, d.v));
    }
    if (d.a) {
      var by = el("span", { "class": "authors" });
      by.appendChild(highlighted(d.a, r.terms, r.phrased));
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(by);
    }
    // Chips with the query's words marked, as the title and abstract have them; one that has any is a
    // `hit`, which a phone shows of the tags (the rest are on the paper's page: six chips took four lines).
    function chip(kind, t) {
      var label = highlighted(t[1], r.terms, r.phrased), hit = !!label.querySelector("mark");
      meta.appendChild(document.createTextNode(" "));  // (so text tools do not glue chips' names together)
      var a = el("a", { "class": "chip " + kind + (hit ? " hit" : ""), href: resolve(t[2]) });
      a.appendChild(label);
      meta.appendChild(a);
    }
    var shown = {};  // a tag whose label repeats one of the paper's topics is left out (pages.tag_chips)
    d.p.forEach(function (n) {
      var t = store.topics[n];
      if (t) {
        shown[t[1].toLowerCase()] = true;
        chip("topic", t);
      }
    });
    d.g.forEach(function (n) {
      var t = store.tags[n];
      if (t && !shown[t[1].toLowerCase()]) chip("tag", t);
    });
    li.appendChild(meta);
    if (d.s) {
      var p = el("p", { "class": "snippet" });
      p.appendChild(highlighted(excerpt(d.s, r.terms), r.terms, r.phrased));
      li.appendChild(p);
    }
    return li;
  };

  SearchPage.prototype.renderFacets = function (all) {
    var self = this;
    this.facetsOf = all;  // (for a folded list's button)
    this.facetBox.hidden = !all.length;
    this.dims.forEach(function (dim) {
      var counts = {};
      self.narrowed(all, dim.key).forEach(function (r) {
        self.engine.facetKeys[r.ref][dim.key].forEach(function (k) { counts[k] = (counts[k] || 0) + 1; });
      });
      var visible = [];
      dim.values.forEach(function (v) {
        var checked = self.state[dim.key].indexOf(v.key) >= 0;
        var n = counts[v.key] || 0;
        v.box.checked = checked;
        v.count.textContent = "(" + num(n) + ")";
        v.item.hidden = !n && !checked;
        if (!v.item.hidden) visible.push({ v: v, n: n, checked: checked });
      });
      dim.fieldset.hidden = !visible.length;
      if (dim.fold) foldFacet(dim, visible, self.state.q);
    });
  };

  var FOLD = 8;  // values a long filter list shows until asked for all

  // A long list shows the `dim.fold` values with the most results (in the list's own order), and any
  // chosen one, until its button is pressed. For one query a value once shown stays (unticking it made
  // it vanish, and the keyboard's focus with it), until the list is folded again.
  function foldFacet(dim, visible, q) {
    var long = visible.length > dim.fold;
    dim.toggle.hidden = !long;
    if (dim.kept && dim.kept.q !== q) dim.kept = null;
    if (!long) return;
    if (!dim.open) {
      var most = visible.slice().sort(function (a, b) { return b.n - a.n; }).slice(0, dim.fold);
      var kept = dim.kept ? dim.kept.keys : [];
      visible.forEach(function (x) {
        x.v.item.hidden = !x.checked && most.indexOf(x) < 0 && kept.indexOf(x.v.key) < 0;
      });
      dim.kept = { q: q, keys: visible.filter(function (x) { return !x.v.item.hidden; })
                                      .map(function (x) { return x.v.key; }) };
    }
    dim.toggle.textContent = dim.open ? "Fewer " + dim.noun : "All " + visible.length + " " + dim.noun;
    dim.toggle.setAttribute("aria-expanded", dim.open ? "true" : "false");
  }

  SearchPage.prototype.renderClearFilters = function () {
    var self = this;
    var button = el("button", { type: "button", "class": "button" }, "Clear the filters");
    button.addEventListener("click", function () {
      DIMS.forEach(function (k) { self.state[k] = []; });
      self.choose();
      self.input.focus();
    });
    this.empty.appendChild(button);
    this.empty.hidden = false;
  };

  // "No results": the tags whose names are nearest to the query's words, and what to try next.
  SearchPage.prototype.renderSuggestions = function (q) {
    var words = q.toLowerCase().replace(/\b\w+:/g, " ").split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length > 1;
    });
    var near = nearestTags(this.engine.store.tags, words, 5);
    if (near.length) {
      this.empty.appendChild(el("p", null, "Tags with similar names:"));
      var ul = el("ul", { "class": "browse" });
      near.forEach(function (t) {
        var li = el("li");
        li.appendChild(el("a", { href: resolve(t[2]) }, t[1]));
        ul.appendChild(li);
      });
      this.empty.appendChild(ul);
    }
    this.empty.appendChild(el("p", null, "Try fewer or other words, a wildcard (diffu*) or a fuzzy match " +
      "(difusion~1). Common words such as “the” are not indexed."));
    this.empty.hidden = false;
  };

  SearchPage.prototype.onKey = function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== "ArrowDown" && e.key !== "ArrowUp")) return;
    var links = Array.prototype.slice.call(this.list.querySelectorAll("a.result-link"));
    if (!links.length) return;
    var down = e.key === "ArrowDown";
    if (e.target === this.input) {
      if (down) { e.preventDefault(); links[0].focus(); }
      return;
    }
    var item = e.target.closest && e.target.closest("li.search-result");
    if (!item || !this.list.contains(item)) return;
    var i = links.indexOf(item.querySelector("a.result-link"));
    e.preventDefault();
    if (down) links[Math.min(i + 1, links.length - 1)].focus();
    else if (i > 0) links[i - 1].focus();
    else this.input.focus();
  };

  // Edits from a to b, a swap of two neighbouring letters counting as one, as lunr's fuzzy match counts.
  function levenshtein(a, b) {
    var before = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          cur[j] = Math.min(cur[j], before[j - 2] + 1);
        }
      }
      before = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  // Tags ranked by how close a word of their name (or slug) is to a query word: 0 when one starts the
  // other (`transform`, `transformers`), else the edit distance relative to the longer word. Common words
  // (`and`, `for`) do not count, and only reasonably close tags are kept.
  function nearestTags(tags, words, limit) {
    if (!words.length) return [];
    var scored = tags.map(function (t) {
      var names = (t[1].toLowerCase() + " " + t[0]).split(/[^\p{L}\p{N}]+/u).filter(function (n) {
        return n.length > 1 && window.lunr.stopWordFilter(new window.lunr.Token(n));
      });
      var best = 1;
      words.forEach(function (w) {
        names.forEach(function (n) {
          var d = (Math.min(n.length, w.length) >= 4 && (n.indexOf(w) === 0 || w.indexOf(n) === 0)) ? 0
            : levenshtein(w, n) / Math.max(w.length, n.length);
          if (d < best) best = d;
        });
      });
      return { tag: t, d: best };
    }).filter(function (s) { return s.d < 0.4; });  // (at 0.5, `<script>alert(1)</script>` suggested "Agents")
    scored.sort(function (a, b) { return a.d - b.d || a.tag[1].localeCompare(b.tag[1]); });
    return scored.slice(0, limit).map(function (s) { return s.tag; });
  }

  // --- quick results under the header box, on every other page -----------------------------------------

  // A phone has no arrow keys: its hints say tap.
  var TOUCH = window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches;

  function QuickResults() {
    var self = this;
    this.panel = el("div", { id: "quick-results", "class": "quick-results", hidden: "" });
    this.status = el("p", { "class": "quick-status", role: "status" });
    this.list = el("ul", { "class": "quick-list", "aria-label": "Best matches" });
    this.panel.appendChild(this.status);
    this.panel.appendChild(this.list);
    headerForm.appendChild(this.panel);
    headerBox.setAttribute("aria-controls", "quick-results");
    this.timer = null;
    this.runs = 0;
    headerBox.addEventListener("focus", function () { load().catch(function () { /* shown when typing */ }); });
    headerBox.addEventListener("input", function () {
      if (loading) loading.then(function (engine) { engine.prefetch(headerBox.value); }, function () {});
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.update(); }, PAUSE_MS);
    });
    headerForm.addEventListener("keydown", function (e) { self.onKey(e); });
    headerForm.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !headerForm.contains(e.relatedTarget)) self.close();
    });
    document.addEventListener("click", function (e) { if (!headerForm.contains(e.target)) self.close(); });
  }

  QuickResults.prototype.close = function () { this.panel.hidden = true; };

  QuickResults.prototype.update = function () {
    var self = this, q = headerBox.value.trim(), run = ++this.runs;
    if (!q) { this.close(); return; }
    function best(engine) {
      return engine.search(q).then(function (outcome) {
        return outcome.error ? outcome : engine.withDocs(outcome.results.slice(0, 5)).then(function () {
          return outcome;
        });
      });
    }
    load().then(best).catch(function (err) { return retryStale(err, best); }).then(function (outcome) {
      // typed on meanwhile, or left the box
      if (run !== self.runs || headerBox.value.trim() !== q || !headerForm.contains(document.activeElement)) return;
      self.panel.setAttribute("data-query", q);  // (what the panel answers: a pause mid-word shows a shorter query's first)
      self.list.textContent = "";
      if (outcome.error) {  // the query syntax is explained on the search page, not here
        self.status.textContent = outcome.error + " Press Enter for the query syntax.";
      } else if (!outcome.results.length) {
        self.status.textContent = "No papers match " + quoted(q) + (TOUCH ? ". The keyboard's search key gives suggestions."
          : ". Press Enter for suggestions.");
      } else {
        var n = outcome.results.length;
        self.status.textContent = (outcome.typos ? "Showing results for " +
          quoted(corrected(q, outcome, outcome.results.slice(0, 5))) + ". " : "") +
          (outcome.any ? "No paper has all these words; " + (n > 5 ? "best 5 of " + num(n) + " with some" : plural(n, "has", "have") + " some")
            : n > 5 ? "Best 5 of " + num(n) + " matches" : plural(n, "match", "matches")) +
          (TOUCH ? ": tap one, or the keyboard's search key for the search page."
            : ": Down arrow to browse, Enter for the search page.");
        outcome.results.slice(0, 5).forEach(function (r) {
          var li = el("li");
          var a = el("a", { href: resolve(r.doc.u) });
          a.appendChild(highlighted(r.doc.t, r.terms, r.phrased));
          if (r.doc.y) a.appendChild(el("span", { "class": "quick-year" }, " " + r.doc.y));
          li.appendChild(a);
          self.list.appendChild(li);
        });
        var more = el("li", { "class": "quick-more" });
        var params = new URLSearchParams();
        params.set("q", q);
        more.appendChild(el("a", { href: searchURL.pathname + "?" + params.toString() },
          "All " + plural(n, "result", "results") + " for " + quoted(q)));
        self.list.appendChild(more);
      }
      self.panel.hidden = false;
    }, function (err) {
      if (run !== self.runs || !headerForm.contains(document.activeElement)) return;
      self.panel.setAttribute("data-query", q);
      self.status.textContent = "Search is unavailable: " + err.message + ".";
      self.panel.hidden = false;
    });
  };

  QuickResults.prototype.onKey = function (e) {
    if (e.key === "Escape" && !this.panel.hidden) {
      e.preventDefault();
      this.close();
      headerBox.focus();
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== "ArrowDown" && e.key !== "ArrowUp")) return;
    var links = Array.prototype.slice.call(this.list.querySelectorAll("a"));
    if (this.panel.hidden || !links.length) return;
    var i = links.indexOf(document.activeElement);
    e.preventDefault();
    if (e.key === "ArrowDown") links[Math.min(i + 1, links.length - 1)].focus();
    else if (i > 0) links[i - 1].focus();
    else headerBox.focus();
  };

  // --- start --------------------------------------------------------------------------------------------

  var app = document.getElementById("search-app");
  if (app) new SearchPage(app);
  else new QuickResults();
})();
