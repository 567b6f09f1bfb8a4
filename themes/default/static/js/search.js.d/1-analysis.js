  // ---------------------------------------------------------------------
  // Analysis: a port of search/index/analysis.go and of the Bleve
  // components it uses (unicode tokenizer, to_lower, elision_fr, stop,
  // stemmer_fr_light, possessive_en, stemmer_porter).

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

  // fold removes the accents of Latin letters, as search/index/analysis.go
  // does.
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

