package content

import (
	"context"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBundledCatalogue pins the transcription of the sources: the counts
// per kind and a sample of facts checked by hand against the seed texts, so
// that a later edit cannot silently lose or change them.
func TestBundledCatalogue(t *testing.T) {
	t.Parallel()
	cat, diags := Load(context.Background(), os.DirFS("../.."), Options{})
	for _, d := range diags {
		t.Errorf("bundled catalogue: %s", d.Error())
	}
	counts := map[Kind]int{}
	for _, e := range cat.Entries {
		counts[e.Kind]++
	}
	want := map[Kind]int{
		KindMutualisation: 132,
		KindAction:        51,
		KindProgramme:     10,
		KindPrinciple:     135,
		KindIOPAction:     5,
		KindService:       9,
		KindSource:        5,
	}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("entries per kind (-want +got):\n%s", diff)
	}

	for _, e := range cat.Entries {
		if (e.Kind == KindMutualisation || e.Kind == KindAction) && len(e.Themes) == 0 {
			t.Errorf("%s has no theme", e.ID)
		}
	}

	entry := func(id string) *Entry {
		t.Helper()
		e := cat.Entry(id)
		if e == nil {
			t.Fatalf("no entry %s", id)
		}
		return e
	}
	ids := func(es []*Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	for id, title := range map[string]string{
		"M001": "Cloud interministériel",
		"M010": "Signature / vérif Sign.",
		"M075": "Messagerie instantanée de l'État (mobile et poste de travail)",
		"M046": "Crowdfunding/crowdsourcing", // cut by the extraction, repaired
		"M115": "Envoi de SMS",               // merged with M114 by the extraction, split
		"2.1":  "FranceConnect-Plateforme",
	} {
		if got := entry(id).Title; got != title {
			t.Errorf("%s title = %q, want %q", id, got, title)
		}
	}
	// Action 2.1.1's subjects read "M002, M003, M004, M005, M022, 051": the
	// bare 051 is M051.
	a := entry("2.1.1")
	if diff := cmp.Diff([]string{"M002", "M003", "M004", "M005", "M022", "M051"}, a.Action.Mutualisations); diff != "" {
		t.Errorf("2.1.1 mutualisations: %s", diff)
	}
	if a.Action.Portage != "DINSIC" || a.Action.Programme != "2.1" || a.Action.Priority != "must" {
		t.Errorf("2.1.1: portage %q, programme %q, priority %q", a.Action.Portage, a.Action.Programme, a.Action.Priority)
	}
	if got := entry("2.1.2").Action.Portage; got != "Ministères avec pilotage DINSIC" {
		t.Errorf("2.1.2 portage = %q", got)
	}
	if diff := cmp.Diff([]string{"2.1.1", "2.4.8"}, ids(entry("M002").BacklinksOf(RelMutualisations))); diff != "" {
		t.Errorf("actions covering M002: %s", diff)
	}
	// "A fusionner avec M102 ?" in M114's need is a relation.
	if diff := cmp.Diff([]string{"M102"}, ids(entry("M114").LinksOf(RelMentions))); diff != "" {
		t.Errorf("M114 mentions: %s", diff)
	}
	fc := entry("franceconnect").Service
	found := false
	for _, f := range fc.Figures {
		if f.Value == 40e6 && f.Unit == "users" && f.Source == "dinum-feuille-de-route-2023" {
			found = true
		}
	}
	if !found {
		t.Errorf("FranceConnect lacks its 40 million users figure: %+v", fc.Figures)
	}
	if diff := cmp.Diff([]string{"M005"}, fc.Realises); diff != "" {
		t.Errorf("FranceConnect realises: %s", diff)
	}
	if got := entry("P1.1.1").Principle.Parent; got != "LS1.1" {
		t.Errorf("P1.1.1 parent = %q", got)
	}
	if got := len(entry("GT1").BacklinksOf(RelParent)); got != 3 {
		t.Errorf("GT1 has %d strategic lines, want 3", got)
	}
	if e := entry("e-invoice-processing"); e.Lang != "en" || e.IOP.CSI[0] != "Government CSI" {
		t.Errorf("e-invoice-processing: lang %q, csi %v", e.Lang, e.IOP.CSI)
	}
}
