// Drives themes/default/static/js/search.js under Node for the Go tests
// (search/static/static_test.go). Usage:
//
//	node client.js SEARCH_JS analyze < {lists, texts: [text]}
//	node client.js SEARCH_JS search  < {dir, requests: [{q, filters, page, size}]}
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

const client = require(path.resolve(process.argv[2]));
const mode = process.argv[3];
const input = JSON.parse(fs.readFileSync(0, "utf8"));

function analyze() {
  const an = client.analyzers(input.lists);
  const out = input.texts.map((text) => ({
    tokens: client.tokenize(text).map((t) => t.text),
    fr: an.text("fr", text).map((t) => t.term),
    en: an.text("en", text).map((t) => t.term),
  }));
  process.stdout.write(JSON.stringify(out));
}

async function search() {
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
else { console.error("usage: node client.js SEARCH_JS analyze|search"); process.exit(2); }
