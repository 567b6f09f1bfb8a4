package content

import "time"

// The front matter of an entry is decoded into Meta (the keys every kind
// shares) and the struct of its kind. The struct tags are the format's single
// definition: the loader decodes and checks with them, the schema export and
// `catalogue new` describe the format from them.
//
//	toml     the key
//	json     the name in the open-data exports
//	required "true" when the key must be present and non-empty
//	ref      the kind an id must have ("any" for any kind)
//	doc      what the key means, for schemas and skeletons
//	text     "multiline" when the value may hold newlines and tabs

// Meta holds the keys common to every kind.
type Meta struct {
	ID      string      `toml:"id" json:"id" required:"true" doc:"Identifier, equal to the file name; never changes once published."`
	Title   string      `toml:"title" json:"title" required:"true" doc:"Title, in the source's words."`
	Summary string      `toml:"summary" json:"summary,omitempty" text:"multiline" doc:"One or two sentences."`
	Lang    Lang        `toml:"lang" json:"lang" doc:"Language of the entry's text; defaults to the site's content_language."`
	Status  Status      `toml:"status" json:"status,omitempty" doc:"Where the entry stands."`
	Themes  []string    `toml:"themes" json:"themes,omitempty" doc:"Theme ids from site.toml."`
	Owners  []string    `toml:"owners" json:"owners,omitempty" doc:"Owner ids from site.toml (ministries, directorates)."`
	Related []string    `toml:"related" json:"related,omitempty" ref:"any" doc:"Ids of related entries of any kind."`
	Sources []SourceRef `toml:"sources" json:"sources,omitempty" doc:"Where the entry comes from."`
	Updated time.Time   `toml:"updated" json:"updated,omitzero" doc:"Date of the last change of substance (YYYY-MM-DD)."`
}

// A SourceRef cites a source document.
type SourceRef struct {
	Document string `toml:"document" json:"document" required:"true" ref:"source" doc:"Id of the source entry."`
	Section  string `toml:"section" json:"section,omitempty" doc:"Section of the document, e.g. 6.3."`
	Note     string `toml:"note" json:"note,omitempty" text:"multiline" doc:"What the transcription repaired or judged."`
}

// MutualisationMeta is empty: a mutualisation's need is its body.
type MutualisationMeta struct{}

// ActionMeta holds the keys of an action of the strategy.
type ActionMeta struct {
	Programme       string   `toml:"programme" json:"programme,omitempty" ref:"programme" doc:"Id of the programme or chantier the action belongs to."`
	ProgrammeReason string   `toml:"programme_reason" json:"programme_reason,omitempty" doc:"Why the programme is not the beginning of the action's id, when it is not."`
	Portage         string   `toml:"portage" json:"portage,omitempty" doc:"Owner as written in the source."`
	Cost            string   `toml:"cost" json:"cost,omitempty" doc:"Estimated cost as written in the source."`
	Duration        string   `toml:"duration" json:"duration,omitempty" doc:"Estimated duration as written in the source."`
	Priority        Priority `toml:"priority" json:"priority,omitempty" doc:"MoSCoW priority from the strategy's annex 6.1, when known."`
	Mutualisations  []string `toml:"mutualisations" json:"mutualisations,omitempty" ref:"mutualisation" doc:"Mutualisation codes the action covers."`
}

// ProgrammeMeta holds the keys of a programme or chantier.
type ProgrammeMeta struct {
	Category Category `toml:"category" json:"category" required:"true" doc:"programme (priority programme) or chantier (complementary chantier)."`
}

// PrincipleMeta holds the keys of a working-group principle.
type PrincipleMeta struct {
	Parent string `toml:"parent" json:"parent,omitempty" ref:"principle" doc:"Id of the principle one level up (GT above LS above P)."`
}

// IOPMeta holds the keys of an interoperability action.
type IOPMeta struct {
	CSI []string `toml:"csi" json:"csi,omitempty" doc:"CSI(s) concerned."`
}

// ServiceMeta holds the keys of a shared service in operation.
type ServiceMeta struct {
	Operator string   `toml:"operator" json:"operator,omitempty" doc:"Who runs the service."`
	Website  string   `toml:"website" json:"website,omitempty" format:"uri" doc:"The service's public address."`
	Realises []string `toml:"realises" json:"realises,omitempty" ref:"mutualisation" doc:"Mutualisation codes the service realises."`
	Figures  []Figure `toml:"figures" json:"figures,omitempty" doc:"Figures published about the service."`
}

// A Figure is a published number about a service.
type Figure struct {
	Label     string  `toml:"label" json:"label" required:"true" doc:"What is measured."`
	Value     float64 `toml:"value" json:"value" required:"true" doc:"The number."`
	Unit      string  `toml:"unit" json:"unit,omitempty" doc:"Unit of the value."`
	Year      int     `toml:"year" json:"year,omitempty" doc:"Year the figure refers to."`
	AsWritten string  `toml:"as_written" json:"as_written,omitempty" text:"multiline" doc:"The source's own wording."`
	Source    string  `toml:"source" json:"source" required:"true" ref:"source" doc:"Id of the source entry that gives the figure."`
	Section   string  `toml:"section" json:"section,omitempty" doc:"Section of the source."`
}

// SourceMeta holds the keys of a source document.
type SourceMeta struct {
	Publisher string `toml:"publisher" json:"publisher,omitempty" doc:"Who published the document."`
	Date      string `toml:"date" json:"date,omitempty" pattern:"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$" doc:"Publication date: YYYY, YYYY-MM or YYYY-MM-DD."`
	File      string `toml:"file" json:"file,omitempty" doc:"File name of the transcribed text."`
	URL       string `toml:"url" json:"source_url,omitempty" format:"uri" doc:"Where the document is published."`
}

// KindMeta returns a new, empty kind-specific struct for k, as a pointer.
func KindMeta(k Kind) any {
	switch k {
	case KindMutualisation:
		return &MutualisationMeta{}
	case KindAction:
		return &ActionMeta{}
	case KindProgramme:
		return &ProgrammeMeta{}
	case KindPrinciple:
		return &PrincipleMeta{}
	case KindIOPAction:
		return &IOPMeta{}
	case KindService:
		return &ServiceMeta{}
	case KindSource:
		return &SourceMeta{}
	}
	return nil
}
