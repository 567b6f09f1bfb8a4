// Package content reads a catalogue site — site.toml and the entries under
// content/ — into a checked, cross-referenced [Catalogue], and reports every
// problem it finds as a [Diagnostic] at file:line:col. It writes no HTML.
//
// # Entries
//
// An entry is content/<collection>/<id>.md: TOML front matter between two
// lines "+++", then a Markdown body. The keys of the front matter are the
// struct tags of meta.go ([Meta] and the struct of each kind); unknown keys
// are errors. [Skeleton] writes a new entry from the same tags.
//
// # Checks
//
// [Load] reports, sorted, with the position of the key or value at fault:
// TOML syntax; unknown, missing and mistyped keys; values outside a closed
// list; dates that do not exist or are not YYYY-MM-DD; URLs that do not parse
// or are not absolute http(s); an id that differs from its file name, does
// not match its collection's pattern, has surrounding spaces or is used twice
// (ids are compared without case); references to entries that do not exist
// or have the wrong kind, with a suggestion; codes and [[id]] in bodies;
// internal links and anchors; unsafe link schemes and images from other
// hosts; empty, multi-line or overlong titles and overlong summaries; entries
// citing no source (a warning); files that are not UTF-8, hold a NUL byte, a
// byte-order mark or CRLF line ends (the last two are warnings); and files
// that are not where an entry can be: outside a collection, in a subfolder,
// not .md, symbolic links, named pipes.
//
// # Limits
//
// Input from a merge request is untrusted. A file is at most [MaxFileSize]
// bytes, its front matter [MaxFrontMatter] bytes nested a few levels deep,
// its body within the limits of package markdown; past them, the file is an
// error, never a hang. At most [MaxPerFile] diagnostics are reported per file.
package content
