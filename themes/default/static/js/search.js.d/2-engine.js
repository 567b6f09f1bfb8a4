  // ---------------------------------------------------------------------
  // Queries: a port of search/query.go and search/search.go.

  var SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
  var RE_CONTROL = /\p{Cc}/gu;
  var RE_DIGIT = /\p{Nd}/u;
  var RE_EDGE = /^[^\p{L}\p{Nd}]+|[^\p{L}\p{Nd}]+$/gu;
  var MUTUALISATION = /^m0*([0-9]{1,3})$/;
  var CODE_DASH = /^([a-z]{1,3})[-.]+([0-9])/;
  var CODE_LETTERS = /^\p{L}{1,3}$/u;
  var RE_START_DIGIT = /^\p{Nd}/u;

  // A QueryError is a request the search refuses, as search.QueryError:
  // code names the rule, message says how.
  function QueryError(code, msg, data) { this.code = code; this.message = msg; this.data = data || {}; }

  function runeCount(s) { return Array.from(s).length; }

  function utf8Length(s) {
    var n = 0;
    for (var ch of s) {
      var c = ch.codePointAt(0);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
    return n;
  }

  // shardKey is the first runes of a term up to at least n bytes.
  function shardKey(term, n) {
    var bytes = 0, out = "";
    for (var ch of term) {
      if (bytes >= n) return out;
      out += ch;
      bytes += utf8Length(ch);
    }
    return out;
  }

  function hex(s) {
    var out = "";
    for (var ch of s) {
      var c = ch.codePointAt(0);
      var b = c < 0x80 ? [c] : c < 0x800 ? [0xc0 | c >> 6, 0x80 | c & 63] :
        c < 0x10000 ? [0xe0 | c >> 12, 0x80 | c >> 6 & 63, 0x80 | c & 63] :
          [0xf0 | c >> 18, 0x80 | c >> 12 & 63, 0x80 | c >> 6 & 63, 0x80 | c & 63];
      b.forEach(function (x) { out += (x < 16 ? "0" : "") + x.toString(16); });
    }
    return out;
  }

  function fuzziness(rules, term) {
    var n = runeCount(term);
    if (n > rules.fuzzy_max || n < rules.fuzzy1) return 0;
    return n < rules.fuzzy2 ? 1 : 2;
  }

  function normalizeCode(s) {
    s = s.toLowerCase().replace(CODE_DASH, "$1$2");
    var m = MUTUALISATION.exec(s);
    return m ? "m" + "000".slice(m[1].length) + m[1] : s;
  }

  var RE_LONE_LETTER = /^\p{L}$/u;

  // newWord analyses one word of a query; a stop word of either language
  // and a lone letter are dropped, as search/query.go says.
  function newWord(an, text) {
    var w = { fr: an.fr(text), en: an.en(text), surface: an.surface(text), prefix: "", typos: null };
    if (w.fr === "" || w.en === "" || RE_LONE_LETTER.test(w.surface)) w.fr = w.en = "";
    return w;
  }

  // splits returns the ways to cut a word in two words of at least min
  // runes each, neither a stop word, as search/query.go's splits.
  function splits(an, s, min) {
    var rs = Array.from(s), out = [];
    if (!min) return out;
    for (var k = min; k <= rs.length - min; k++) {
      var a = newWord(an, rs.slice(0, k).join("")), b = newWord(an, rs.slice(k).join(""));
      if (a.fr !== "" && b.fr !== "") out.push([a, b]);
    }
    return out;
  }

  // sameTerm tells whether two analysed words have a term in common.
  function sameTerm(w, o) { return w.fr !== "" && (w.fr === o.fr || w.en === o.en); }

  // synonyms returns the other words of the synonym groups that have w,
  // each once, as search/query.go's synonyms.
  function synonyms(w, groups) {
    var out = [];
    if (w.fr === "") return out;
    groups.forEach(function (g) {
      if (!g.some(function (s) { return sameTerm(w, s); })) return;
      g.forEach(function (s) {
        if (s.fr !== "" && !sameTerm(w, s) && !out.some(function (o) { return sameTerm(s, o); })) out.push(s);
      });
    });
    return out;
  }

  function parse(an, q, rules) {
    var n = runeCount(q);
    if (n > rules.max_query) throw new QueryError("too_long", "the query is too long: " + n + " characters, at most " + rules.max_query, { max: rules.max_query });
    q = q.replace(RE_CONTROL, " ");
    var chars = Array.from(q);
    var p = { codes: [], required: [], typing: chars.length > 0 && !SPACE.test(chars[chars.length - 1]) };
    var raw = q.split(new RegExp(SPACE.source, "gu")).filter(function (t) { return t !== ""; });
    var nwords = 0;
    var texts = [], joined = [], follows = false;
    raw.forEach(function (t, i) {
      var isLast = i === raw.length - 1;
      var subs = tokenize(t);
      var words = [];
      var code = RE_DIGIT.test(t);
      subs.forEach(function (s, j) {
        var w = newWord(an, s.text);
        if (p.typing && isLast && j === subs.length - 1 && runeCount(w.surface) >= rules.prefix_min) w.prefix = w.surface;
        if (!w.fr && !w.prefix) { follows = false; return; }
        words.push(w);
        if (!code) { texts.push(s.text); joined.push(follows); }
        follows = !code;
      });
      nwords += words.length;
      if (nwords > rules.max_words) throw new QueryError("too_many_words", "the query has too many words: at most " + rules.max_words, { max: rules.max_words });
      if (i > 0) {
        var before = raw[i - 1].replace(RE_EDGE, ""), after = t.replace(RE_EDGE, "");
        if (CODE_LETTERS.test(before) && RE_START_DIGIT.test(after)) p.codes.push({ id: normalizeCode(before + after), prefix: "", words: [] });
      }
      if (code || raw.length === 1) {
        var id = t.replace(RE_EDGE, "");
        if (id !== "") {
          var c = { id: normalizeCode(id), prefix: "", words: code ? words : [] };
          if (p.typing && isLast && runeCount(id) >= rules.code_prefix_min) c.prefix = id.toLowerCase();
          p.codes.push(c);
        }
      }
      if (!code) p.required = p.required.concat(words);
    });
    var groups = rules.synonymWords || [];
    p.required.forEach(function (w, k) { w.joins = []; w.splits = splits(an, texts[k], rules.split_min); w.syns = synonyms(w, groups); });
    for (var k = 1; k < p.required.length; k++) {
      if (!joined[k]) continue;
      var jw = newWord(an, texts[k - 1] + texts[k]);
      if (jw.fr === "") continue;
      p.required[k - 1].joins.push(jw);
      p.required[k].joins.push(jw);
    }
    return p;
  }

  // osa is the optimal string alignment distance (Levenshtein with swaps
  // of two neighbours), the distance of Bleve's fuzzy automaton, or
  // max+1 when above max.
  function osa(a, b, max) {
    a = Array.from(a); b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var lo = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < lo) lo = v;
      }
      if (lo > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  function byteCompare(a, b) {
    // Terms sort in UTF-8 byte order, as in the index's dictionaries; for
    // strings without surrogates this is code unit order.
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // FORMAT is the shape of the static files this script reads
  // (index.Format, in search/index): it refuses others rather than
  // misread them.
  var FORMAT = 3;

  // engine returns a search engine over the static files that load
  // fetches.
  function engine(load) {
    var ready = null, idx, an, rules, facets = {}, facetLoading = {}, labels = null, shardSet = {}, loading = {}, shards = {}, chunks = {}, posted = {}, N = 0;

    function column(c, n, dense) {
      var out = new Array(n);
      var i;
      if (typeof c === "number") {
        for (i = 0; i < n; i++) out[i] = c;
      } else if (Array.isArray(c)) {
        out = c.slice();
      } else {
        for (i = 0; i < n; i++) out[i] = dense;
        var d = 0;
        c.gaps.forEach(function (g, k) { d += g; out[d] = c.values[k]; });
      }
      return out;
    }

    function init() {
      if (!ready) {
        ready = load("index.json").then(function (data) {
          if (data.format !== FORMAT) throw new Error("search/index.json: format " + data.format + ", this script reads format " + FORMAT + ": build the site again");
          idx = data;
          N = data.entries;
          rules = data.rules;
          an = analyzers(data.analysis);
          // The synonym groups, analysed once.
          rules.synonymWords = (rules.synonyms || []).map(function (g) { return g.map(function (s) { return newWord(an, s); }); });
          data.shards.forEach(function (k) { shardSet[k] = true; });
        });
      }
      return ready;
    }

    // loadFacets fetches the columns of the named facets.
    function loadFacets(names) {
      return Promise.all(names.map(function (f) {
        if (!facetLoading[f]) {
          facetLoading[f] = load(idx.version + "/facets/" + f + ".json").then(function (fc) {
            facets[f] = {
              values: fc.values,
              docs: column(fc.docs, N, []).map(function (v) { return typeof v === "number" ? [v] : v; })
            };
          });
        }
        return facetLoading[f];
      }));
    }

    // facetLabels resolves to the labels of the facet values that come
    // from the content, {facet: {value: label}}.
    function facetLabels() {
      if (!labels) labels = init().then(function () { return load(idx.version + "/labels.json"); });
      return labels;
    }

    // shard returns the dictionary of a shard, {term: {chunk, counts:
    // {field: entries}}}.
    function shard(key) {
      if (!shardSet[key]) return Promise.resolve({});
      if (!loading[key]) {
        loading[key] = load(idx.version + "/terms/" + hex(key) + ".json").then(function (data) {
          var out = {};
          Object.keys(data).forEach(function (term) {
            var e = data[term], counts = {};
            for (var i = 1; i < e.length; i += 2) counts[idx.fields[e[i]]] = e[i + 1];
            out[term] = { chunk: e[0], counts: counts };
          });
          return out;
        });
      }
      return loading[key];
    }

    // loadPostings fetches the chunks of postings of the term nodes,
    // {term: {field: {docs, lens, freqs}}} each.
    function loadPostings(nodes) {
      var want = {};
      nodes.forEach(function (n) {
        var key = shardKey(n.term, rules.fuzzy_prefix), e = (shards[key] || {})[n.term];
        if (n.count > 0) want[hex(key) + "-" + e.chunk] = true;
      });
      return Promise.all(Object.keys(want).map(function (file) {
        if (!chunks[file]) {
          chunks[file] = load(idx.version + "/postings/" + file + ".json").then(function (data) {
            Object.keys(data).forEach(function (term) {
              var fields = {};
              data[term].forEach(function (p) {
                var docs = [], d = 0;
                p[1].forEach(function (g) { d += g; docs.push(d); });
                fields[idx.fields[p[0]]] = { docs: docs, lens: p[2], freqs: p[3] || null };
              });
              posted[term] = fields;
            });
          });
        }
        return chunks[file];
      }));
    }

    // terms returns the loaded terms whose shard is the key of t.
    function termsOf(t) { return shards[shardKey(t, rules.fuzzy_prefix)]; }

    function loadKeys(terms) {
      var keys = {};
      terms.forEach(function (t) { if (t) keys[shardKey(t, rules.fuzzy_prefix)] = true; });
      return Promise.all(Object.keys(keys).map(function (k) {
        return shard(k).then(function (data) { shards[k] = data; });
      }));
    }

    function planWords(p) {
      var words = [];
      p.codes.forEach(function (c) { words = words.concat(c.words); });
      return words.concat(p.required);
    }

    // loadPlan fetches the shards of the plan's terms, then those of the
    // terms of its typos.
    function loadPlan(p) {
      var terms = [];
      p.codes.forEach(function (c) { terms.push(c.id, c.prefix); });
      planWords(p).forEach(function (w) {
        terms.push(w.fr, w.en, w.prefix, w.surface);
        (w.joins || []).concat(w.syns || []).forEach(function (j) { terms.push(j.fr, j.en); });
      });
      return loadKeys(terms).then(function () {
        var more = [];
        p.required.forEach(function (w) {
          w.splits.forEach(function (x) {
            if (written(x[0])) more.push(x[0].fr, x[0].en, x[1].fr, x[1].en, x[1].surface);
          });
        });
        planWords(p).forEach(function (w) {
          if (w.fr === "" || known(w)) return;
          var fz = fuzziness(rules, w.surface);
          if (fz === 0) return;
          w.typos = typos(w.surface, fz);
          more = more.concat(Object.keys(w.typos.fr), Object.keys(w.typos.en));
        });
        return loadKeys(more);
      });
    }

    // typos returns, for each language, the terms of the words as written
    // within fz edits of surface that share its first bytes, each with its
    // least distance, as search.go's builder.typos.
    function typos(surface, fz) {
      var out = { fr: {}, en: {} };
      var start = shardKey(surface, rules.fuzzy_prefix);
      fieldTermsWith("words", surface, function (t) { return t.indexOf(start) === 0; }).forEach(function (t) {
        var d = osa(surface, t, fz);
        if (d > fz) return;
        var c = newWord(an, t);
        if (c.fr === "") return;
        [["fr", c.fr], ["en", c.en]].forEach(function (x) {
          if (!(x[1] in out[x[0]]) || d < out[x[0]][x[1]]) out[x[0]][x[1]] = d;
        });
      });
      return out;
    }

    // entries returns the count of entries that have term in field, from
    // the dictionary: 0 when none, and for the words as written.
    function entries(field, term) {
      var data = shards[shardKey(term, rules.fuzzy_prefix)];
      var t = data && data[term];
      return (t && t.counts[field]) || 0;
    }

    // The query tree: leaves are term searchers with their boost; fuzzy
    // and prefix queries expand into disjunctions of them, as in Bleve.
    // Their postings are fetched once the tree is known (loadPostings).
    function termNode(field, term, boost) {
      return { op: "term", field: field, term: term, boost: boost, count: entries(field, term) };
    }

    function leaves(node, out) {
      if (node.op === "term") out.push(node);
      else node.kids.forEach(function (k) { leaves(k, out); });
      return out;
    }

    function orNode(kids) { return { op: "or", kids: kids }; }
    function andNode(kids) { return { op: "and", kids: kids }; }

    function fieldTermsWith(field, start, test) {
      var data = termsOf(start) || {};
      return Object.keys(data).filter(function (t) { return field in data[t].counts && test(t); }).sort(byteCompare);
    }

    function prefixNode(field, prefix, boost) {
      var terms = fieldTermsWith(field, prefix, function (t) { return t.indexOf(prefix) === 0; });
      if (terms.length === 0 || (terms.length === 1 && terms[0] === prefix)) return termNode(field, prefix, boost);
      return orNode(terms.map(function (t) { return termNode(field, t, boost); }));
    }

    function wordTerm(w, lang) { return lang === "en" ? w.en : w.fr; }

    function known(w) {
      return rules.fields.some(function (f) {
        var t = wordTerm(w, f.lang);
        return t !== "" && entries(f.name, t) > 0;
      });
    }

    // written tells whether an entry has the word as written.
    // The words have no postings: the dictionary has them or not.
    function written(w) {
      var data = shards[shardKey(w.surface, rules.fuzzy_prefix)];
      return !!(data && data[w.surface] && "words" in data[w.surface].counts);
    }

    function exactNode(w) {
      return orNode(rules.fields.map(function (f) { return termNode(f.name, wordTerm(w, f.lang), f.boost); }));
    }

    function wordNode(w) {
      var leaves = [];
      rules.fields.forEach(function (f) {
        var t = wordTerm(w, f.lang);
        if (t === "") return;
        var cands = w.typos ? w.typos[f.lang] : {};
        var names = Object.keys(cands).sort(byteCompare);
        if (names.length === 0) leaves.push(termNode(f.name, t, f.boost));
        else leaves.push(orNode(names.map(function (c) { return termNode(f.name, c, f.boost / (cands[c] + 1)); })));
      });
      if (w.prefix) {
        rules.fields.forEach(function (f) { leaves.push(prefixNode(f.name, w.prefix, f.boost * rules.prefix)); });
      }
      return orNode(leaves);
    }

    // slotNode matches a required word, or a word it makes with the word
    // before or after it that the index knows, as search.go's builder.slot.
    function slotNode(w) {
      var alts = [wordNode(w)];
      w.joins.forEach(function (j) { if (known(j)) alts.push(exactNode(j)); });
      w.splits.forEach(function (x) {
        if (!(written(x[0]) && written(x[1]) && known(x[0]) && known(x[1]))) return;
        var cut = andNode([exactNode(x[0]), exactNode(x[1])]);
        cut.cut = true;
        alts.push(cut);
      });
      w.syns.forEach(function (s) { if (known(s)) alts.push(exactNode(s)); });
      return alts.length === 1 ? alts[0] : orNode(alts);
    }

    // topNode is the tree of the plan: its codes, and the slots of its
    // required words, all of them or (any) any of them.
    function topNode(p, slots, any) {
      var parts = [];
      p.codes.forEach(function (c) {
        parts.push(termNode("code", c.id, rules.code), termNode("refs", c.id, rules.refs));
        if (c.prefix) parts.push(prefixNode("code", c.prefix, rules.code_prefix));
        c.words.forEach(function (w) { parts.push(wordNode(w)); });
      });
      var required = slots;
      if (required.length > 0) {
        if (any) parts = parts.concat(required);
        else parts.push(andNode(required));
      }
      return parts.length === 1 ? parts[0] : orNode(parts);
    }

    // Bleve sorts the searchers of a disjunction or conjunction by their
    // count of documents, and adds their scores in that order.
    function count(node) {
      if (node.op === "term") return node.count;
      if (node.sum === undefined) {
        node.sum = 0;
        node.kids.forEach(function (k) { node.sum += count(k); });
        node.sorted = node.kids.map(function (k, i) { return [count(k), i, k]; })
          .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
          .map(function (x) { return x[2]; });
      }
      return node.sum;
    }

    function weight(node) {
      if (node.op === "term") {
        node.idf = 1 + Math.log(N / (node.count + 1));
        var w = node.boost * node.idf;
        return w * w;
      }
      count(node);
      var sum = 0;
      node.sorted.forEach(function (k) { sum += weight(k); });
      return sum;
    }

    // score returns the scores of the documents node matches, as a Map.
    // Matched summary terms are recorded for snippets.
    function score(node, qnorm, marks) {
      var out = new Map();
      if (node.op === "term") {
        var post = node.count > 0 && posted[node.term][node.field];
        if (!post) return out;
        var lens = post.lens;
        var qw = node.boost * node.idf * qnorm;
        var summary = node.field.indexOf("summary_") === 0;
        post.docs.forEach(function (d, i) {
          var tf = Math.sqrt(post.freqs ? post.freqs[i] : 1);
          var norm = Math.fround(1 / Math.sqrt(typeof lens === "number" ? lens : lens[i]));
          var s = tf * norm * node.idf;
          if (qw !== 1) s = s * qw;
          out.set(d, s);
          if (summary) {
            if (!marks.has(d)) marks.set(d, {});
            marks.get(d)[node.term] = true;
          }
        });
        return out;
      }
      // A word cut in two marks its parts only where both are found,
      // as search.go's show.
      var own = node.cut ? new Map() : marks;
      var kids = node.sorted.map(function (k) { return score(k, qnorm, own); });
      if (node.op === "and") {
        kids[0].forEach(function (_, d) {
          var sum = 0;
          for (var i = 0; i < kids.length; i++) {
            if (!kids[i].has(d)) return;
            sum += kids[i].get(d);
          }
          out.set(d, sum);
        });
        if (node.cut) {
          out.forEach(function (_, d) {
            if (!own.has(d)) return;
            if (!marks.has(d)) marks.set(d, {});
            Object.assign(marks.get(d), own.get(d));
          });
        }
        return out;
      }
      var docs = new Set();
      kids.forEach(function (k) { k.forEach(function (_, d) { docs.add(d); }); });
      docs.forEach(function (d) {
        var sum = 0, matched = 0;
        kids.forEach(function (k) { if (k.has(d)) { sum += k.get(d); matched++; } });
        out.set(d, sum * (matched / kids.length));
      });
      return out;
    }

    // docsOf returns the set of the documents node matches.
    function docsOf(node) {
      if (node.op === "term") {
        var post = node.count > 0 && posted[node.term][node.field];
        return new Set(post ? post.docs : []);
      }
      var sets = node.kids.map(docsOf), out = new Set();
      if (node.op === "and") {
        sets[0].forEach(function (d) { if (sets.every(function (x) { return x.has(d); })) out.add(d); });
      } else {
        sets.forEach(function (x) { x.forEach(function (d) { out.add(d); }); });
      }
      return out;
    }

    function evaluate(node, marks) {
      var w = weight(node);
      return score(node, 1 / Math.sqrt(w), marks);
    }

    function passes(d, filters, skip) {
      return Object.keys(filters).every(function (f) {
        if (f === skip || filters[f].length === 0) return true;
        var have = facets[f].docs[d];
        return filters[f].some(function (v) {
          var i = facets[f].values.indexOf(v);
          return i >= 0 && have.indexOf(i) >= 0;
        });
      });
    }

    function facetCounts(scores, filters) {
      var out = {};
      rules.facets.forEach(function (f) {
        var counts = {};
        scores.forEach(function (_, d) {
          if (!passes(d, filters, f)) return;
          facets[f].docs[d].forEach(function (v) {
            var name = facets[f].values[v];
            counts[name] = (counts[name] || 0) + 1;
          });
        });
        (filters[f] || []).forEach(function (v) { if (!counts[v]) counts[v] = 0; });
        out[f] = Object.keys(counts).map(function (v) { return { value: v, count: counts[v] }; })
          .sort(function (a, b) { return b.count - a.count || byteCompare(a.value, b.value); });
      });
      return out;
    }

    function checkFilters(filters) {
      var out = {};
      Object.keys(filters || {}).forEach(function (f) {
        if (rules.facets.indexOf(f) < 0) throw new QueryError("bad_filter", "unknown filter \"" + f + "\": filters are " + rules.facets.join(", "));
        var vs = [].concat(filters[f]).filter(function (v, i, all) { return v !== "" && all.indexOf(v) === i; });
        if (vs.length > 0) out[f] = vs;
      });
      return out;
    }

    // search runs a request {q, filters: {facet: [values]}, page, size}
    // and resolves to the shape of the server's /api/search. The facet
    // counts need every facet's column, which grows with the catalogue:
    // early, when given, is called with the result without its facets
    // (null) as soon as the hits are known, before those are fetched.
    function search(req, early) {
      var start = Date.now();
      return init().then(function () {
        var page = req.page || 1, size = req.size || rules.page_size;
        if (page < 1) throw new QueryError("bad_page", "page " + page + ": pages count from 1");
        if (size < 1 || size > rules.max_page_size) throw new QueryError("bad_size", "size " + size + ": at least 1, at most " + rules.max_page_size);
        var filters = checkFilters(req.filters);
        var p = parse(an, req.q || "", rules);
        var res = { query: req.q || "", total: 0, page: page, pages: 0, size: size, full: 0, any: false, hits: [], facets: {}, took: 0 };
        var empty = p.codes.length === 0 && p.required.length === 0;
        if (empty && Object.keys(filters).length === 0) return res;
        var tree, slots;
        return Promise.all([loadPlan(p), loadFacets(Object.keys(filters))]).then(function () {
          // The tree of any of the words has the same leaves.
          slots = p.required.map(slotNode);
          tree = empty ? null : topNode(p, slots, false);
          return loadPostings(tree ? leaves(tree, []) : []);
        }).then(function () {
          var marks = new Map(), scores;
          if (empty) {
            scores = new Map();
            for (var d = 0; d < N; d++) scores.set(d, 1);
          } else {
            scores = evaluate(tree, marks);
          }
          // A hit is [score to float32, document, score, words]: words is
          // FULL for a hit with every word.
          var FULL = 1 << 20, hits = [];
          scores.forEach(function (s, d) { if (passes(d, filters, null)) hits.push([Math.fround(s), d, s, FULL]); });
          res.full = hits.length;
          if (!empty && slots.length >= 2 && hits.length < rules.partial_below) {
            // Fewer full matches than partial_below: the entries with some
            // of the words follow, the most words first, as search.go's
            // searchWords.
            var full = scores, words = new Map();
            slots.forEach(function (s) {
              docsOf(s).forEach(function (d) { words.set(d, (words.get(d) || 0) + 1); });
            });
            marks = new Map();
            scores = evaluate(topNode(p, p.required.map(slotNode), true), marks);
            hits = [];
            scores.forEach(function (s, d) {
              if (!passes(d, filters, null)) return;
              if (full.has(d)) s = full.get(d);
              hits.push([Math.fround(s), d, s, full.has(d) ? FULL : words.get(d) || 0]);
            });
            res.any = hits.length > res.full;
          }
          hits.sort(function (a, b) { return b[3] - a[3] || b[0] - a[0] || a[1] - b[1]; });
          res.total = hits.length;
          res.pages = Math.ceil(hits.length / size);
          var shown = hits.slice((page - 1) * size, page * size);
          var per = idx.docs_per_file;
          return Promise.all(shown.map(function (h) {
            return load(idx.version + "/docs/" + Math.floor(h[1] / per) + ".json").then(function (list) {
              var doc = list[h[1] % per];
              return {
                id: doc.id, kind: doc.kind, title: doc.title, url: doc.url, lang: doc.lang,
                snippet: snippet(doc, marks.get(h[1]) || {}), score: h[2], partial: h[3] !== FULL
              };
            });
          })).then(function (list) {
            res.hits = list;
            res.took = Date.now() - start;
            if (early) early(Object.assign({}, res, { facets: null }));
            return loadFacets(rules.facets);
          }).then(function () {
            res.facets = facetCounts(scores, filters);
            res.took = Date.now() - start;
            return res;
          });
        });
      });
    }

    // snippet highlights the words of doc.text whose terms matched, in a
    // window of about 200 characters around the first one.
    function snippet(doc, terms) {
      var text = doc.text;
      var marks = an.text(doc.lang, text).filter(function (t) { return terms[t.term]; });
      var chars = Array.from(text);
      var size = 200;
      var from = 0, to = text.length;
      if (chars.length > size) {
        var startChar = marks.length ? Array.from(text.slice(0, marks[0].start)).length : 0;
        var begin = Math.max(0, Math.min(startChar - 40, chars.length - size));
        from = chars.slice(0, begin).join("").length;
        to = from + chars.slice(begin, begin + size).join("").length;
      }
      var out = from > 0 ? "\u2026" : "", pos = from;
      marks.forEach(function (m) {
        if (m.start < pos || m.end > to) return;
        out += esc(text.slice(pos, m.start)) + "<mark>" + esc(text.slice(m.start, m.end)) + "</mark>";
        pos = m.end;
      });
      out += esc(text.slice(pos, to));
      if (to < text.length) out += "\u2026";
      return out;
    }

    return { search: search, ready: init, labels: facetLabels };
  }

  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&#34;", "'": "&#39;" }[c];
    });
  }

