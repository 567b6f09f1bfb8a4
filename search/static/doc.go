// Package static exports the catalogue's search index as the static files
// of the browser search (format 3), for the search page on a host with no
// server: themes/default/static/js/search.js reads them, ports the
// analyzers and Bleve's scoring over them, and so finds what the server
// (package search) finds, in the same order. [Build] builds the index
// (package search/index) and then these files; [Update] does the same in
// place after an edit.
//
// # Format 3
//
// This is the specification the JavaScript client follows. The files
// live under public/search/ and come from the index's own term
// dictionaries (the words as written from its words' dictionary), so
// that the client matches exactly what the server matches. Format 3 has
// the shape of format 2: its number is the index's (index.Format), which
// moved the words as written out of the entries' documents. Every file is JSON, written without HTML escaping, one value
// followed by a newline:
//
//	index.json                 what every query needs: the query rules and
//	                           the analysis lists, the number of entries,
//	                           the keys of the term shards, and the version
//	<version>/terms/<hex>.json the dictionary of a term shard: every term
//	                           whose first bytes (as many as a typo must
//	                           leave intact, by default two) are the
//	                           shard's key, the file's name in hex, with
//	                           its fields, its count of entries in each
//	                           and the chunk of its postings; a query
//	                           fetches the shards of its words only
//	<version>/postings/<hex>-<k>.json
//	                           chunk k of the shard's postings: for each
//	                           of its terms and fields, the entries, the
//	                           field's length in each and the term's
//	                           frequencies; a query fetches the chunks of
//	                           the terms it scores only
//	<version>/docs/<n>.json    what a hit shows (id, kind, title, URL,
//	                           language and the text its snippet comes
//	                           from) of the entries numbered n×8 to n×8+7
//	                           in catalogue order
//	<version>/facets/<f>.json  the values of facet f and each entry's
//	                           values, by number
//	<version>/labels.json      the labels of the facet values that come
//	                           from the content (owners, programmes)
//
// Nothing in index.json grows with the number of entries but the shard
// keys, which the alphabet bounds: a first query fetches index.json, the
// shards of its words and the display data of its first page of hits. The
// facet columns and labels, which do grow, are fetched only for a filter
// (its own column, before the hits) or for the facet counts (all of them,
// once the hits are shown).
//
// The version is the start of the hash of the indexed content: the files
// under it never change, so that hosts may cache them for good, and a
// rebuild in place (serve's update) writes the new version, then swaps
// index.json, then removes the old one, so that a client never mixes two.
// The files are deterministic: two builds of the same content write the
// same bytes.
//
// # index.json
//
//	{"format": 3, "version": "<12 hex digits>", "entries": N,
//	 "docs_per_file": 8,
//	 "rules": {…the query rules, see search.Rules…},
//	 "analysis": {"stop_fr": […], "stop_en": […], "articles_fr": […]},
//	 "fields": ["title_fr", …, "code", "refs", "words"],
//	 "shards": ["<key>", …]}
//
// rules.synonyms holds the site's synonym groups (site.toml), which the
// client applies to the words of a query as the server does: index.json
// is the one file fetched fresh, so a change of synonyms reaches readers
// with the next build, whatever the version. A client refuses a format
// it does not know. fields numbers the fields of the shards and
// postings; the last, words (the words as written, folded), has terms
// but no postings. The French stop words are folded.
//
// # <version>/terms/<hex>.json, a shard's dictionary
//
// An object from each term whose key (its first runes up to at least
// rules.fuzzy_prefix bytes, see search.Rules.FuzzyKey) is the shard's, in
// hex in the file's name, to a list: the number of the chunk of postings
// that holds the term's, or -1 when it has none (a word as written), then
// for each field that has the term, the field's number and the count of
// entries that have it there (the idf of its score; 0 for words).
//
// # <version>/postings/<hex>-<k>.json, a chunk of postings
//
// An object from each term of the chunk to its postings, a list by
// field: [field, gaps, lengths] or [field, gaps, lengths, freqs], where
// gaps are the entries' numbers in catalogue order, each as the gap from
// the previous one (the first from 0); lengths is the field's number of
// terms in each entry (the norm of its score), one number when all are
// the same; freqs is the term's frequency in each, left out when all are
// 1. A chunk holds terms that follow each other in byte order, about
// 4 KB of them; a term whose postings are larger has a chunk of its own.
//
// # <version>/docs/<n>.json
//
// A list of what a hit shows of the entries numbered n×docs_per_file and
// after: {"id", "kind", "title", "url" (from the site root), "lang",
// "text" (the summary, or the opening of the body: where a snippet
// comes from)}.
//
// # <version>/facets/<f>.json
//
// {"values": [the facet's values, sorted], "docs": column}, where the
// column gives each entry's value numbers, in the shortest of three
// forms: a list with one item per entry (a number, or a list of
// numbers); a single number, when every entry has that value; or
// {"gaps": [...], "values": [...]}, the entries that have values (as
// gaps from the previous one, the first from 0) and their values, when
// most have none.
//
// # <version>/labels.json
//
// {"owner": {slug: label}, "programme": {id: "id title"}}: the labels of
// the facet values that come from the content.
package static
