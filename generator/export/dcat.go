package export

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"catalogue/generator/content"
)

// The vocabularies of the DCAT-AP catalogue.
const (
	euLanguage     = "http://publications.europa.eu/resource/authority/language/"
	euCountry      = "http://publications.europa.eu/resource/authority/country/"
	euFileType     = "http://publications.europa.eu/resource/authority/file-type/"
	euDataThemes   = "http://publications.europa.eu/resource/authority/data-theme"
	euAvailability = "http://publications.europa.eu/resource/authority/planned-availability/"
	admsPublisher  = "http://purl.org/adms/publishertype/"
	admsLicence    = "http://purl.org/adms/licencetype/"
	// ianaMediaTypes is the form of IANA's register that harvesters such
	// as data.gouv.fr's strip to get the media type back.
	ianaMediaTypes = "https://www.iana.org/assignments/media-types/"
)

// dcatContext is the JSON-LD context of catalog.jsonld: prefixes only, so
// that every key reads as the DCAT-AP property it is. It is inline: a
// harvester never has to fetch it.
func dcatContext() object {
	return object{
		{"dcat", "http://www.w3.org/ns/dcat#"},
		{"dct", "http://purl.org/dc/terms/"},
		{"foaf", "http://xmlns.com/foaf/0.1/"},
		{"skos", "http://www.w3.org/2004/02/skos/core#"},
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

// siteLit returns a text of site.toml, field, as a literal in the site's
// first language, or with several languages a list of one literal in each
// language that gives it its own words.
func siteLit(site *content.Site, field func(*content.Site) string) any {
	first := field(site)
	out := []object{lit(first, site.Language)}
	for _, l := range site.Languages[min(1, len(site.Languages)):] {
		if v := field(site.In(l)); v != first {
			out = append(out, lit(v, l))
		}
	}
	if len(out) == 1 {
		return out[0]
	}
	return out
}

func ref(iri string) object { return object{{"@id", iri}} }

func typed(v, typ string) object { return object{{"@value", v}, {"@type", typ}} }

// dcat writes catalog.jsonld, the DCAT-AP 3.0.1 description of the open
// data: a dcat:Catalog with a dcat:Dataset per collection, whose
// distributions are its JSON and CSV files; where and when the data is
// about (dct:spatial, dct:temporal) comes from the entries and their
// sources. The identifiers of the catalogue and the datasets
// are built from base_url and the collection folders, which never change;
// harvesters key on them.
func (x *exporter) dcat() error {
	site := x.cat.Site
	id := x.abs("/") + "#catalogue"
	o := object{
		{"@context", dcatContext()},
		{"@id", id},
		{"@type", "dcat:Catalog"},
		{"dct:identifier", id},
		{"dct:title", siteLit(site, func(s *content.Site) string { return s.Title })},
		{"dct:description", siteLit(site, func(s *content.Site) string { return cmp.Or(s.Description, s.Title) })},
		{"dct:publisher", x.agent()},
		{"foaf:homepage", document(x.abs("/"))},
		{"dct:language", x.languages(x.cat.Entries)},
		{"dct:license", x.licence()},
		{"dct:spatial", places(spatial(x.cat.Entries))},
		{"dcat:themeTaxonomy", object{{"@id", euDataThemes}, {"@type", "skos:ConceptScheme"},
			{"dct:title", text{"Thèmes des données", "Data theme"}.literals()}}},
	}
	if site.Issued != "" {
		o.add("dct:issued", typed(site.Issued, "xsd:date"))
	}
	if !x.modified.IsZero() {
		o.add("dct:modified", typed(date(x.modified), "xsd:date"))
	}
	if t := temporal(x.cat.Entries); t != nil {
		o.add("dct:temporal", t)
	}
	var datasets []object
	for _, c := range content.Collections() {
		datasets = append(datasets, x.dataset(c))
	}
	datasets = append(datasets, x.changesDataset())
	datasets = append(datasets, x.ownersDataset())
	o.add("dcat:dataset", datasets)
	data, err := x.marshal(o)
	if err != nil {
		return err
	}
	x.add(File{Path: dcatPath, Format: "JSON-LD", MediaType: "application/ld+json", Role: "dcat", Modified: x.modified,
		Schema:      "https://semiceu.github.io/DCAT-AP/releases/3.0.1/",
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
		{"dcat:theme", concept(euDataThemes+"/GOVE", text{"Gouvernement et secteur public", "Government and public sector"}, euDataThemes)},
		{"dct:publisher", x.agent()},
		{"dcat:contactPoint", x.contact()},
		{"dcat:landingPage", document(x.abs("/" + c.Dir + "/"))},
		{"dct:language", x.languages(entries)},
		{"dct:spatial", places(spatial(entries))},
	}
	if mod := modifiedOf(entries); !mod.IsZero() {
		o.add("dct:modified", typed(date(mod), "xsd:date"))
	}
	if t := temporal(entries); t != nil {
		o.add("dct:temporal", t)
	}
	dists := []object{x.distribution(collectionPath(c, "json")), x.distribution(collectionPath(c, "csv"))}
	for _, j := range joinTables() {
		if j.From.Kind == c.Kind {
			dists = append(dists, x.distribution(j.path()))
		}
	}
	if c.Kind == content.KindMutualisation {
		// The coverage files describe the mutualisations.
		dists = append(dists, x.distribution(coverageJSONPath), x.distribution(coverageCSVPath))
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
		{"dcat:keyword", append(text{"Modifications", "Changes"}.literals(), text{"Historique", "History"}.literals()...)},
		{"dcat:theme", concept(euDataThemes+"/GOVE", text{"Gouvernement et secteur public", "Government and public sector"}, euDataThemes)},
		{"dct:publisher", x.agent()},
		{"dcat:contactPoint", x.contact()},
		{"dcat:landingPage", document(x.abs(ChangesPage))},
		{"dct:language", []object{language("ENG")}},
		{"dct:spatial", places(spatial(x.cat.Entries))},
	}
	if mod := x.out(changesJSONPath).Modified; !mod.IsZero() {
		o.add("dct:modified", typed(date(mod), "xsd:date"))
	}
	// The period the changes span, when there are any.
	if rows := x.changeRows(); len(rows) > 0 {
		o.add("dct:temporal", object{{"@type", "dct:PeriodOfTime"},
			{"dcat:startDate", typed(date(rows[len(rows)-1].Date), "xsd:date")},
			{"dcat:endDate", typed(date(rows[0].Date), "xsd:date")}})
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
		{"dcat:mediaType", object{{"@id", ianaMediaTypes + f.MediaType}, {"@type", "dct:MediaType"}}},
		{"dct:format", object{{"@id", euFileType + fileType(f.Format)}, {"@type", "dct:MediaTypeOrExtent"}}},
		{"dct:license", x.licence()},
		{"dct:conformsTo", object{{"@id", x.abs(f.Schema)}, {"@type", "dct:Standard"}}},
		{"dcat:byteSize", typed(strconv.FormatInt(f.Size, 10), "xsd:nonNegativeInteger")},
		{"dcatap:availability", concept(euAvailability+"STABLE", text{"stable", "stable"}, "")},
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
	if label := content.PublisherTypes()[p.Type]; label != "" {
		o.add("dct:type", concept(admsPublisher+p.Type, text{EN: label}, ""))
	}
	if p.URL != "" {
		o.add("foaf:homepage", document(p.URL))
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
	// DCAT-AP wants a vcard:Kind, which vcard:Organization is a kind of;
	// a harvester without the vCard ontology learns it from the data.
	o := object{{"@type", []string{"vcard:Kind", "vcard:Organization"}}, {"vcard:fn", name}}
	if p.Email != "" {
		o.add("vcard:hasEmail", ref("mailto:"+p.Email))
	}
	url := p.URL
	if url == "" {
		url = x.abs("/")
	}
	o.add("vcard:hasURL", document(url))
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
			out = append(out, language(codes[l]))
		}
	}
	if out == nil {
		out = append(out, language(codes[x.cat.Site.ContentLanguage]))
	}
	return out
}

func language(code string) object {
	return object{{"@id", euLanguage + code}, {"@type", "dct:LinguisticSystem"}}
}

// document is a web page, a foaf:Document.
func document(iri string) object { return object{{"@id", iri}, {"@type", "foaf:Document"}} }

// concept is a term of a controlled vocabulary with its labels; a label
// left empty is left out. scheme is the vocabulary, if it is one the
// catalogue lists as a theme taxonomy.
func concept(iri string, label text, scheme string) object {
	var labels []object
	for _, l := range []struct{ s, lang string }{{label.FR, "fr"}, {label.EN, "en"}} {
		if l.s != "" {
			labels = append(labels, lit(l.s, l.lang))
		}
	}
	o := object{{"@id", iri}, {"@type", "skos:Concept"}, {"skos:prefLabel", labels}}
	if scheme != "" {
		o.add("skos:inScheme", ref(scheme))
	}
	return o
}

// licence is the licence of the data, a dct:LicenseDocument, with its
// ADMS licence type when the licence is one the export knows.
func (x *exporter) licence() object {
	o := object{{"@id", x.lic.URL}, {"@type", "dct:LicenseDocument"}}
	var types []object
	for _, t := range licenceTypes(x.lic.ID) {
		types = append(types, concept(admsLicence+t.code, text{EN: t.label}, ""))
	}
	if types != nil {
		o.add("dct:type", types)
	}
	return o
}

type licenceType struct{ code, label string }

// licenceTypes returns the ADMS licence types of the licence of identifier
// id (an SPDX identifier or etalab-2.0), none for a licence it does not know.
func licenceTypes(id string) []licenceType {
	attribution := licenceType{"Attribution", "Attribution"}
	switch strings.ToLower(id) {
	case "etalab-2.0", "cc-by-4.0", "cc-by-3.0", "odc-by-1.0":
		return []licenceType{attribution}
	case "odbl-1.0", "cc-by-sa-4.0":
		return []licenceType{attribution, {"ShareAlike", "Share-alike"}}
	case "cc0-1.0", "pddl-1.0":
		return []licenceType{{"PublicDomain", "Public domain"}}
	}
	return nil
}

// countryOf is the country an entry of kind k is about: Luxembourg for
// the actions of its interoperability catalogue, France for the rest.
func countryOf(k content.Kind) string {
	if k == content.KindIOPAction {
		return "LUX"
	}
	return "FRA"
}

// spatial lists the countries entries are about, as EU country codes in
// a fixed order. A source is about the countries of the entries that cite
// it.
func spatial(entries []*content.Entry) []string {
	seen := map[string]bool{}
	for _, e := range entries {
		if e.Kind != content.KindSource {
			seen[countryOf(e.Kind)] = true
			continue
		}
		for _, by := range e.BacklinksOf(content.RelSources) {
			seen[countryOf(by.Kind)] = true
		}
	}
	var out []string
	for _, c := range []string{"FRA", "LUX"} {
		if seen[c] {
			out = append(out, c)
		}
	}
	return out
}

// places describes countries as dct:Location nodes.
func places(countries []string) []object {
	out := []object{}
	for _, c := range countries {
		out = append(out, object{{"@id", euCountry + c}, {"@type", "dct:Location"}})
	}
	return out
}

// temporal is the period entries cover, from the years their sources
// give: the publication dates of the sources they cite (of a source, its
// own) and the years of a service's figures. Nil when no source gives one.
func temporal(entries []*content.Entry) object {
	var years []string
	addDate := func(s *content.Entry) {
		if s.Source != nil && len(s.Source.Date) >= 4 {
			years = append(years, s.Source.Date[:4])
		}
	}
	for _, e := range entries {
		addDate(e)
		for _, s := range e.LinksOf(content.RelSources) {
			addDate(s)
		}
		if e.Service != nil {
			for _, f := range e.Service.Figures {
				if f.Year > 0 {
					years = append(years, fmt.Sprintf("%04d", f.Year))
				}
			}
		}
	}
	if years == nil {
		return nil
	}
	return object{{"@type", "dct:PeriodOfTime"},
		{"dcat:startDate", typed(slices.Min(years), "xsd:gYear")},
		{"dcat:endDate", typed(slices.Max(years), "xsd:gYear")}}
}
