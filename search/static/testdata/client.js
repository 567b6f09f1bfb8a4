// Drives the search page's client under Node for the Go tests
// (search/static/static_test.go). Usage:
//
//	node client.js ANALYSIS_JS analyze < {lists, texts: [text]}
//	node client.js CLIENT_JS   search  < {dir, requests: [{q, filters, page, size}]}
//
// ANALYSIS_JS is the analysis module alone
// (themes/default/static/js/search.js.d/1-analysis.js); CLIENT_JS is the
// whole client: the built public/js/search.js, or the folder of its
// modules, which it concatenates in name order as the build does.
//
// analyze prints, for each text, its tokens and its French and English
// terms; search prints, for each request, the result, or {error} for a
// query it refuses, or {failure} when it could not search, after
// running the requests one after the other against the static files in
// dir, the files the client read with their sizes, and how many of them
// it had read when it could show the hits (before the facets).
"use strict";
const fs = require("fs");
const path = require("path");

const script = path.resolve(process.argv[2]);
const mode = process.argv[3];
const input = JSON.parse(fs.readFileSync(0, "utf8"));

// loadClient evaluates the whole client and returns what it exports under
// Node (engine, tokenize, analyzers, fold, QueryError).
function loadClient(p) {
  let src;
  if (fs.statSync(p).isDirectory()) {
    // Byte order, as the build's: JavaScript compares UTF-16 code units,
    // the same for the ASCII names of the parts.
    src = fs.readdirSync(p).sort().map((f) => fs.readFileSync(path.join(p, f), "utf8")).join("");
  } else {
    src = fs.readFileSync(p, "utf8");
  }
  const m = { exports: {} };
  new Function("module", src)(m);
  return m.exports;
}

// loadAnalysis evaluates the analysis module alone, in a strict function
// scope as the client's, and returns its entry points.
function loadAnalysis(p) {
  const src = fs.readFileSync(p, "utf8");
  return new Function("\"use strict\";\n" + src + "\nreturn { tokenize: tokenize, analyzers: analyzers, fold: fold };")();
}

function analyze() {
  const client = loadAnalysis(script);
  const an = client.analyzers(input.lists);
  const out = input.texts.map((text) => ({
    tokens: client.tokenize(text).map((t) => t.text),
    fr: an.text("fr", text).map((t) => t.term),
    en: an.text("en", text).map((t) => t.term),
  }));
  process.stdout.write(JSON.stringify(out));
}

async function search() {
  const client = loadClient(script);
  const fetched = [];
  const load = async (p) => {
    const file = path.join(input.dir, p);
    const data = fs.readFileSync(file);
    fetched.push({ path: p, bytes: data.length });
    return JSON.parse(data.toString("utf8"));
  };
  const out = [];
  for (const req of input.requests) {
    // A fresh engine per request: each one starts with nothing loaded,
    // as a first query does.
    const eng = client.engine(load);
    fetched.length = 0;
    let early = null;
    try {
      const res = await eng.search(req, (r) => { early = { hits: r.hits.length, fetched: fetched.length, facets: r.facets }; });
      out.push({ result: res, fetched: fetched.slice(), early });
    } catch (err) {
      if (err instanceof client.QueryError) out.push({ error: err.message, fetched: fetched.slice() });
      else out.push({ failure: String(err.message || err), fetched: fetched.slice() });
    }
  }
  process.stdout.write(JSON.stringify(out));
}

if (mode === "analyze") analyze();
else if (mode === "search") search().catch((err) => { console.error(err.stack || err); process.exit(1); });
else { console.error("usage: node client.js ANALYSIS_JS analyze | CLIENT_JS search"); process.exit(2); }
