package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// manyDocs returns n documents: the bundled catalogue's over again, under
// other ids, so that their words make more than one group; their bodies
// cut short, for speed.
func manyDocs(t *testing.T, n int) []Document {
	t.Helper()
	bundled := bundledDocs(t)
	docs := make([]Document, n)
	for i := range docs {
		d := bundled[i%len(bundled)]
		d.ID = fmt.Sprintf("%s-%d", d.ID, i/len(bundled))
		d.Body = Lede(d.Body, 200)
		docs[i] = d
	}
	return docs
}

// TestWordsGroups compares the words' dictionary of writeSegment with
// Bleve's builder's for documents of several groups, in batches that
// cross the groups.
func TestWordsGroups(t *testing.T) {
	t.Parallel()
	docs := manyDocs(t, 2*wordsGroup+wordsGroup/2)
	dir := t.TempDir()
	want, got := filepath.Join(dir, "builder"), filepath.Join(dir, "segment")
	if err := writeWordsWithBuilder(context.Background(), docs, want); err != nil {
		t.Fatal(err)
	}
	if err := writeSegment(context.Background(), docs, got, 2, 300, nil); err != nil {
		t.Fatal(err)
	}
	w, g := dumpIndex(t, want), dumpIndex(t, filepath.Join(got, WordsDir))
	if !slices.Equal(g.Order, []string{groupID(0), groupID(1), groupID(2)}) {
		t.Errorf("words' documents %v, want one a group", g.Order)
	}
	compareDumps(t, w, g)
}

// TestUpdateWords edits entries of one group of three and updates the
// index in place: its words' dictionary is then that of a full build of
// the documents edited, without the words the edit removed.
func TestUpdateWords(t *testing.T) {
	t.Parallel()
	docs := manyDocs(t, 2*wordsGroup+10)
	dir := t.TempDir()
	indexDir := filepath.Join(dir, "index")
	first, last := docs[3].ID, docs[wordsGroup+5].ID
	docs[3].Body += " Quixotisme administratif."
	docs[wordsGroup+5].Title = "Zygomorphe " + docs[wordsGroup+5].Title
	if _, err := Build(context.Background(), docs, indexDir, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"quixotisme", "zygomorphe"} {
		if !hasWord(t, indexDir, len(docs), w) {
			t.Fatalf("the index lacks %q before the edit", w)
		}
	}
	edited := slices.Clone(docs)
	edited[3].Body = strings.Replace(edited[3].Body, "Quixotisme", "Ornithorynque", 1)
	edited[wordsGroup+5].Title = strings.TrimPrefix(edited[wordsGroup+5].Title, "Zygomorphe ")
	if _, err := Update(context.Background(), edited, indexDir, []string{first, last}); err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]bool{"quixotisme": false, "zygomorphe": false, "ornithorynque": true, "administratif": true} {
		if got := hasWord(t, indexDir, len(docs), w); got != want {
			t.Errorf("after the update, the words' dictionary has %q: %v, want %v", w, got, want)
		}
	}
	full := filepath.Join(dir, "full")
	if _, err := Build(context.Background(), edited, full, Options{}); err != nil {
		t.Fatal(err)
	}
	compareDumps(t, dumpIndex(t, filepath.Join(full, WordsDir)), dumpIndex(t, filepath.Join(indexDir, WordsDir)))
	if files, _ := filepath.Glob(filepath.Join(indexDir, WordsDir+"*")); len(files) != 1 {
		t.Errorf("the index folder holds %v", files)
	}
}

// hasWord tells whether the words' dictionary of the index in dir, of n
// entries, has a word.
func hasWord(t *testing.T, dir string, n int, w string) bool {
	t.Helper()
	groups, err := readWords(context.Background(), filepath.Join(dir, WordsDir), groupCount(n))
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(groups, func(s wordSet) bool { _, ok := s[w]; return ok })
}

// TestOpenWordsRefuses opens an index whose words' dictionary is missing
// or of other entries: it is refused as broken.
func TestOpenWordsRefuses(t *testing.T) {
	t.Parallel()
	fx := small(t)
	words, err := OpenWords(fx.index, fx.manifest)
	if err != nil {
		t.Fatal(err)
	}
	words.Close()
	m := fx.manifest
	m.Entries += wordsGroup
	if _, err := OpenWords(fx.index, m); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("words' dictionary of other entries: %v", err)
	}
	if err := os.RemoveAll(filepath.Join(fx.index, WordsDir)); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenWords(fx.index, fx.manifest); err == nil || !strings.Contains(err.Error(), "run catalogue build") {
		t.Errorf("no words' dictionary: %v", err)
	}
}

// TestAddWords compares the words an update analyses again (addWords)
// with those a build takes from a document's analysis, for every
// bundled document and the odd ones.
func TestAddWords(t *testing.T) {
	t.Parallel()
	x := testIndexer(t)
	build, update := x.analyser(), x.analyser()
	for i, d := range append(oddDocs(), bundledDocs(t)...) {
		want, got := wordSet{}, wordSet{}
		if _, err := build.document(d, i, want); err != nil {
			t.Fatal(err)
		}
		update.addWords(d, got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: words of the document's analysis (-) and of addWords (+):\n%s", d.ID, diff)
		}
	}
}
