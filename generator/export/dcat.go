package export

import (
	"path"
	"slices"
	"strconv"

	"catalogue/generator/content"
)

// The vocabularies of the DCAT-AP catalogue.
const (
	euLanguage     = "http://publications.europa.eu/resource/authority/language/"
	euFileType     = "http://publications.europa.eu/resource/authority/file-type/"
	euDataTheme    = "http://publications.europa.eu/resource/authority/data-theme/"
	euAvailability = "http://publications.europa.eu/resource/authority/planned-availability/"
	ianaMediaTypes = "http://www.iana.org/assignments/media-types/"
)

// dcatContext is the JSON-LD context of catalog.jsonld: prefixes only, so
// that every key reads as the DCAT-AP property it is.
func dcatContext() object {
	return object{
		{"dcat", "http://www.w3.org/ns/dcat#"},
		{"dct", "http://purl.org/dc/terms/"},
		{"foaf", "http://xmlns.com/foaf/0.1/"},
		{"vcard", "http://www.w3.org/2006/vcard/ns#"},
		{"xsd", "http://www.w3.org/2001/XMLSchema#"},
		{"dcatap", "http://data.europa.eu/r5r/"},
	}
}

// A text is a sentence in French and in English.
type text struct{ FR, EN string }

// datasetText returns the title and description of the dataset of kind k,
// as the portal's strings word them.
func datasetText(k content.Kind) (title, desc text) {
	switch k {
	case content.KindMutualisation:
		return text{"Mutualisations", "Mutualisations"},
			text{"Les opportunités de mutualisation interministérielle identifiées par le CSIC en 2018 (M001–M132) : la brique et le besoin.",
				"The interministerial mutualisation opportunities identified by the CSIC in 2018 (M001–M132): the building block and the need."}
	case content.KindAction:
		return text{"Actions de la stratégie SI de l'État", "Actions of the State IT strategy"},
			text{"Les actions de la stratégie SI de l'État : portage, coût et durée estimés, priorité MoSCoW et mutualisations couvertes.",
				"The actions of the State IT strategy: owner, estimated cost and duration, MoSCoW priority and the mutualisations they cover."}
	case content.KindProgramme:
		return text{"Programmes et chantiers", "Programmes and chantiers"},
			text{"Les programmes prioritaires et les chantiers complémentaires de la stratégie, avec leur visée pour 2022.",
				"The strategy's priority programmes and complementary chantiers, with their vision for 2022."}
	case content.KindPrinciple:
		return text{"Principes", "Principles"},
			text{"Les principes issus des groupes de travail, du groupe (GT) à la ligne stratégique (LS) et au principe (P).",
				"The principles of the working groups, from group (GT) to strategic line (LS) to principle (P)."}
	case content.KindIOPAction:
		return text{"Actions d'interopérabilité", "Interoperability actions"},
			text{"Les actions du catalogue d'interopérabilité (IOP) du Luxembourg.",
				"The actions of Luxembourg's interoperability (IOP) catalogue."}
	case content.KindService:
		return text{"Services partagés", "Shared services"},
			text{"Les services mutualisés déjà en fonctionnement, leur opérateur et leurs chiffres publiés.",
				"Shared services already in operation, their operator and their published figures."}
	case content.KindSource:
		return text{"Sources", "Sources"},
			text{"Les documents dont les entrées sont transcrites.", "The documents the entries are transcribed from."}
	}
	return text{string(k), string(k)}, text{string(k), string(k)}
}

// pick returns t in lang.
func (t text) pick(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.FR
}

// literals returns t as language-tagged literals.
func (t text) literals() []object {
	return []object{lit(t.FR, "fr"), lit(t.EN, "en")}
}

func lit(s, lang string) object { return object{{"@value", s}, {"@language", lang}} }

func ref(iri string) object { return object{{"@id", iri}} }

func typed(v, typ string) object { return object{{"@value", v}, {"@type", typ}} }

// dcat writes catalog.jsonld, the DCAT-AP description of the open data: a
// dcat:Catalog with a dcat:Dataset per collection, whose distributions are
// its JSON and CSV files. The identifiers of the catalogue and the datasets
// are built from base_url and the collection folders, which never change;
// harvesters key on them.
func (x *exporter) dcat() error {
	site := x.cat.Site
	desc := site.Description
	if desc == "" {
		desc = site.Title
	}
	id := x.abs("/") + "#catalogue"
	o := object{
		{"@context", dcatContext()},
		{"@id", id},
		{"@type", "dcat:Catalog"},
		{"dct:identifier", id},
		{"dct:title", lit(site.Title, site.Language)},
		{"dct:description", lit(desc, site.Language)},
		{"dct:publisher", x.agent()},
		{"foaf:homepage", ref(x.abs("/"))},
		{"dct:language", x.languages(x.cat.Entries)},
		{"dct:license", object{{"@id", x.lic.URL}, {"@type", "dct:LicenseDocument"}}},
	}
	if !x.modified.IsZero() {
		o.add("dct:modified", typed(date(x.modified), "xsd:date"))
	}
	var datasets []object
	for _, c := range content.Collections() {
		datasets = append(datasets, x.dataset(c))
	}
	datasets = append(datasets, x.changesDataset())
	o.add("dcat:dataset", datasets)
	data, err := x.marshal(o)
	if err != nil {
		return err
	}
	x.add(File{Path: dcatPath, Format: "JSON-LD", MediaType: "application/ld+json", Role: "dcat", Modified: x.modified,
		Schema:      "https://semiceu.github.io/DCAT-AP/releases/3.0.0/",
		Description: "DCAT-AP catalogue: a dataset per collection, with its JSON and CSV distributions, for harvesters."}, data)
	return nil
}

// datasetID is the stable identifier of the dataset of collection c.
func (x *exporter) datasetID(c content.Collection) string { return x.abs("/"+c.Dir+"/") + "#dataset" }

func (x *exporter) dataset(c content.Collection) object {
	entries := x.cat.Collection(c.Kind)
	title, desc := datasetText(c.Kind)
	id := x.datasetID(c)
	o := object{
		{"@id", id},
		{"@type", "dcat:Dataset"},
		{"dct:identifier", id},
		{"dct:title", title.literals()},
		{"dct:description", desc.literals()},
		{"dcat:keyword", x.keywords(c.Kind, entries)},
		{"dcat:theme", ref(euDataTheme + "GOVE")},
		{"dct:publisher", x.agent()},
		{"dcat:contactPoint", x.contact()},
		{"dcat:landingPage", ref(x.abs("/" + c.Dir + "/"))},
		{"dct:language", x.languages(entries)},
	}
	if mod := modifiedOf(entries); !mod.IsZero() {
		o.add("dct:modified", typed(date(mod), "xsd:date"))
	}
	dists := []object{x.distribution(collectionPath(c, "json")), x.distribution(collectionPath(c, "csv"))}
	for _, j := range joinTables() {
		if j.From.Kind == c.Kind {
			dists = append(dists, x.distribution(j.path()))
		}
	}
	o.add("dcat:distribution", dists)
	return o
}

// changesDataset describes the changes dataset, whose distributions are
// changes.json and changes.csv.
func (x *exporter) changesDataset() object {
	id := x.abs(ChangesPage) + "#dataset"
	desc := text{"Chaque modification d'une entrée dans l'historique git du contenu : date, identifiant, type, nature (ajout, modification, renommage, retrait), champs modifiés, commit.",
		"Every change to an entry in the content's git history: date, id, kind, change (added, changed, renamed, removed), the fields that changed, the commit."}
	if h := x.cat.History; h == nil || h.Note != "" {
		desc.FR += " Le site a été construit hors de git : l'historique est inconnu et la liste est vide."
		desc.EN += " " + noHistory
	}
	o := object{
		{"@id", id},
		{"@type", "dcat:Dataset"},
		{"dct:identifier", id},
		{"dct:title", text{"Modifications du catalogue", "Changes to the catalogue"}.literals()},
		{"dct:description", desc.literals()},
		{"dcat:theme", ref(euDataTheme + "GOVE")},
		{"dct:publisher", x.agent()},
		{"dcat:contactPoint", x.contact()},
		{"dcat:landingPage", ref(x.abs(ChangesPage))},
		{"dct:language", []object{ref(euLanguage + "ENG")}},
	}
	if mod := x.out(changesJSONPath).Modified; !mod.IsZero() {
		o.add("dct:modified", typed(date(mod), "xsd:date"))
	}
	o.add("dcat:distribution", []object{x.distribution(changesJSONPath), x.distribution(changesCSVPath)})
	return o
}

// distribution describes the file at p, already built.
func (x *exporter) distribution(p string) object {
	f := x.out(p).File
	u := x.abs(p)
	o := object{
		{"@id", u},
		{"@type", "dcat:Distribution"},
		{"dct:title", lit(path.Base(p), "en")},
		{"dct:description", lit(f.Description, "en")},
		{"dcat:accessURL", ref(u)},
		{"dcat:downloadURL", ref(u)},
		{"dcat:mediaType", ref(ianaMediaTypes + f.MediaType)},
		{"dct:format", ref(euFileType + fileType(f.Format))},
		{"dct:license", ref(x.lic.URL)},
		{"dct:conformsTo", ref(x.abs(f.Schema))},
		{"dcat:byteSize", typed(strconv.FormatInt(f.Size, 10), "xsd:nonNegativeInteger")},
		{"dcatap:availability", ref(euAvailability + "STABLE")},
	}
	if !f.Modified.IsZero() {
		o.add("dct:modified", typed(date(f.Modified), "xsd:date"))
	}
	return o
}

func fileType(format string) string {
	if format == "CSV" {
		return "CSV"
	}
	return "JSON"
}

// agent is the publisher of site.toml as a foaf:Agent.
func (x *exporter) agent() object {
	p := x.cat.Site.Publisher
	id := p.URL
	if id == "" {
		id = x.abs("/") + "#publisher"
	}
	name := p.Name
	if name == "" {
		name = x.cat.Site.Title
	}
	o := object{{"@id", id}, {"@type", "foaf:Agent"}, {"foaf:name", name}}
	if p.URL != "" {
		o.add("foaf:homepage", ref(p.URL))
	}
	if p.Email != "" {
		o.add("foaf:mbox", ref("mailto:"+p.Email))
	}
	return o
}

// contact is the contact point of every dataset: the publisher.
func (x *exporter) contact() object {
	p := x.cat.Site.Publisher
	name := p.Name
	if name == "" {
		name = x.cat.Site.Title
	}
	o := object{{"@type", "vcard:Organization"}, {"vcard:fn", name}}
	if p.Email != "" {
		o.add("vcard:hasEmail", ref("mailto:"+p.Email))
	}
	url := p.URL
	if url == "" {
		url = x.abs("/")
	}
	o.add("vcard:hasURL", ref(url))
	return o
}

// keywords are the kind's name and the labels of the themes its entries
// have, in French and English, in the order of site.toml.
func (x *exporter) keywords(k content.Kind, entries []*content.Entry) []object {
	title, _ := datasetText(k)
	kw := title.literals()
	for _, t := range x.cat.Site.Themes {
		used := slices.ContainsFunc(entries, func(e *content.Entry) bool { return slices.Contains(e.Themes, t.ID) })
		if !used {
			continue
		}
		kw = append(kw, lit(t.Label("fr"), "fr"))
		if t.EN != "" {
			kw = append(kw, lit(t.EN, "en"))
		}
	}
	return kw
}

// languages lists the languages of entries as EU authority IRIs; without
// entries, the language entries default to.
func (x *exporter) languages(entries []*content.Entry) []object {
	codes := map[string]string{"fr": "FRA", "en": "ENG"}
	var out []object
	for _, l := range content.Lang("").Values() {
		used := slices.ContainsFunc(entries, func(e *content.Entry) bool { return string(e.Lang) == l })
		if used && codes[l] != "" {
			out = append(out, ref(euLanguage+codes[l]))
		}
	}
	if out == nil {
		out = append(out, ref(euLanguage+codes[x.cat.Site.ContentLanguage]))
	}
	return out
}
