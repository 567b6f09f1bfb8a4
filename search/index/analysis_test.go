package index

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFrenchAnalysis checks the French analyzer word by word: accents
// folded (all of them, capitals too), elision with straight and curly
// apostrophes, stop words (folded, so that "ete" is one as "été" is),
// and the light stemmer joining singular and plural, masculine and
// feminine.
func TestFrenchAnalysis(t *testing.T) {
	t.Parallel()
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		word, want string
	}{
		// accents, in every form, meet on one term
		{"ministère", "minister"},
		{"ministere", "minister"},
		{"Ministères", "minister"},
		{"MINISTÈRE", "minister"},
		{"sécurité", "securit"},
		{"securite", "securit"},
		{"Élève", "elev"},
		{"élèves", "elev"},
		{"Noël", "noel"},
		{"naïf", "naif"},
		{"façade", "facad"},
		{"Ça", "ca"},
		{"ÇA", "ca"},
		{"über", "uber"},
		{"señor", "seno"},
		{"œuvre", "oeuvr"},
		{"cœur", "coeu"},
		{"Æsop", "aesop"},
		// elision, straight or curly
		{"l'État", "etat"},
		{"l’État", "etat"},
		{"d'identité", "identit"},
		{"d'accès", "acce"},
		{"aujourd'hui", "aujourd'hui"}, // not an article
		// stop words, elided or accented
		{"été", ""},
		{"ete", ""},
		{"à", ""},
		{"même", ""},
		{"qu'il", ""},
		{"jusqu'au", ""},
		{"c'est", ""},
		{"maïs", ""}, // folds onto the stop word "mais": the price of folding
		// the light stemmer
		{"hébergement", "heberg"},
		{"hébergements", "heberg"},
		{"signature", "signatur"},
		{"signatures", "signatur"},
		{"messagerie", "mesag"},
		{"messageries", "mesag"},
		{"numérique", "num"},
		{"numériques", "num"},
		{"interministériel", "interministeriel"},
		{"interministérielle", "interministeriel"},
		{"interministériels", "interministeriel"},
		{"développement", "develop"},
		{"développer", "develop"},
		{"données", "done"},
		{"donnée", "done"},
		{"référentiels", "referentiel"},
		{"nationaux", "national"},
		{"chevaux", "cheval"},
		{"opérateur", "oper"},
		{"opératrice", "oper"},
		{"organisations", "organ"},
		{"collectivités", "colectivit"},
		// codes stay whole
		{"2.1.1", "2.1.1"},
		{"M075", "m075"},
		{"P1.1.1", "p1.1.1"},
	} {
		got := first(Analyze(im, AnalyzerFR, tc.word))
		if got != tc.want {
			t.Errorf("French %q = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestEnglishAnalysis(t *testing.T) {
	t.Parallel()
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		word, want string
	}{
		{"invoices", "invoic"},
		{"invoicing", "invoic"},
		{"servants", "servant"},
		{"State's", "state"},
		{"State’s", "state"},
		{"connections", "connect"},
		{"the", ""},
		{"and", ""},
		{"FranceConnect", "franceconnect"},
	} {
		if got := first(Analyze(im, AnalyzerEN, tc.word)); got != tc.want {
			t.Errorf("English %q = %q, want %q", tc.word, got, tc.want)
		}
	}
}

// TestFold checks every accented letter of French and its capital.
func TestFold(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"àâäçéèêëîïôöùûüÿ", "aaaceeeeiioouuuy"},
		{"ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ", "AAACEEEEIIOOUUUY"},
		{"œæŒÆ", "oeaeŒÆ"},         // capitals are lowercased before folding
		{"e\u0301te\u0301", "ete"}, // decomposed accents
		{"ñøłđß", "noldss"},
		{"αβγ Ωмир 漢字", "αβγ Ωмир 漢字"}, // other scripts are kept
		{"l'État 2.1.1", "l'Etat 2.1.1"},
	} {
		if got := fold(tc.in); got != tc.want {
			t.Errorf("fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestHighlightOffsets checks that folding, a token filter, leaves the
// offsets of a term on the original characters, so that a highlight
// covers "Ministères", not half of a character.
func TestHighlightOffsets(t *testing.T) {
	t.Parallel()
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	text := "Les Ministères et l’État"
	var got []string
	for _, tk := range Analyze(im, AnalyzerFR, text) {
		got = append(got, tk.Term+"="+text[tk.Start:tk.End])
	}
	want := []string{"minister=Ministères", "etat=l’État"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("terms=source (-want +got):\n%s", diff)
	}
}

// TestStopLists checks the lists the static client receives: the French
// one folded, each word once.
func TestStopLists(t *testing.T) {
	t.Parallel()
	fr := StopWordsFR()
	for _, w := range []string{"ete", "a", "meme", "etaient", "de", "la"} {
		if !slices.Contains(fr, w) {
			t.Errorf("French stop list lacks %q", w)
		}
	}
	for _, w := range fr {
		if fold(w) != w {
			t.Errorf("French stop word %q is not folded", w)
		}
	}
	if !slices.Contains(StopWordsEN(), "the") || !slices.Contains(ArticlesFR(), "qu") {
		t.Error("English stop list or French articles incomplete")
	}
}

// TestLowerTerm checks the fast paths of the lowercase filter against the
// rune by rune rule, and that a term already lowercase is not copied.
func TestLowerTerm(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "messagerie", "Messagerie", "RIE", "m075", "M075", "ÉTAT", "İstanbul",
		"ΟΔΟΣ", "straße", "x\xffY", "A-B_c"} {
		term := []byte(s)
		got := lowerTerm(term)
		if want := lower(s); string(got) != want {
			t.Errorf("lowerTerm(%q) = %q, want %q", s, got, want)
		}
		if len(term) > 0 && string(got) != s && &got[0] == &term[0] {
			t.Errorf("lowerTerm(%q) changed the term's own bytes", s)
		}
		if s == "messagerie" && &got[0] != &term[0] {
			t.Errorf("lowerTerm(%q) copied a term already lowercase", s)
		}
	}
}

func first(ts []Token) string {
	if len(ts) == 0 {
		return ""
	}
	return ts[0].Term
}
