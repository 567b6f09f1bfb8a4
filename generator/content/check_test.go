package content

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestLoadChecks pins the message and position of the checks TestLoadErrors
// does not cover: dates, URLs, titles, encodings and the limits that keep
// hostile input cheap. Each case is one file, content/mutualisations/M002.md,
// next to a valid M001.
func TestLoadChecks(t *testing.T) {
	t.Parallel()
	const (
		head = "+++\nid = \"M002\"\ntitle = \"x\"\n"
		tail = "[[sources]]\ndocument = \"csic-2018\"\n+++\n"
		file = "content/mutualisations/M002.md:"
	)
	tests := []struct {
		name, src string
		want      []string
	}{
		{"impossible TOML date", head + "updated = 2024-02-30\n" + tail,
			[]string{file + `4:11: error: updated: "2024-02-30" is not a date: there is no day 30 in February 2024`}},
		{"impossible month", head + "updated = 2024-13-01\n" + tail,
			[]string{file + `4:11: error: updated: "2024-13-01" is not a date: there is no month 13`}},
		{"date in the wrong format", head + "updated = 2024-1-5\n" + tail,
			[]string{file + `4:11: error: updated: "2024-1-5" is not a date; expected YYYY-MM-DD`}},
		{"impossible date as a string", head + "updated = \"2023-02-29\"\n" + tail,
			[]string{file + `4:11: error: updated: "2023-02-29" is not a date: there is no day 29 in February 2023`}},
		{"date in words", head + "updated = \"5 janvier 2024\"\n" + tail,
			[]string{file + `4:11: error: updated: "5 janvier 2024" is not a date; expected YYYY-MM-DD`}},
		{"time of day", head + "updated = 10:00:00\n" + tail,
			[]string{file + `4:11: error: updated: expected a date (YYYY-MM-DD), found the time of day 10:00:00`}},
		{"implausible year", head + "updated = 1024-01-01\n" + tail,
			[]string{file + `4:11: error: updated: 1024-01-01 is not a plausible date; expected a year from 1900 to 2100`}},
		{"future date is fine", head + "updated = 2031-12-31\n" + tail, nil},
		{"leap day is fine", head + "updated = 2024-02-29\n" + tail, nil},
		{"malformed links", head + tail + "Voir [x](https://example.org/%zz) et [y](<http://[::1>).\n", []string{
			file + `7:6: error: body: link "https://example.org/%zz" is not a valid URL: invalid URL escape "%zz"`,
			file + `7:38: error: body: link "http://[::1" is not a valid URL: missing ']' in host`,
		}},
		{"unsafe links and external image", head + tail + "[a](javascript:alert(1)) [b](jav&#x61;script:x)\n\n![c](https://evil.example/p.png)\n", []string{
			file + `7:1: error: body: link "javascript:alert(1)" uses a scheme that is not allowed; expected http, https, mailto or a path`,
			file + `7:26: error: body: link "jav&#x61;script:x" uses a scheme that is not allowed; expected http, https, mailto or a path`,
			file + `9:1: error: body: image "https://evil.example/p.png" is on another host; pages make no request to third parties, so it is shown as a link`,
		}},
		{"blank title", "+++\nid = \"M002\"\ntitle = \"  \"\n" + tail,
			[]string{file + `3:9: error: title: must not be empty`}},
		{"multi-line title", "+++\nid = \"M002\"\ntitle = \"\"\"a\nb\"\"\"\n" + tail,
			[]string{file + `3:9: error: title: must be one line; put longer text in the body`}},
		{"long title", "+++\nid = \"M002\"\ntitle = \"" + strings.Repeat("é", 201) + "\"\n" + tail,
			[]string{file + `3:9: warning: title: is 201 characters long; keep titles under 200 and put the rest in the body`}},
		{"long summary", head + "summary = \"" + strings.Repeat("a", 501) + "\"\n" + tail,
			[]string{file + `4:11: warning: summary: is 501 characters long; keep summaries under 500`}},
		{"id with trailing space", "+++\nid = \"M002 \"\ntitle = \"x\"\n" + tail,
			[]string{file + `2:6: error: id: "M002 " has leading or trailing whitespace`}},
		{"reference with trailing space", head + "related = [\"M001 \"]\n" + tail,
			[]string{file + `4:12: error: related[0]: no entry "M001 "; did you mean "M001"?`}},
		{"NUL byte", head + tail + "a\x00b\n",
			[]string{file + `7:2: error: file contains a NUL byte; expected UTF-8 text`}},
		{"Latin-1", head + tail + "caf\xe9\n",
			[]string{file + `7:4: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8`}},
		{"BOM", "\uFEFF" + head + tail,
			[]string{file + `1:1: warning: file starts with a byte-order mark; save it as UTF-8 without BOM`}},
		{"CRLF", strings.ReplaceAll(head+tail, "\n", "\r\n"),
			[]string{file + `1: warning: file has CRLF line endings; expected LF (git config core.autocrlf input)`}},
		{"10,000 nested block quotes", head + tail + "Intro.\n\n" + strings.Repeat(">", 10000) + " x\n",
			[]string{file + `9:1: error: body: block quotes and lists nest more than 64 levels deep; the limit is 64`}},
		{"10,000 nested brackets", head + tail + "Intro.\n\nVoir " + strings.Repeat("[", 10000) + "x\n",
			[]string{file + `9:70: error: body: brackets nest more than 64 deep; the limit is 64`}},
		{"10,000 nested emphasis", head + tail + "Intro " + strings.Repeat("*_", 5000) + "x\n",
			[]string{file + `7:7: error: body: a run of more than 64 emphasis markers (* _ ~); the limit is 64`}},
		{"deep TOML arrays", head + "related = " + strings.Repeat("[", 10000) + "\n" + tail,
			[]string{file + `4:27: error: arrays and tables nest more than 16 deep; the limit is 16`}},
		{"long dotted key", head + strings.Repeat("a.", 10000) + "b = 1\n" + tail,
			[]string{file + `4:66: error: more than 32 dots on one line outside strings; the limit is 32 (a key has a few parts at most)`}},
		{"brackets and dots in strings are text", head + "summary = \"[[[[[[[[[[[[[[[[[[[[.................................\"\n" + tail, nil},
		{"long front matter", head + "summary = \"" + strings.Repeat("a", 70000) + "\"\n" + tail,
			[]string{file + `2:1: error: front matter is 70072 bytes; the limit is 65536 (64 KiB): put long text in the body`}},
		{"file over 1 MiB", head + tail + strings.Repeat("a", 2<<20),
			[]string{`content/mutualisations/M002.md: error: file is 2097220 bytes; an entry is limited to 1048576 (1 MiB)`}},
	}
	base := "-- content/mutualisations/M001.md --\n+++\nid = \"M001\"\ntitle = \"Cloud\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n## Besoin\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, base+"-- content/mutualisations/M002.md --\n"+tt.src)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSourceChecks(t *testing.T) {
	t.Parallel()
	_, got := load(t, `
-- content/sources/dinum-2023.md --
+++
id = "dinum-2023"
title = "Feuille de route"
date = "2023-02-29"
url = "www.numerique.gouv.fr"
+++
-- content/sources/dinum-2024.md --
+++
id = "dinum-2024"
title = "Feuille de route"
date = "2024-13"
url = " https://www.numerique.gouv.fr/"
+++
-- content/services/tchap.md --
+++
id = "tchap"
title = "Tchap"
website = "https://tchap.gouv.fr:port/"
[[sources]]
document = "dinum-2023"
[[figures]]
label = "Utilisateurs"
value = 1
year = 20024
source = "dinum-2023"
+++
`)
	want := []string{
		`content/services/tchap.md:4:11: error: website: "https://tchap.gouv.fr:port/" is not a valid URL: invalid port ":port" after host`,
		`content/services/tchap.md:10:8: error: figures[0].year: 20024 is not a plausible year`,
		`content/sources/dinum-2023.md:4:8: error: date: "2023-02-29" is not a date: there is no day 29 in February 2023`,
		`content/sources/dinum-2023.md:5:7: error: url: "www.numerique.gouv.fr" is not an absolute http(s) URL; expected e.g. "https://www.example.gouv.fr/"`,
		`content/sources/dinum-2024.md:4:8: error: date: "2024-13" is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD`,
		`content/sources/dinum-2024.md:5:7: error: url: " https://www.numerique.gouv.fr/" has leading or trailing whitespace`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

// TestLoadFiles checks what the walk of content/ reports about files that
// are not entries, on a MapFS.
func TestLoadFiles(t *testing.T) {
	t.Parallel()
	fsys := siteFS(t, `
-- content/notes.md --
x
-- content/drafts/M001.md --
x
-- content/mutualisations/old/M001.md --
x
-- content/mutualisations/M001.txt --
x
-- content/mutualisations/README.md --
Notes for contributors.
-- content/mutualisations/.M001.md.swp --
x
-- content/mutualisations/M002.md --
+++
title = "no id"
+++
-- content/mutualisations/M003.md --
+++
title = "no id either"
+++
`)
	fsys["content/mutualisations/M004.md"] = &fstest.MapFile{Data: []byte("../../../etc/passwd"), Mode: fs.ModeSymlink}
	fsys["content/mutualisations/M005.md"] = &fstest.MapFile{Mode: fs.ModeNamedPipe}
	_, diags := Load(context.Background(), fsys, Options{})
	var got []string
	for _, d := range diags {
		got = append(got, d.Error())
	}
	want := []string{
		`content/drafts: error: not a known collection; expected one of "mutualisations", "actions", "programmes", "principes", "iop", "services", "sources"`,
		`content/mutualisations/M001.txt: error: not an entry: entry files end in .md`,
		`content/mutualisations/M002.md:1:1: error: id: missing required key`,
		`content/mutualisations/M002.md:1:1: warning: sources: no source cited; add a [[sources]] table with document = "<source id>"`,
		`content/mutualisations/M003.md:1:1: error: id: missing required key`,
		`content/mutualisations/M003.md:1:1: warning: sources: no source cited; add a [[sources]] table with document = "<source id>"`,
		`content/mutualisations/M004.md: error: symbolic links are not allowed in content/: copy the file instead`,
		`content/mutualisations/M005.md: error: not a regular file; expected a text file`,
		`content/mutualisations/old: error: entries live directly in content/<collection>/, not in subfolders`,
		`content/notes.md: error: file outside a known collection; entries live in content/<collection>/<id>.md`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestOnly(t *testing.T) {
	t.Parallel()
	fsys := siteFS(t, `
-- content/mutualisations/M001.md --
+++
id = "M001"
title = "x"
related = ["M404"]
+++
-- content/actions/2.1.1.md --
+++
id = "2.1.1"
title = "x"
mutualisations = ["M001", "M002"]
+++
`)
	for _, tt := range []struct {
		only []string
		want int
	}{
		{nil, 4},
		{[]string{"content/actions/2.1.1.md"}, 2},
		{[]string{"content/actions"}, 2},
		{[]string{"content/actions/"}, 2},
		{[]string{"content"}, 4},
		{[]string{"content/act"}, 0},
	} {
		_, diags := Load(context.Background(), fsys, Options{Only: tt.only})
		if len(diags) != tt.want {
			t.Errorf("Only %q: %d diagnostics, want %d: %v", tt.only, len(diags), tt.want, diags)
		}
	}
}

func TestMaxPerFile(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("+++\nid = \"M001\"\ntitle = \"x\"\n")
	for i := range 150 {
		b.WriteString("k" + strings.Repeat("x", i) + " = 1\n")
	}
	b.WriteString("+++\n")
	_, got := load(t, "-- content/mutualisations/M001.md --\n"+b.String())
	if len(got) != MaxPerFile+1 {
		t.Fatalf("%d diagnostics, want %d", len(got), MaxPerFile+1)
	}
	if want := `content/mutualisations/M001.md:103:1: error: 51 more problems in this file are not shown; fix these first`; got[MaxPerFile] != want {
		t.Errorf("last diagnostic:\n got %s\nwant %s", got[MaxPerFile], want)
	}
}

func TestSiteURLs(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{SiteFile: {Data: []byte(`title = "T"
base_url = "https://example.org/"
licence_url = "etalab.gouv.fr/licence"
edit_url = "https://gitlab.example.gouv.fr/c/-/edit/main/{path}"
repository_url = "https://gitlab.example.gouv.fr/c"
description = """Two lines,\n\tand \u001b[31m"""

[publisher]
name = "DINUM"
url = "https://www.numerique.gouv.fr:port/"
`)}}
	_, diags := LoadSite(fsys)
	var got []string
	for _, d := range diags.Sort() {
		got = append(got, d.Error())
	}
	want := []string{
		`site.toml:3:15: error: licence_url: "etalab.gouv.fr/licence" is not an absolute http(s) URL; expected e.g. "https://www.example.gouv.fr/"`,
		`site.toml:6:36: error: description: contains the control character U+001B (\x1b); remove it`,
		`site.toml:10:7: error: publisher.url: "https://www.numerique.gouv.fr:port/" is not a valid URL: invalid port ":port" after host`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

// TestBaseURL checks that the address the portal is published at is an
// absolute http(s) URL: it goes into the feed, the sitemap and the DCAT
// catalogue, where a reader's software follows it.
func TestBaseURL(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ url, want string }{
		{"https://example.org/", ""},
		{"http://localhost:8080/catalogue/", ""},
		{"javascript://example.org/%0aalert(1)//", `site.toml:2:12: error: base_url: "javascript://example.org/%0aalert(1)//" is not an absolute http(s) URL; expected e.g. "https://catalogue.example.fr/"`},
		{"ftp://example.org/", `site.toml:2:12: error: base_url: "ftp://example.org/" is not an absolute http(s) URL; expected e.g. "https://catalogue.example.fr/"`},
		{"example.org", `site.toml:2:12: error: base_url: "example.org" is not an absolute http(s) URL; expected e.g. "https://catalogue.example.fr/"`},
		{"https://example.org/my catalogue/", `site.toml:2:12: error: base_url: "https://example.org/my catalogue/" has a space at character 23; write it %20`},
		{"https://exämple.org/", `site.toml:2:12: error: base_url: "https://exämple.org/" has 'ä', which a URL must percent-encode (%C3%A4)`},
	} {
		fsys := fstest.MapFS{SiteFile: {Data: []byte("title = \"T\"\nbase_url = " + QuoteTOML(tt.url) + "\n")}}
		_, diags := LoadSite(fsys)
		var got []string
		for _, d := range diags.Sort() {
			got = append(got, d.Error())
		}
		if got := strings.Join(got, "\n"); got != tt.want {
			t.Errorf("base_url %q:\n got %s\nwant %s", tt.url, got, tt.want)
		}
	}
}

// TestSiteRequired checks that the keys site.toml requires say something:
// an empty base_url or theme id passed check and broke the build.
func TestSiteRequired(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{SiteFile: {Data: []byte("title = \" \"\nbase_url = \"\"\n[[themes]]\nid = \"\"\nfr = \"\"\n[[themes]]\nfr = \"x\"\n")}}
	_, diags := LoadSite(fsys)
	var got []string
	for _, d := range diags.Sort() {
		got = append(got, d.Error())
	}
	want := []string{
		`site.toml:1:9: error: title: must not be empty`,
		`site.toml:2:12: error: base_url: must not be empty`,
		`site.toml:4:6: error: themes[0].id: "" is not a lowercase slug (a-z, 0-9, -)`,
		`site.toml:5:6: error: themes[0].fr: must not be empty`,
		`site.toml:6:1: error: themes[1].id: missing required key`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

// TestSiteDCATKeys checks the keys that only DCAT-AP reads: the date the
// catalogue was first published and the ADMS type of its publisher.
func TestSiteDCATKeys(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{SiteFile: {Data: []byte(`title = "T"
base_url = "https://example.org/"
issued = "2026-13-01"

[publisher]
name = "DINUM"
type = "Ministry"
`)}}
	_, diags := LoadSite(fsys)
	var got []string
	for _, d := range diags.Sort() {
		got = append(got, d.Error())
	}
	want := []string{
		`site.toml:3:10: error: issued: "2026-13-01" is not a date; expected YYYY-MM-DD`,
		`site.toml:7:8: error: publisher.type: "Ministry" is not an ADMS publisher type; expected one of Academia-ScientificOrganisation, Company, IndustryConsortium, LocalAuthority, NationalAuthority, NonGovernmentalOrganisation, NonProfitOrganisation, PrivateIndividual(s), RegionalAuthority, StandardisationBody, SupraNationalAuthority`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	fsys[SiteFile].Data = []byte("title = \"T\"\nbase_url = \"https://example.org/\"\nissued = \"2026-11-23\"\n[publisher]\ntype = \"NationalAuthority\"\n")
	site, diags := LoadSite(fsys)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if site.Issued != "2026-11-23" || site.Publisher.Type != "NationalAuthority" {
		t.Errorf("issued %q, publisher.type %q", site.Issued, site.Publisher.Type)
	}
}

// TestPublisherEmail checks the address the exports give as mailto: and as
// a JSON "format": "email".
func TestPublisherEmail(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ email, want string }{
		{"contact@numerique.gouv.fr", ""},
		{"contact+catalogue@numerique.gouv.fr", ""},
		{"contact us@numerique.gouv.fr", `site.toml:4:9: error: publisher.email: "contact us@numerique.gouv.fr" is not an e-mail address; expected e.g. "contact@example.gouv.fr"`},
		{"DINUM <contact@numerique.gouv.fr>", `site.toml:4:9: error: publisher.email: "DINUM <contact@numerique.gouv.fr>" is not an e-mail address; expected e.g. "contact@example.gouv.fr"`},
		{"contact", `site.toml:4:9: error: publisher.email: "contact" is not an e-mail address; expected e.g. "contact@example.gouv.fr"`},
	} {
		fsys := fstest.MapFS{SiteFile: {Data: []byte("title = \"T\"\nbase_url = \"https://example.org/\"\n[publisher]\nemail = " + QuoteTOML(tt.email) + "\n")}}
		_, diags := LoadSite(fsys)
		var got []string
		for _, d := range diags.Sort() {
			got = append(got, d.Error())
		}
		if got := strings.Join(got, "\n"); got != tt.want {
			t.Errorf("email %q:\n got %s\nwant %s", tt.email, got, tt.want)
		}
	}
}

func TestRedirectsShape(t *testing.T) {
	t.Parallel()
	_, got := load(t, "-- content/redirects.toml --\n[[redirects]]\nfrom = \"M001\"\n"+strings.Repeat("a.", 100)+"b = 1\n")
	want := []string{`content/redirects.toml:3:66: error: more than 32 dots on one line outside strings; the limit is 32 (a key has a few parts at most)`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

// TestTextChecks pins what front matter may not hold, written through TOML
// escapes or raw: control characters, bidirectional overrides, numbers that
// are not finite and URLs that RFC 3986 refuses. Each error names the key
// and the position of the character in the file, escapes included.
func TestTextChecks(t *testing.T) {
	t.Parallel()
	const (
		head = "+++\nid = \"M002\"\ntitle = \"x\"\n"
		tail = "[[sources]]\ndocument = \"csic-2018\"\n+++\n"
		file = "content/mutualisations/M002.md:"
		svc  = "content/services/s.md:"
	)
	service := func(lines string) string {
		return "-- content/services/s.md --\n+++\nid = \"s\"\ntitle = \"S\"\n" + lines + "[[sources]]\ndocument = \"csic-2018\"\n+++\n"
	}
	tests := []struct {
		name, src string
		want      []string
	}{
		{"NUL through an escape", head + "summary = \"a\\u0000b\"\n" + tail,
			[]string{file + `4:13: error: summary: contains the control character U+0000 (\x00); remove it`}},
		{"escape sequence for terminals", head + "owners = [\"mi\", \"DINUM \\u001b[2J\"]\n" + tail,
			[]string{file + `4:24: error: owners[1]: contains the control character U+001B (\x1b); remove it`}},
		{"TOML 1.1 escape", head + "owners = [\"a\\eb\"]\n" + tail,
			[]string{file + `4:13: error: owners[0]: contains the control character U+001B (\x1b); remove it`}},
		{"right-to-left override", head + "summary = \"invoice \\u202Egnp.exe\"\n" + tail,
			[]string{file + `4:20: error: summary: contains U+202E RIGHT-TO-LEFT OVERRIDE, which reorders the text around it on screen; remove it`}},
		{"raw isolate", head + "summary = \"a \u2067b\"\n" + tail,
			[]string{file + `4:14: error: summary: contains U+2067 RIGHT-TO-LEFT ISOLATE, which reorders the text around it on screen; remove it`}},
		{"C1 control after accents", head + "summary = \"été \\u0085\"\n" + tail,
			[]string{file + `4:18: error: summary: contains the control character U+0085 (\u0085); remove it`}},
		{"DEL", "+++\nid = \"M002\"\ntitle = \"x\\u007f\"\n" + tail,
			[]string{file + `3:11: error: title: contains the control character U+007F (\x7f); remove it`}},
		{"right-to-left mark is a warning", head + "summary = \"\u05e9\u05dc\u05d5\u05dd \\u200F!\"\n" + tail,
			[]string{file + `4:21: warning: summary: contains U+200F RIGHT-TO-LEFT MARK, an invisible character; keep it only where the language needs it`}},
		{"a mark does not hide a control after it", head + "summary = \"\\u200F \\u001b\"\n" + tail,
			[]string{file + `4:19: error: summary: contains the control character U+001B (\x1b); remove it`}},
		{"tab in a one-line value", head + "owners = [\"a\\tb\"]\n" + tail,
			[]string{file + `4:13: error: owners[0]: contains the control character U+0009 (\t); remove it`}},
		{"newline in a one-line value", head + "owners = [\"a\\nb\"]\n" + tail,
			[]string{file + `4:11: error: owners[0]: must be one line; put longer text in the body`}},
		{"carriage return in a multi-line value", head + "summary = \"a\\r\\nb\"\n" + tail,
			[]string{file + `4:13: error: summary: contains the control character U+000D (\r); remove it`}},
		{"tab and newlines in a multi-line value", head + "summary = \"\"\"\nline one\n\tline two\"\"\"\n" + tail, nil},
		{"escape in a multi-line string", head + "summary = \"\"\"\nline one \\\n   two\nthree \\u001b\"\"\"\n" + tail,
			[]string{file + `7:7: error: summary: contains the control character U+001B (\x1b); remove it`}},
		{"in a source note", head + "[[sources]]\ndocument = \"csic-2018\"\nnote = 'literal \u202d'\n+++\n",
			[]string{file + `6:17: error: sources[0].note: contains U+202D LEFT-TO-RIGHT OVERRIDE, which reorders the text around it on screen; remove it`}},
		{"in a reference", head + "related = [\"M001\\u202e\"]\n" + tail,
			[]string{file + `4:17: error: related[0]: contains U+202E RIGHT-TO-LEFT OVERRIDE, which reorders the text around it on screen; remove it`}},
		{"not a number", service("[[figures]]\nlabel = \"x\"\nvalue = nan\nsource = \"csic-2018\"\n"),
			[]string{svc + `6:9: error: figures[0].value: expected a finite number, found nan`}},
		{"infinite", service("[[figures]]\nlabel = \"x\"\nvalue = -inf\nsource = \"csic-2018\"\n"),
			[]string{svc + `6:9: error: figures[0].value: expected a finite number, found -inf`}},
		{"URL with a space", service("website = \"https://example.org/a b\"\n"),
			[]string{svc + `4:11: error: website: "https://example.org/a b" has a space at character 22; write it %20`}},
		{"URL with a quote", service("website = 'https://example.org/\"onmouseover=x'\n"),
			[]string{svc + `4:11: error: website: "https://example.org/\"onmouseover=x" has '"', which a URL must percent-encode (%22)`}},
		{"URL with an accent", service("website = \"https://example.org/été\"\n"),
			[]string{svc + `4:11: error: website: "https://example.org/été" has 'é', which a URL must percent-encode (%C3%A9)`}},
		{"URL with a control character", service("website = \"https://example.org/\\u0000\"\n"), []string{
			svc + `4:32: error: website: contains the control character U+0000 (\x00); remove it`,
		}},
		{"URL without a host", service("website = \"https:///path\"\n"),
			[]string{svc + `4:11: error: website: "https:///path" is not an absolute http(s) URL; expected e.g. "https://www.example.gouv.fr/"`}},
		{"script URL", service("website = \"javascript://example.org/%0aalert(1)\"\n"),
			[]string{svc + `4:11: error: website: "javascript://example.org/%0aalert(1)" is not an absolute http(s) URL; expected e.g. "https://www.example.gouv.fr/"`}},
		// Owners are ids of site.toml's vocabulary, whose ids are slugs:
		// every owner has a page address.
		{"owner not in the vocabulary", head + "owners = [\"DINUM\", \"-\", \"日本\"]\n" + tail, []string{
			file + `4:11: error: owners[0]: "DINUM" is not an owner of site.toml; expected one of "dinsic", "ministeres", "mi"`,
			file + `4:20: error: owners[1]: "-" is not an owner of site.toml; expected one of "dinsic", "ministeres", "mi"`,
			file + `4:25: error: owners[2]: "日本" is not an owner of site.toml; expected one of "dinsic", "ministeres", "mi"`,
		}},
		{"percent-encoded URL is fine", service("website = \"https://example.org/%C3%A9t%C3%A9?q=a+b&r=%20#x\"\n"), nil},
	}
	base := "-- content/mutualisations/M001.md --\n+++\nid = \"M001\"\ntitle = \"Cloud\"\n[[sources]]\ndocument = \"csic-2018\"\n+++\n## Besoin\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src
			if !strings.HasPrefix(src, "-- ") {
				src = "-- content/mutualisations/M002.md --\n" + src
			}
			_, got := load(t, base+src)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}
