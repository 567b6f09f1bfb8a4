// Search without a server. The build exports, from the Bleve index of the
// catalogue, static files under search/ (format 3, specified in
// search/static/doc.go): index.json (query rules, analysis word lists,
// the shards' keys), terms/<hex>.json (the dictionaries of term shards),
// postings/<hex>-<k>.json (chunks of their postings, with field lengths),
// docs/<n>.json (what hits show, a few entries a file),
// facets/<facet>.json (each entry's values) and labels.json.
// This script analyses a query as the index analysed the entries (a port
// of the analyzers), fetches only the shards of its words, scores with
// Bleve's formulas and renders hits and snippets, then fetches the facets
// and renders their counts, without reloading the page.
//
// It is written in parts, which the build concatenates in name order
// into js/search.js, one function: this opening, 1-analysis.js (the
// analyzers, which the Go tests compare with the index's on their own),
// 2-engine.js (queries, scores, the static files), 3-ui.js (the page) and
// 4-end.js, which closes it.
//
// In a browser it enhances the search page (#search-form). Under Node it
// exports the engine: require("search.js").engine(load), where load(path)
// returns a promise of the parsed JSON file at path under search/.
(function () {
  "use strict";

