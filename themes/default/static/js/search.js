// Search without a server. The build exports, from the Bleve index of the
// catalogue, static files under search/ (see search/export.go): index.json
// (query rules, analysis word lists, the shards' keys), terms/<hex>.json
// (the dictionaries of term shards), postings/<hex>-<k>.json (chunks of
// their postings, with field lengths), docs/<n>.json (what hits show, a
// few entries a file), facets/<facet>.json (each entry's values) and
// labels.json.
// This script analyses a query as the index analysed the entries (a port
// of the analyzers), fetches only the shards of its words, scores with
// Bleve's formulas and renders hits and snippets, then fetches the facets
// and renders their counts, without reloading the page.
//
// In a browser it enhances the search page (#search-form). Under Node it
// exports the engine: require("search.js").engine(load), where load(path)
// returns a promise of the parsed JSON file at path under search/.
(function () {
  "use strict";

  // ---------------------------------------------------------------------
  // Analysis: a port of search/analysis.go and of the Bleve components it
  // uses (unicode tokenizer, to_lower, elision_fr, stop, stemmer_fr_light,
  // possessive_en, stemmer_porter).

  // Word-break classes of Unicode (UAX #29, as the segment package the
  // tokenizer uses): one letter per code point.
  var MID_LETTER = ":\u00b7\u02d7\u0387\u05f4\u2027\ufe13\ufe55\uff1a";
  var MID_NUM = ",;\u037e\u0589\u060c\u060d\u066c\u07f8\u2044\ufe10\ufe14\ufe50\ufe54\uff0c\uff1b";
  var MID_NUM_LET = ".\u2018\u2019\u2024\ufe52\uff07\uff0e";
  var EXTEND_NUM_LET = "_\u203f\u2040\u2054\ufe33\ufe34\ufe4d\ufe4e\ufe4f\uff3f";
  var RE_EXTEND = /[\p{M}\u200c\u200d\u{ff9e}\u{ff9f}]/u;
  var RE_FORMAT = /\p{Cf}/u;
  var RE_HEBREW = /(?=\p{L})\p{Script=Hebrew}/u;
  var RE_KATAKANA = /[\p{Script=Katakana}\u3031-\u3035\u309b\u309c\u30a0\u30fc\uff70]/u;
  var RE_HIRAGANA = /\p{Script=Hiragana}/u;
  var RE_HAN = /\p{Script=Han}/u;
  var RE_COMPLEX = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Khmer}\p{Script=Tai_Le}\p{Script=New_Tai_Lue}\p{Script=Tai_Tham}\p{Script=Tai_Viet}\p{Script=Ahom}]/u;
  var RE_ALETTER = /[\p{Alphabetic}\u02c2-\u02c5\u02d2-\u02d6\u02de\u02df\u02e5-\u02eb\u02ed\u02ef-\u02ff\u055a-\u055f\u05f3\ua708-\ua716\ua720\ua721\ua789\ua78a\uab5b]/u;
  var RE_NUMERIC = /[\p{Nd}\u066b]/u;

  function wordClass(ch) {
    var c = ch.codePointAt(0);
    if (c === 0x0d) return "C";
    if (c === 0x0a) return "L";
    if (c === 0x0b || c === 0x0c || c === 0x85 || c === 0x2028 || c === 0x2029) return "W";
    if (c === 0x27) return "q";
    if (c === 0x22) return "d";
    if (c >= 0x1f1e6 && c <= 0x1f1ff) return "R";
    if (RE_EXTEND.test(ch)) return "x";
    if (c !== 0x200b && RE_FORMAT.test(ch)) return "x";
    if (MID_LETTER.indexOf(ch) >= 0) return "m";
    if (MID_NUM.indexOf(ch) >= 0) return "n";
    if (MID_NUM_LET.indexOf(ch) >= 0) return "p";
    if (EXTEND_NUM_LET.indexOf(ch) >= 0) return "E";
    if (RE_HEBREW.test(ch)) return "H";
    if (RE_KATAKANA.test(ch)) return "K";
    if (RE_HIRAGANA.test(ch)) return "J";
    if (RE_HAN.test(ch)) return "I";
    if (RE_NUMERIC.test(ch)) return "N";
    if (RE_ALETTER.test(ch) && !RE_COMPLEX.test(ch)) return "A";
    return "O";
  }

  // The scanner's rules (segment_words.rl), as regular expressions over
  // the classes, tried in order; the longest match wins, then the first.
  var SCAN = (function () {
    var e = "(?:Ex*)", a = "(?:[AH]x*)", h = "(?:Hx*)", nn = "(?:Nx*)", k = "(?:Kx*)";
    var ml = "(?:[mpq]x*)", mn = "(?:[npq]x*)", sq = "(?:qx*)", dq = "(?:dx*)";
    var num = nn + "(?:(?:" + e + "*|" + mn + ")" + nn + ")*";
    var letters = a + "(?:(?:" + e + "*|" + ml + ")" + a + ")*";
    var unit = "(?:" + h + "(?:" + sq + "|" + dq + h + ")|" + num + "|" + letters + ")";
    var kata = k + "(?:" + e + "*" + k + ")*";
    var word = e + "*(?:" + kata + "|(?:" + unit + "|" + e + ")+)(?:" + e + "+(?:" + kata + "|" + unit + "+))*" + e + "*";
    return [
      [e + "*" + num + e + "*", true],
      ["(?:Kx*)+", true],
      [word, true],
      ["Ix*", true],
      ["Jx*", true],
      ["(?:Rx*)+", false],
      ["CL", false], ["C", false], ["L", false], ["W", false],
      ["x+", false],
      ["[^WCL]x*", false]
    ].map(function (r) { return [new RegExp(r[0], "y"), r[1]]; });
  })();

  // tokenize splits text into words: [{text, start, end}], with offsets in
  // UTF-16 code units.
  function tokenize(text) {
    var chars = Array.from(text);
    var classes = "";
    var offsets = [0];
    for (var i = 0; i < chars.length; i++) {
      classes += wordClass(chars[i]);
      offsets.push(offsets[i] + chars[i].length);
    }
    var out = [];
    var pos = 0;
    while (pos < chars.length) {
      var best = 0, keep = false;
      for (var j = 0; j < SCAN.length; j++) {
        var re = SCAN[j][0];
        re.lastIndex = pos;
        var m = re.exec(classes);
        if (m && m[0].length > best) {
          best = m[0].length;
          keep = SCAN[j][1];
        }
      }
      if (best === 0) best = 1;
      if (keep) {
        out.push({ text: text.slice(offsets[pos], offsets[pos + best]), start: offsets[pos], end: offsets[pos + best] });
      }
      pos += best;
    }
    return out;
  }

  // lower is Go's unicode.ToLower rune by rune, with Bleve's final sigma.
  function lower(s) {
    var chars = Array.from(s);
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (c === "\u0130") { chars[i] = "i"; continue; }
      var l = c.toLowerCase();
      if (Array.from(l).length !== 1) l = c;
      if (l === "\u03c3" && c === "\u03a3" && i === chars.length - 1) l = "\u03c2";
      chars[i] = l;
    }
    return chars.join("");
  }

  var LIGATURES = { "\u0153": "oe", "\u00e6": "ae", "\u00df": "ss", "\u00f8": "o", "\u0142": "l", "\u0111": "d" };
  var RE_MN = /\p{Mn}/u;
  var RE_ALL_MN = /^\p{Mn}+$/u;

  // fold removes the accents of Latin letters, as search/analysis.go.
  function fold(s) {
    var out = "";
    for (var ch of s) {
      if (LIGATURES[ch]) { out += LIGATURES[ch]; continue; }
      if (ch.charCodeAt(0) < 0x80) { out += ch; continue; }
      if (RE_MN.test(ch)) continue;
      var d = ch.normalize("NFD");
      if (d.length > 1 && d.charCodeAt(0) < 0x80 && RE_ALL_MN.test(d.slice(1))) { out += d[0]; continue; }
      out += ch;
    }
    return out;
  }

  function elide(s, articles) {
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      if ((c === "'" || c === "\u2019") && articles[s.slice(0, i)]) return s.slice(i + 1);
    }
    return s;
  }

  var RE_LETTER = /\p{L}/u;

  // frenchLightStem is Bleve's stemmer_fr_light, rune for rune.
  function frenchLightStem(term) {
    var s = Array.from(term);
    var n = s.length;
    function ends(suffix) {
      var t = Array.from(suffix);
      if (t.length > s.length) return false;
      for (var i = 0; i < t.length; i++) if (s[s.length - t.length + i] !== t[i]) return false;
      return true;
    }
    function cut(k) { s = s.slice(0, k); n = s.length; }
    if (n > 5 && s[n - 1] === "x") {
      if (s[n - 3] === "a" && s[n - 2] === "u" && s[n - 4] !== "e") s[n - 2] = "l";
      cut(n - 1);
    }
    if (n > 3 && s[n - 1] === "x") cut(n - 1);
    if (n > 3 && s[n - 1] === "s") cut(n - 1);
    if (n > 9 && ends("issement")) { cut(n - 6); s[n - 1] = "r"; return norm(s); }
    if (n > 8 && ends("issant")) { cut(n - 4); s[n - 1] = "r"; return norm(s); }
    if (n > 6 && ends("ement")) {
      cut(n - 4);
      if (n > 3 && ends("ive")) { cut(n - 1); s[n - 1] = "f"; }
      return norm(s);
    }
    if (n > 11 && ends("ficatrice")) { cut(n - 5); s[n - 2] = "e"; s[n - 1] = "r"; return norm(s); }
    if (n > 10 && ends("ficateur")) { cut(n - 4); s[n - 2] = "e"; s[n - 1] = "r"; return norm(s); }
    if (n > 9 && ends("catrice")) { cut(n - 3); s[n - 4] = "q"; s[n - 3] = "u"; s[n - 2] = "e"; return norm(s); }
    if (n > 8 && ends("cateur")) { cut(n - 2); s[n - 4] = "q"; s[n - 3] = "u"; s[n - 2] = "e"; s[n - 1] = "r"; return norm(s); }
    if (n > 8 && ends("atrice")) { cut(n - 4); s[n - 2] = "e"; s[n - 1] = "r"; return norm(s); }
    if (n > 7 && ends("ateur")) { cut(n - 3); s[n - 2] = "e"; s[n - 1] = "r"; return norm(s); }
    if (n > 6 && ends("trice")) { cut(n - 1); s[n - 3] = "e"; s[n - 2] = "u"; s[n - 1] = "r"; }
    if (n > 5 && ends("i\u00e8me")) return norm(s.slice(0, n - 4));
    if (n > 7 && ends("teuse")) { cut(n - 2); s[n - 1] = "r"; return norm(s); }
    if (n > 6 && ends("teur")) { cut(n - 1); s[n - 1] = "r"; return norm(s); }
    if (n > 5 && ends("euse")) return norm(s.slice(0, n - 2));
    if (n > 8 && ends("\u00e8re")) { cut(n - 1); s[n - 2] = "e"; return norm(s); }
    if (n > 7 && ends("ive")) { cut(n - 1); s[n - 1] = "f"; return norm(s); }
    if (n > 4 && (ends("folle") || ends("molle"))) { cut(n - 2); s[n - 1] = "u"; return norm(s); }
    if (n > 9 && ends("nnelle")) return norm(s.slice(0, n - 5));
    if (n > 9 && ends("nnel")) return norm(s.slice(0, n - 3));
    if (n > 4 && ends("\u00e8te")) { cut(n - 1); s[n - 2] = "e"; }
    if (n > 8 && ends("ique")) cut(n - 4);
    if (n > 8 && ends("esse")) return norm(s.slice(0, n - 3));
    if (n > 7 && ends("inage")) return norm(s.slice(0, n - 3));
    if (n > 9 && ends("isation")) {
      cut(n - 7);
      if (n > 5 && ends("ual")) s[n - 2] = "e";
      return norm(s);
    }
    if (n > 9 && ends("isateur")) return norm(s.slice(0, n - 7));
    if (n > 8 && ends("ation")) return norm(s.slice(0, n - 5));
    if (n > 8 && ends("ition")) return norm(s.slice(0, n - 5));
    return norm(s);
  }

  var NORM_FOLD = { "\u00e0": "a", "\u00e1": "a", "\u00e2": "a", "\u00f4": "o", "\u00e8": "e", "\u00e9": "e", "\u00ea": "e", "\u00f9": "u", "\u00fb": "u", "\u00ee": "i", "\u00e7": "c" };

  // norm is the stemmer's last step, including the doubled loop of the
  // Go code (a pass that removes doubled letters runs for every rune).
  function norm(s) {
    s = s.slice();
    if (s.length > 4) {
      for (var i = 0; i < s.length; i++) {
        if (NORM_FOLD[s[i]]) s[i] = NORM_FOLD[s[i]];
        var ch = s[0];
        for (var j = 1; j < s.length; j++) {
          if (s[j] === ch && RE_LETTER.test(ch)) {
            s.splice(j, 1);
            j--;
          } else {
            ch = s[j];
          }
        }
      }
    }
    var n = s.length;
    if (n > 4 && s[n - 2] === "i" && s[n - 1] === "e") s = s.slice(0, n - 2);
    if (s.length > 4) {
      if (s[s.length - 1] === "r") s = s.slice(0, -1);
      if (s[s.length - 1] === "e") s = s.slice(0, -1);
      if (s[s.length - 1] === "e") s = s.slice(0, -1);
      if (s[s.length - 1] === s[s.length - 2] && RE_LETTER.test(s[s.length - 1])) s = s.slice(0, -1);
    }
    return s.join("");
  }

  // possessive is Bleve's possessive_en: a final 's goes.
  function possessive(s) {
    var c = Array.from(s);
    var n = c.length;
    if (n >= 2 && (c[n - 1] === "s" || c[n - 1] === "S") && (c[n - 2] === "'" || c[n - 2] === "\u2019" || c[n - 2] === "\uff07")) {
      return c.slice(0, n - 2).join("");
    }
    return s;
  }

  // porterStem is the go-porterstemmer port Bleve's English analyzer uses
  // (the original Porter algorithm, with that code's departures).
  function porterStem(term) {
    var s = Array.from(term);
    if (s.length <= 2) return term;
    function cons(w, i) {
      var c = w[i];
      if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
      if (c === "y") return i === 0 ? true : !cons(w, i - 1);
      return true;
    }
    function measure(w) {
      var n = w.length, m = 0, i = 0;
      if (n === 0) return 0;
      while (cons(w, i)) { i++; if (i >= n) return m; }
      while (i < n) {
        while (!cons(w, i)) { i++; if (i >= n) return m; }
        while (cons(w, i)) { i++; if (i >= n) return m + 1; }
        m++;
      }
      return m;
    }
    function has(w, suffix) {
      if (w.length <= suffix.length) return false;
      for (var i = 0; i < suffix.length; i++) if (w[w.length - suffix.length + i] !== suffix[i]) return false;
      return true;
    }
    function vowel(w) {
      for (var i = 0; i < w.length; i++) if (!cons(w, i)) return true;
      return false;
    }
    function doubleC(w) {
      var n = w.length;
      return n >= 2 && w[n - 1] === w[n - 2] && cons(w, n - 1);
    }
    function cvc(w) {
      var n = w.length;
      return n >= 3 && cons(w, n - 3) && !cons(w, n - 2) && cons(w, n - 1);
    }
    function m(w, k) { return measure(w.slice(0, w.length - k)); }
    function set(w, i, c) { w = w.slice(); w[i] = c; return w; }
    function step1b(s) {
      var n = s.length, sub, c;
      if (has(s, "eed")) {
        return measure(s.slice(0, n - 3)) > 0 ? s.slice(0, n - 1) : s;
      }
      var suf = has(s, "ed") ? 2 : has(s, "ing") ? 3 : 0;
      if (!suf) return s;
      sub = s.slice(0, n - suf);
      if (!vowel(sub)) return s;
      if (has(sub, "at") || has(sub, "bl") || has(sub, "iz")) return sub.concat(["e"]);
      c = sub[sub.length - 1];
      if (c !== "l" && c !== "s" && c !== "z" && doubleC(sub)) return sub.slice(0, sub.length - 1);
      if (measure(sub) === 1 && cvc(sub) && c !== "w" && c !== "x" && c !== "y") return sub.concat(["e"]);
      return sub;
    }
    var STEP2 = [
      ["ational", function (w, n) { return set(w, n - 5, "e").slice(0, n - 4); }],
      ["tional", function (w, n) { return w.slice(0, n - 2); }],
      ["enci", function (w, n) { return set(w, n - 1, "e"); }],
      ["anci", function (w, n) { return set(w, n - 1, "e"); }],
      ["izer", function (w, n) { return w.slice(0, n - 1); }],
      ["bli", function (w, n) { return set(w, n - 1, "e"); }],
      ["alli", function (w, n) { return w.slice(0, n - 2); }],
      ["entli", function (w, n) { return w.slice(0, n - 2); }],
      ["eli", function (w, n) { return w.slice(0, n - 2); }],
      ["ousli", function (w, n) { return w.slice(0, n - 2); }],
      ["ization", function (w, n) { return set(w, n - 5, "e").slice(0, n - 4); }],
      ["ation", function (w, n) { return set(w, n - 3, "e").slice(0, n - 2); }],
      ["ator", function (w, n) { return set(w, n - 2, "e").slice(0, n - 1); }],
      ["alism", function (w, n) { return w.slice(0, n - 3); }],
      ["iveness", function (w, n) { return w.slice(0, n - 4); }],
      ["fulness", function (w, n) { return w.slice(0, n - 4); }],
      ["ousness", function (w, n) { return w.slice(0, n - 4); }],
      ["aliti", function (w, n) { return w.slice(0, n - 3); }],
      ["iviti", function (w, n) { return set(w, n - 3, "e").slice(0, n - 2); }],
      ["biliti", function (w, n) { return set(set(w, n - 5, "l"), n - 4, "e").slice(0, n - 3); }],
      ["logi", function (w, n) { return w.slice(0, n - 1); }]
    ];
    var STEP3 = [["icate", 3], ["ative", 5], ["alize", 3], ["iciti", 3], ["ical", 2], ["ful", 3], ["ness", 4]];
    var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize"];
    // step 1a
    var n = s.length;
    if (has(s, "sses") || has(s, "ies")) s = s.slice(0, n - 2);
    else if (has(s, "ss")) { /* kept */ } else if (has(s, "s")) s = s.slice(0, n - 1);
    s = step1b(s);
    // step 1c
    n = s.length;
    if (n >= 2 && s[n - 1] === "y" && vowel(s.slice(0, n - 1))) s = set(s, n - 1, "i");
    else if (n >= 2 && s[n - 1] === "Y" && vowel(s.slice(0, n - 1))) s = set(s, n - 1, "I");
    var i, r;
    for (i = 0; i < STEP2.length; i++) {
      r = STEP2[i];
      if (has(s, r[0])) {
        if (m(s, r[0].length) > 0) s = r[1](s, s.length);
        break;
      }
    }
    for (i = 0; i < STEP3.length; i++) {
      r = STEP3[i];
      if (has(s, r[0])) {
        if (m(s, r[0].length) > 0) s = s.slice(0, s.length - r[1]);
        break;
      }
    }
    for (i = 0; i < STEP4.length; i++) {
      var suf = STEP4[i];
      if (has(s, suf)) {
        var sub = s.slice(0, s.length - suf.length);
        var ok = measure(sub) > 1;
        if (suf === "ion") ok = ok && (sub[sub.length - 1] === "s" || sub[sub.length - 1] === "t");
        if (ok) s = sub;
        break;
      }
    }
    // step 5a
    n = s.length;
    if (s[n - 1] === "e") {
      var rest = s.slice(0, n - 1);
      var me = measure(rest);
      var c = rest[rest.length - 1];
      if (me > 1 || (me === 1 && !(cvc(rest) && c !== "w" && c !== "x" && c !== "y"))) s = rest;
    }
    // step 5b
    n = s.length;
    if (n > 2 && s[n - 2] === "l" && s[n - 1] === "l" && measure(s.slice(0, n - 1)) > 1) s = s.slice(0, n - 1);
    return s.join("");
  }

  function set(list) {
    var m = Object.create(null);
    list.forEach(function (w) { m[w] = true; });
    return m;
  }

  // analyzers returns the analysis of one token for each language.
  function analyzers(lists) {
    var articles = set(lists.articles_fr), stopFR = set(lists.stop_fr), stopEN = set(lists.stop_en);
    return {
      fr: function (t) {
        t = elide(fold(lower(t)), articles);
        return stopFR[t] ? "" : frenchLightStem(t);
      },
      en: function (t) {
        t = lower(possessive(t));
        return stopEN[t] ? "" : porterStem(t);
      },
      surface: function (t) { return elide(fold(lower(t)), articles); },
      text: function (lang, text) {
        var f = lang === "en" ? this.en : this.fr;
        var out = [];
        tokenize(text).forEach(function (tok) {
          var term = f(tok.text);
          if (term !== "") out.push({ term: term, start: tok.start, end: tok.end });
        });
        return out;
      }
    };
  }

  // ---------------------------------------------------------------------
  // Queries: a port of search/query.go and search/search.go.

  var SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
  var RE_CONTROL = /\p{Cc}/gu;
  var RE_DIGIT = /\p{Nd}/u;
  var RE_EDGE = /^[^\p{L}\p{Nd}]+|[^\p{L}\p{Nd}]+$/gu;
  var MUTUALISATION = /^m0*([0-9]{1,3})$/;

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
    s = s.toLowerCase();
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

  function parse(an, q, rules) {
    var n = runeCount(q);
    if (n > rules.max_query) throw new QueryError("too_long", "the query is too long: " + n + " characters, at most " + rules.max_query, { max: rules.max_query });
    q = q.replace(RE_CONTROL, " ");
    var chars = Array.from(q);
    var p = { codes: [], required: [], typing: chars.length > 0 && !SPACE.test(chars[chars.length - 1]) };
    var raw = q.split(new RegExp(SPACE.source, "gu")).filter(function (t) { return t !== ""; });
    var nwords = 0;
    raw.forEach(function (t, i) {
      var isLast = i === raw.length - 1;
      var subs = tokenize(t);
      var words = [];
      subs.forEach(function (s, j) {
        var w = newWord(an, s.text);
        if (p.typing && isLast && j === subs.length - 1 && runeCount(w.surface) >= rules.prefix_min) w.prefix = w.surface;
        if (w.fr || w.prefix) words.push(w);
      });
      nwords += words.length;
      if (nwords > rules.max_words) throw new QueryError("too_many_words", "the query has too many words: at most " + rules.max_words, { max: rules.max_words });
      var code = RE_DIGIT.test(t);
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
  // (search.Format): it refuses others rather than misread them.
  var FORMAT = 2;

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
      planWords(p).forEach(function (w) { terms.push(w.fr, w.en, w.prefix, w.surface); });
      return loadKeys(terms).then(function () {
        var more = [];
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

    function topNode(p, any) {
      var parts = [];
      p.codes.forEach(function (c) {
        parts.push(termNode("code", c.id, rules.code), termNode("refs", c.id, rules.refs));
        if (c.prefix) parts.push(prefixNode("code", c.prefix, rules.code_prefix));
        c.words.forEach(function (w) { parts.push(wordNode(w)); });
      });
      var required = p.required.map(wordNode);
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
      var kids = node.sorted.map(function (k) { return score(k, qnorm, marks); });
      if (node.op === "and") {
        kids[0].forEach(function (_, d) {
          var sum = 0;
          for (var i = 0; i < kids.length; i++) {
            if (!kids[i].has(d)) return;
            sum += kids[i].get(d);
          }
          out.set(d, sum);
        });
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
        var res = { query: req.q || "", total: 0, page: page, pages: 0, size: size, any: false, hits: [], facets: {}, took: 0 };
        var empty = p.codes.length === 0 && p.required.length === 0;
        if (empty && Object.keys(filters).length === 0) return res;
        var tree;
        return Promise.all([loadPlan(p), loadFacets(Object.keys(filters))]).then(function () {
          // The tree of the fallback to any word has the same leaves.
          tree = empty ? null : topNode(p, false);
          return loadPostings(tree ? leaves(tree, []) : []);
        }).then(function () {
          var marks = new Map(), scores;
          if (empty) {
            scores = new Map();
            for (var d = 0; d < N; d++) scores.set(d, 1);
          } else {
            scores = evaluate(tree, marks);
            if (scores.size === 0 && p.required.length >= 2) {
              res.any = true;
              marks = new Map();
              scores = evaluate(topNode(p, true), marks);
            }
          }
          var hits = [];
          scores.forEach(function (s, d) { if (passes(d, filters, null)) hits.push([Math.fround(s), d, s]); });
          hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
          res.total = hits.length;
          res.pages = Math.ceil(hits.length / size);
          var shown = hits.slice((page - 1) * size, page * size);
          var per = idx.docs_per_file;
          return Promise.all(shown.map(function (h) {
            return load(idx.version + "/docs/" + Math.floor(h[1] / per) + ".json").then(function (list) {
              var doc = list[h[1] % per];
              return {
                id: doc.id, kind: doc.kind, title: doc.title, url: doc.url, lang: doc.lang,
                snippet: snippet(doc, marks.get(h[1]) || {}), score: h[2]
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

  // ---------------------------------------------------------------------
  // The page.

  function page() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = document.getElementById("search-q");
    var box = document.getElementById("search-facets");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var labels = {};
    document.querySelectorAll("#search-labels [data-facet]").forEach(function (el) {
      var f = el.getAttribute("data-facet");
      labels[f] = labels[f] || {};
      labels[f][el.getAttribute("data-value")] = el.textContent;
    });
    var facetNames = {};
    document.querySelectorAll("#search-labels [data-facet-name]").forEach(function (el) {
      facetNames[el.getAttribute("data-facet-name")] = el.textContent;
    });
    function say(key, vars) {
      var s = status.getAttribute("data-msg-" + key) || "";
      Object.keys(vars || {}).forEach(function (k) { s = s.split("{" + k + "}").join(vars[k]); });
      return s;
    }
    var base = (form.getAttribute("data-base") || "/").replace(/\/?$/, "/");
    var root = base + "search/";
    var cache = {};
    function load(path) {
      if (!cache[path]) {
        var url = root + path;
        // index.json names the version of the other files, which never
        // change: only it must be fresh.
        cache[path] = fetch(url, { cache: path === "index.json" ? "no-cache" : "default" }).then(function (r) {
          if (!r.ok) throw new Error(url + ": " + r.status);
          return r.json();
        });
      }
      return cache[path];
    }
    var eng = engine(load);
    var api = document.querySelector('meta[name="catalogue-search-api"]');

    var state = { q: "", filters: {}, page: 1 };
    var params = new URLSearchParams(location.search);
    state.q = params.get("q") || "";
    params.forEach(function (v, k) {
      if (k !== "q" && k !== "page") (state.filters[k] = state.filters[k] || []).push(v);
    });
    input.value = state.q;

    function run(req, early) {
      if (!api) return eng.search(req, early);
      var u = new URLSearchParams();
      u.set("q", req.q);
      Object.keys(req.filters).forEach(function (f) { req.filters[f].forEach(function (v) { u.append(f, v); }); });
      u.set("page", req.page);
      return fetch(api.getAttribute("content") + "?" + u).then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new QueryError(body.code || "failed", body.error || String(r.status), { max: 200 });
          return body;
        });
      });
    }

    function updateURL() {
      var u = new URLSearchParams();
      if (state.q) u.set("q", state.q);
      Object.keys(state.filters).forEach(function (f) { state.filters[f].forEach(function (v) { u.append(f, v); }); });
      history.replaceState(null, "", location.pathname + (u.toString() ? "?" + u : ""));
    }

    // The labels of the facet values that come from the content (owners,
    // programmes) are not in the page, whose size would grow with the
    // catalogue: they are fetched with the first facets shown.
    var contentLabels = null;
    function withLabels() {
      if (!contentLabels) {
        contentLabels = eng.labels().then(function (more) {
          Object.keys(more).forEach(function (f) { labels[f] = Object.assign(labels[f] || {}, more[f]); });
        }, function () { /* the values stand for their labels */ });
      }
      return contentLabels;
    }

    var seq = 0;
    function go(append) {
      var mine = ++seq;
      var req = { q: state.q, filters: state.filters, page: state.page };
      if (!append) updateURL();
      list.setAttribute("aria-busy", "true");
      var shown = false;
      // The hits are shown as soon as they are known; the facets follow.
      function early(res) {
        if (mine !== seq) return;
        shown = true;
        list.removeAttribute("aria-busy");
        render(res, append);
      }
      return run(req, early).then(function (res) {
        if (mine !== seq) return;
        if (!shown) early(res);
        var none = Object.keys(res.facets).length === 0;
        return (none ? Promise.resolve() : withLabels()).then(function () {
          if (mine === seq) renderFacets(res.facets);
        });
      }, function (err) {
        if (mine !== seq) return;
        list.removeAttribute("aria-busy");
        if (!(err instanceof QueryError)) status.textContent = say("error");
        else if (err.code === "too_long") status.textContent = say("toolong", err.data);
        else status.textContent = say("invalid", { msg: err.message });
      });
    }

    function render(res, append) {
      var first = null;
      if (!append) list.textContent = "";
      res.hits.forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = base + h.url.replace(/^\//, "");
        a.textContent = h.title;
        if (h.lang !== document.documentElement.lang) a.lang = h.lang;
        var meta = document.createElement("span");
        meta.className = "search-meta";
        meta.textContent = ((labels.kind || {})[h.kind] || h.kind) + " \u00b7 " + h.id;
        var p = document.createElement("p");
        p.className = "search-snippet";
        if (h.lang !== document.documentElement.lang) p.lang = h.lang;
        p.innerHTML = h.snippet;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(meta);
        li.appendChild(p);
        list.appendChild(li);
        if (!first) first = a;
      });
      var shown = list.children.length;
      if (!state.q.trim() && Object.keys(state.filters).length === 0) {
        status.textContent = "";
      } else if (res.total === 0) {
        status.textContent = say("none", { q: state.q });
      } else if (!state.q.trim()) {
        status.textContent = say(res.total === 1 ? "list-one" : "list-many", { n: res.total });
      } else {
        status.textContent = say(res.total === 1 ? "one" : "many", { n: res.total, q: state.q, shown: shown }) +
          (res.any ? " " + say("any") : "");
      }
      if (more) {
        more.hidden = shown >= res.total;
        if (!more.hidden) more.textContent = say("more", { n: Math.min(res.size, res.total - shown) });
      }
      if (append && first) first.focus();
    }

    function renderFacets(facets) {
      var legend = box.querySelector("legend");
      box.textContent = "";
      if (legend) box.appendChild(legend);
      var any = false;
      Object.keys(facets).forEach(function (f) {
        var values = facets[f];
        if (values.length < 2 && !(state.filters[f] || []).length) return;
        any = true;
        var group = document.createElement("fieldset");
        group.className = "search-facet";
        var lg = document.createElement("legend");
        lg.textContent = facetNames[f] || f;
        group.appendChild(lg);
        var ul = document.createElement("ul");
        values.forEach(function (v) {
          var li = document.createElement("li");
          var label = document.createElement("label");
          var cb = document.createElement("input");
          cb.type = "checkbox";
          cb.name = f;
          cb.value = v.value;
          cb.checked = (state.filters[f] || []).indexOf(v.value) >= 0;
          cb.addEventListener("change", function () {
            var vs = state.filters[f] || [];
            vs = cb.checked ? vs.concat([v.value]) : vs.filter(function (x) { return x !== v.value; });
            if (vs.length) state.filters[f] = vs; else delete state.filters[f];
            state.page = 1;
            go(false).then(function () {
              var again = box.querySelector('input[name="' + f + '"][value="' + CSS.escape(v.value) + '"]');
              if (again) again.focus();
            });
          });
          label.appendChild(cb);
          label.appendChild(document.createTextNode(" " + ((labels[f] || {})[v.value] || v.value) + " "));
          var n = document.createElement("span");
          n.className = "count";
          n.textContent = "(" + v.count + ")";
          label.appendChild(n);
          li.appendChild(label);
          ul.appendChild(li);
        });
        group.appendChild(ul);
        box.appendChild(group);
      });
      box.hidden = !any;
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        state.q = input.value;
        state.page = 1;
        go(false);
      }, 150);
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      state.q = input.value;
      state.page = 1;
      go(false);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" && list.querySelector("a")) {
        ev.preventDefault();
        list.querySelector("a").focus();
      }
    });
    list.addEventListener("keydown", function (ev) {
      if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("li > a"));
      var i = links.indexOf(document.activeElement);
      if (i < 0) return;
      ev.preventDefault();
      if (ev.key === "ArrowUp" && i === 0) input.focus();
      else if (links[i + (ev.key === "ArrowDown" ? 1 : -1)]) links[i + (ev.key === "ArrowDown" ? 1 : -1)].focus();
    });
    if (more) {
      more.addEventListener("click", function () {
        state.page++;
        go(true);
      });
    }
    if (state.q || Object.keys(state.filters).length) go(false);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = {
      engine: engine,
      tokenize: tokenize,
      analyzers: analyzers,
      fold: fold,
      QueryError: QueryError
    };
  } else if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", page);
    else page();
  }
})();
