package export_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A triple is one statement of the DCAT graph, its terms in N-Triples.
type triple struct{ s, p, o string }

func (t triple) String() string { return t.s + " " + t.p + " " + t.o + " ." }

const (
	rdfType = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
	nsDCAT  = "http://www.w3.org/ns/dcat#"
	nsDCT   = "http://purl.org/dc/terms/"
	nsFOAF  = "http://xmlns.com/foaf/0.1/"
	nsSKOS  = "http://www.w3.org/2004/02/skos/core#"
	nsVCard = "http://www.w3.org/2006/vcard/ns#"
	nsAP    = "http://data.europa.eu/r5r/"
)

func iri(s string) string { return "<" + s + ">" }

// graph turns catalog.jsonld into triples. It reads the JSON-LD that the
// export writes (a context of prefixes; nodes, references, language-tagged
// and typed literals, lists as arrays), and fails on anything else rather
// than guess. The CI's open-data suite checks that a real JSON-LD processor
// reads testdata/catalog.nt from the same file.
func graph(t *testing.T, doc map[string]any) []triple {
	t.Helper()
	ctx, ok := doc["@context"].(map[string]any)
	if !ok {
		t.Fatal("catalog.jsonld: no @context object")
	}
	expand := func(term string) string {
		prefix, local, ok := strings.Cut(term, ":")
		if ns, known := ctx[prefix].(string); ok && known {
			return iri(ns + local)
		}
		if strings.HasPrefix(term, "http://") || strings.HasPrefix(term, "https://") || strings.HasPrefix(term, "mailto:") {
			return iri(term)
		}
		t.Fatalf("catalog.jsonld: %q is neither a prefixed name of the context nor an absolute IRI", term)
		return ""
	}
	var out []triple
	blank := 0
	var node func(n map[string]any) string
	object := func(v any) string {
		switch v := v.(type) {
		case string:
			return literal(v)
		case map[string]any:
			if val, ok := v["@value"]; ok {
				s, ok := val.(string)
				if !ok {
					t.Fatalf("catalog.jsonld: a non-string @value %v", val)
				}
				switch {
				case v["@language"] != nil:
					return literal(s) + "@" + v["@language"].(string)
				case v["@type"] != nil:
					return literal(s) + "^^" + expand(v["@type"].(string))
				}
				return literal(s)
			}
			if len(v) == 1 && v["@id"] != nil {
				return expand(v["@id"].(string))
			}
			return node(v)
		}
		t.Fatalf("catalog.jsonld: a value %v of type %T", v, v)
		return ""
	}
	node = func(n map[string]any) string {
		var s string
		if id, ok := n["@id"].(string); ok {
			s = expand(id)
		} else {
			s = fmt.Sprintf("_:b%d", blank)
			blank++
		}
		keys := make([]string, 0, len(n))
		for k := range n {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			var vs []any
			if l, ok := n[k].([]any); ok {
				vs = l
			} else {
				vs = []any{n[k]}
			}
			switch k {
			case "@context", "@id":
			case "@type":
				for _, v := range vs {
					out = append(out, triple{s, rdfType, expand(v.(string))})
				}
			default:
				for _, v := range vs {
					out = append(out, triple{s, expand(k), object(v)})
				}
			}
		}
		return s
	}
	node(doc)
	return out
}

var ntEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)

func literal(s string) string { return `"` + ntEscaper.Replace(s) + `"` }

// nTriples returns the graph as sorted, deduplicated N-Triples.
func nTriples(g []triple) []byte {
	lines := make([]string, len(g))
	for i, t := range g {
		lines[i] = t.String()
	}
	slices.Sort(lines)
	return []byte(strings.Join(slices.Compact(lines), "\n") + "\n")
}

// TestDCATGraph pins the graph of catalog.jsonld, exported from
// testdata/site.txtar, as sorted N-Triples: a change of the RDF shows as a
// diff of testdata/catalog.nt, whatever the JSON-LD's layout. Rewrite it
// with go test -update once the change is deliberate.
func TestDCATGraph(t *testing.T) {
	t.Parallel()
	x := exportSite(t, load(t, siteFS(t, "site"), testDates))
	got := nTriples(graph(t, x.json(t, "/api/v1/catalog.jsonld")))
	golden := filepath.Join("testdata", "catalog.nt")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("the DCAT graph differs from %s (-want +got); if the change is deliberate, run go test -update:\n%s", golden, diff)
	}
}

// TestDCATRanges checks what DCAT-AP 3.0.1's range profile checks without
// background knowledge: every object of these properties states its class
// itself, and every concept has a label.
func TestDCATRanges(t *testing.T) {
	t.Parallel()
	// The properties marked optional are absent when site.toml or the
	// sources do not give them (the hostile site gives neither).
	ranges := []struct {
		prop, class string
		optional    bool
	}{
		{nsDCT + "language", nsDCT + "LinguisticSystem", false},
		{nsDCAT + "theme", nsSKOS + "Concept", false},
		{nsAP + "availability", nsSKOS + "Concept", false},
		{nsDCT + "format", nsDCT + "MediaTypeOrExtent", false},
		{nsDCAT + "mediaType", nsDCT + "MediaType", false},
		{nsDCT + "conformsTo", nsDCT + "Standard", false},
		{nsFOAF + "homepage", nsFOAF + "Document", false},
		{nsDCAT + "landingPage", nsFOAF + "Document", false},
		{nsDCAT + "contactPoint", nsVCard + "Kind", false},
		{nsDCT + "license", nsDCT + "LicenseDocument", false},
		{nsDCT + "publisher", nsFOAF + "Agent", false},
		{nsDCT + "spatial", nsDCT + "Location", false},
		{nsDCT + "temporal", nsDCT + "PeriodOfTime", true},
		{nsDCT + "type", nsSKOS + "Concept", true},
		{nsDCAT + "themeTaxonomy", nsSKOS + "ConceptScheme", false},
	}
	for name, x := range sites(t) {
		t.Run(name, func(t *testing.T) {
			g := graph(t, x.json(t, "/api/v1/catalog.jsonld"))
			types := map[string][]string{}
			props := map[string][]string{}
			for _, tr := range g {
				if tr.p == rdfType {
					types[tr.s] = append(types[tr.s], tr.o)
				}
				props[tr.s] = append(props[tr.s], tr.p)
			}
			seen := map[string]int{}
			for _, tr := range g {
				for _, r := range ranges {
					if tr.p != iri(r.prop) {
						continue
					}
					seen[r.prop]++
					if !slices.Contains(types[tr.o], iri(r.class)) {
						t.Errorf("%s %s %s: the object is not typed %s", tr.s, tr.p, tr.o, r.class)
					}
				}
				if tr.p == iri(nsDCAT+"mediaType") && !strings.HasPrefix(tr.o, "<https://www.iana.org/assignments/media-types/") {
					t.Errorf("media type %s is not in the https://www.iana.org/assignments/media-types/ form", tr.o)
				}
				if tr.p == rdfType && tr.o == iri(nsSKOS+"Concept") && !slices.Contains(props[tr.s], iri(nsSKOS+"prefLabel")) {
					t.Errorf("concept %s has no skos:prefLabel", tr.s)
				}
			}
			for _, r := range ranges {
				if seen[r.prop] == 0 && !(r.optional && name == "hostile") {
					t.Errorf("no %s in the graph", r.prop)
				}
			}
		})
	}
}

// TestDCATSpatial checks the countries: France for the French collections,
// Luxembourg for the IOP actions, both for the catalogue.
func TestDCATSpatial(t *testing.T) {
	t.Parallel()
	x := exportSite(t, load(t, siteFS(t, "site"), testDates))
	g := graph(t, x.json(t, "/api/v1/catalog.jsonld"))
	spatial := map[string][]string{}
	for _, tr := range g {
		if tr.p == iri(nsDCT+"spatial") {
			spatial[tr.s] = append(spatial[tr.s], strings.TrimPrefix(tr.o, "<http://publications.europa.eu/resource/authority/country/"))
		}
	}
	base := "<https://example.org/catalogue/"
	want := map[string][]string{
		base + "#catalogue>":              {"FRA>", "LUX>"},
		base + "mutualisations/#dataset>": {"FRA>"},
		base + "actions/#dataset>":        {"FRA>"},
		base + "programmes/#dataset>":     {"FRA>"},
		base + "principes/#dataset>":      {"FRA>"},
		base + "iop/#dataset>":            {"LUX>"},
		base + "services/#dataset>":       {"FRA>"},
		// csic-2018 is cited by French entries and by the IOP action.
		base + "sources/#dataset>": {"FRA>", "LUX>"},
		// The changes are about every entry, and so are their owners.
		base + "changes/#dataset>": {"FRA>", "LUX>"},
		base + "owners/#dataset>":  {"FRA>", "LUX>"},
	}
	if diff := cmp.Diff(want, spatial); diff != "" {
		t.Errorf("dct:spatial (-want +got):\n%s", diff)
	}
}

// TestNeutralisationIsData checks that the CSV files' descriptions in
// datapackage.json and their Table Schemas say, in English and French,
// that a leading apostrophe was added: a reuser reading them with pandas
// or Frictionless sees it in the values.
func TestNeutralisationIsData(t *testing.T) {
	t.Parallel()
	x := exportSite(t, load(t, siteFS(t, "site"), testDates))
	says := func(what, desc string) {
		t.Helper()
		for _, want := range []string{
			"A leading apostrophe was added to the cells that would start with =, +, -, @, a tab or a carriage return",
			"Une apostrophe a été ajoutée en tête des cellules qui commenceraient par =, +, -, @, une tabulation ou un retour chariot",
		} {
			if !strings.Contains(desc, want) {
				t.Errorf("%s: the description %q does not say %q", what, desc, want)
			}
		}
	}
	pkg := x.json(t, "/api/v1/datapackage.json")
	tables := 0
	for _, r := range pkg["resources"].([]any) {
		res := r.(map[string]any)
		if res["format"] != "csv" {
			if strings.Contains(res["description"].(string), "apostrophe") {
				t.Errorf("%s: a JSON resource speaks of apostrophes", res["path"])
			}
			continue
		}
		tables++
		says("datapackage.json "+res["path"].(string), res["description"].(string))
		schema := res["schema"].(map[string]any)
		says("the schema of "+res["path"].(string)+" in datapackage.json", schema["description"].(string))
		file := "/api/v1/schemas/" + strings.TrimSuffix(res["path"].(string), ".csv") + ".tableschema.json"
		desc, _ := x.json(t, file)["description"].(string)
		says(file, desc)
	}
	if tables == 0 {
		t.Fatal("no CSV resource in datapackage.json")
	}
}
