package generator

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"catalogue/generator/content"
)

// gitDate is the date of the n-th commit a test makes, one day apart.
func gitDate(n int) time.Time { return time.Date(2026, 1, 1+n, 12, 0, 0, 0, time.UTC) }

// git runs git in dir with a fixed identity and the date of commit n, so
// that the same steps make the same commits; it returns the output.
func git(t testing.TB, dir string, n int, args ...string) string {
	t.Helper()
	out, err := gitCmd(dir, n, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// gitCmd is the command git runs.
func gitCmd(dir string, n int, args ...string) *exec.Cmd {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	d := gitDate(n).Format(time.RFC3339)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.fr",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.fr",
		"GIT_AUTHOR_DATE="+d, "GIT_COMMITTER_DATE="+d,
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	return cmd
}

// commitAll commits every change under dir as commit n.
func commitAll(t testing.TB, dir string, n int, subject string) string {
	t.Helper()
	git(t, dir, n, "add", "-A")
	git(t, dir, n, "commit", "-q", "--no-verify", "-m", subject)
	return git(t, dir, n, "rev-parse", "HEAD")
}

func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mutualisation(id, title, themes, body string) string {
	return fmt.Sprintf("+++\nid = %q\ntitle = %q\nthemes = [%s]\n[[sources]]\ndocument = \"csic-2018\"\n+++\n%s\n", id, title, themes, body)
}

// TestReadHistory reads a history of additions, edits, a rename and a
// removal, in one pass, with the fields each edit changed.
func TestReadHistory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	git(t, dir, 0, "init", "-q", "-b", "main")
	writeFiles(t, dir, map[string]string{
		"content/mutualisations/M001.md": mutualisation("M001", "Cloud", `"identite"`, "Un besoin."),
		"content/mutualisations/M002.md": mutualisation("M002", "Messagerie", `"identite"`, "Un autre besoin."),
		"content/README.md":              "Not an entry.\n",
	})
	c1 := commitAll(t, dir, 1, "Add M001 and M002")
	writeFiles(t, dir, map[string]string{
		"content/mutualisations/M001.md": mutualisation("M001", "Cloud de l'État", `"identite", "securite"`, "Un besoin."),
		"content/README.md":              "Still not an entry.\n",
	})
	c2 := commitAll(t, dir, 2, "Retitle M001")
	writeFiles(t, dir, map[string]string{
		"content/mutualisations/M001.md": mutualisation("M001", "Cloud de l'État", `"identite", "securite"`, "Un besoin, précisé."),
	})
	c3 := commitAll(t, dir, 3, "Precise M001's need")
	git(t, dir, 4, "mv", "content/mutualisations/M002.md", "content/mutualisations/M003.md")
	writeFiles(t, dir, map[string]string{
		"content/mutualisations/M003.md": mutualisation("M003", "Messagerie", `"identite"`, "Un autre besoin."),
	})
	c4 := commitAll(t, dir, 4, "Renumber M002 as M003")
	git(t, dir, 5, "rm", "-q", "content/mutualisations/M001.md")
	c5 := commitAll(t, dir, 5, "Remove M001")

	h := ReadHistory(context.Background(), dir)
	if h.Note != "" {
		t.Fatalf("note %q", h.Note)
	}
	m := content.KindMutualisation
	want := []content.Change{
		{Date: gitDate(5), Commit: c5, Subject: "Remove M001", Type: content.Removed, Kind: m, ID: "M001", File: "content/mutualisations/M001.md"},
		{Date: gitDate(4), Commit: c4, Subject: "Renumber M002 as M003", Type: content.Renamed, Kind: m, ID: "M003", OldID: "M002",
			File: "content/mutualisations/M003.md", OldFile: "content/mutualisations/M002.md", Fields: []string{"id"}},
		{Date: gitDate(3), Commit: c3, Subject: "Precise M001's need", Type: content.Changed, Kind: m, ID: "M001", File: "content/mutualisations/M001.md", Fields: []string{"body"}},
		{Date: gitDate(2), Commit: c2, Subject: "Retitle M001", Type: content.Changed, Kind: m, ID: "M001", File: "content/mutualisations/M001.md", Fields: []string{"title", "themes"}},
		{Date: gitDate(1), Commit: c1, Subject: "Add M001 and M002", Type: content.Added, Kind: m, ID: "M001", File: "content/mutualisations/M001.md"},
		{Date: gitDate(1), Commit: c1, Subject: "Add M001 and M002", Type: content.Added, Kind: m, ID: "M002", File: "content/mutualisations/M002.md"},
	}
	if diff := cmp.Diff(want, h.Changes, cmpopts.EquateEmpty(), cmpopts.IgnoreUnexported(content.History{})); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	// M003's history follows it back to when it was M002.
	var got []string
	for _, c := range h.Of("content/mutualisations/M003.md") {
		got = append(got, c.Subject)
	}
	if diff := cmp.Diff([]string{"Renumber M002 as M003", "Add M001 and M002"}, got); diff != "" {
		t.Errorf("M003's history (-want +got):\n%s", diff)
	}
	if got := h.Of("content/mutualisations/M001.md"); len(got) != 0 {
		t.Errorf("the removed M001 has a history as an entry of today: %v", got)
	}
	dates := h.Dates()
	if diff := cmp.Diff(map[string]time.Time{"content/mutualisations/M003.md": gitDate(4)}, dates); diff != "" {
		t.Errorf("dates (-want +got):\n%s", diff)
	}
}

// TestReadHistoryOutsideGit says why there is no history, once.
func TestReadHistoryOutsideGit(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"content/mutualisations/M001.md": mutualisation("M001", "Cloud", `"identite"`, "x")})
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	h := ReadHistory(context.Background(), dir)
	if h.Note != "not a git repository" || len(h.Changes) != 0 {
		t.Errorf("history outside git: note %q, %d changes", h.Note, len(h.Changes))
	}
}

// TestCachedHistory reads the history again after new commits and after a
// rewrite of the last one: the cache gives what a full read gives.
func TestCachedHistory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cache := filepath.Join(t.TempDir(), "history.json")
	git(t, dir, 0, "init", "-q", "-b", "main")
	writeFiles(t, dir, map[string]string{"content/mutualisations/M001.md": mutualisation("M001", "Cloud", `"identite"`, "Un besoin.")})
	commitAll(t, dir, 1, "Add M001")
	check := func(step string) {
		t.Helper()
		got, want := CachedHistory(context.Background(), dir, cache), ReadHistory(context.Background(), dir)
		if diff := cmp.Diff(want.Changes, got.Changes, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: cached history differs from a full read (-full +cached):\n%s", step, diff)
		}
		if len(got.Changes) == 0 {
			t.Errorf("%s: no change", step)
		}
	}
	check("first read")
	writeFiles(t, dir, map[string]string{"content/mutualisations/M002.md": mutualisation("M002", "Messagerie", `"identite"`, "Un besoin.")})
	commitAll(t, dir, 2, "Add M002")
	writeFiles(t, dir, map[string]string{"content/mutualisations/M001.md": mutualisation("M001", "Cloud de l'État", `"identite"`, "Un besoin.")})
	commitAll(t, dir, 3, "Retitle M001")
	check("two commits later")
	if got := len(CachedHistory(context.Background(), dir, cache).Changes); got != 3 {
		t.Errorf("at an unchanged HEAD: %d changes, want 3", got)
	}
	if data, err := os.ReadFile(cache); err != nil || !strings.Contains(string(data), `"Head":"`+git(t, dir, 0, "rev-parse", "HEAD")+`"`) {
		t.Errorf("the cache does not record HEAD: %v", err)
	}
	writeFiles(t, dir, map[string]string{"content/mutualisations/M001.md": mutualisation("M001", "Cloud", `"securite"`, "Un besoin.")})
	git(t, dir, 4, "add", "-A")
	git(t, dir, 4, "commit", "-q", "--amend", "-m", "Retheme M001")
	check("after a rewrite")
	if h := CachedHistory(context.Background(), dir, cache); h.Changes[0].Subject != "Retheme M001" || !slices.Equal(h.Changes[0].Fields, []string{"themes"}) {
		t.Errorf("after a rewrite, the latest change is %+v", h.Changes[0])
	}
}

// TestShallowClone says the history of a shallow clone is cut, rather than
// show every entry as added by its one commit.
func TestShallowClone(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	git(t, src, 0, "init", "-q", "-b", "main")
	writeFiles(t, src, map[string]string{"content/mutualisations/M001.md": mutualisation("M001", "Cloud", `"identite"`, "x")})
	commitAll(t, src, 1, "Add M001")
	writeFiles(t, src, map[string]string{"content/mutualisations/M001.md": mutualisation("M001", "Cloud", `"identite"`, "y")})
	commitAll(t, src, 2, "Edit M001")
	dir := filepath.Join(t.TempDir(), "clone")
	git(t, src, 3, "clone", "-q", "--depth", "1", "file://"+src, dir)
	h := CachedHistory(context.Background(), dir, filepath.Join(t.TempDir(), "history.json"))
	if !strings.Contains(h.Note, "shallow clone") || len(h.Changes) != 0 {
		t.Errorf("shallow clone: note %q, %d changes", h.Note, len(h.Changes))
	}
}

// TestReadLogInParts reads a history with a merged branch, renames, edits
// and removals in one part and cut in parts read at once: the history is
// the same, change for change, in the same order.
func TestReadLogInParts(t *testing.T) {
	dir := t.TempDir()
	git(t, dir, 0, "init", "-q", "-b", "main")
	n := 1
	commit := func(subject string, files map[string]string, remove ...string) {
		t.Helper()
		writeFiles(t, dir, files)
		for _, f := range remove {
			git(t, dir, n, "rm", "-q", f)
		}
		commitAll(t, dir, n, subject)
		n++
	}
	for i := range 6 {
		commit(fmt.Sprintf("Add M%03d", i+1), map[string]string{
			fmt.Sprintf("content/mutualisations/M%03d.md", i+1): mutualisation(fmt.Sprintf("M%03d", i+1), "Besoin", `"identite"`, "Un besoin."),
		})
	}
	git(t, dir, n, "checkout", "-q", "-b", "side")
	for i := range 4 {
		commit(fmt.Sprintf("Side edit %d", i), map[string]string{
			"content/mutualisations/M002.md": mutualisation("M002", fmt.Sprintf("Besoin %d", i), `"identite"`, "Un besoin."),
		})
	}
	git(t, dir, n, "checkout", "-q", "main")
	for i := range 5 {
		commit(fmt.Sprintf("Main edit %d", i), map[string]string{
			"content/mutualisations/M001.md": mutualisation("M001", "Besoin", `"identite"`, fmt.Sprintf("Un besoin, version %d.", i)),
		})
	}
	git(t, dir, n, "merge", "-q", "--no-ff", "-m", "Merge side", "side")
	n++
	git(t, dir, n, "mv", "content/mutualisations/M003.md", "content/mutualisations/M007.md")
	commit("Renumber M003", map[string]string{"content/mutualisations/M007.md": mutualisation("M007", "Besoin", `"identite"`, "Un besoin.")})
	commit("Remove M004", nil, "content/mutualisations/M004.md")
	for i := range 6 {
		commit(fmt.Sprintf("Retheme %d", i), map[string]string{
			"content/mutualisations/M005.md": mutualisation("M005", "Besoin", []string{`"securite"`, `"identite"`}[i%2], "Un besoin."),
		})
	}

	ctx := context.Background()
	whole, note := readLog(ctx, dir, logSplit{parts: 1}, "HEAD")
	if note != "" {
		t.Fatal(note)
	}
	sp := logSplit{parts: 4, perPart: 2}
	if cuts := cutPoints(ctx, dir, []string{"HEAD"}, sp); len(cuts) != 3 {
		t.Fatalf("%d cut points, want 3", len(cuts))
	}
	inParts, note := readLog(ctx, dir, sp, "HEAD")
	if note != "" {
		t.Fatal(note)
	}
	want, got := newHistory(whole), newHistory(inParts)
	if len(want.Changes) != 6+4+5+2+6 {
		t.Errorf("%d changes in one part, want %d", len(want.Changes), 6+4+5+2+6)
	}
	if diff := cmp.Diff(want.Changes, got.Changes); diff != "" {
		t.Errorf("in parts (-one part +parts):\n%s", diff)
	}
	// And a range, as the cache reads the commits since its HEAD.
	old := git(t, dir, n, "rev-parse", "HEAD~8")
	whole, _ = readLog(ctx, dir, logSplit{parts: 1}, "HEAD", "^"+old)
	inParts, _ = readLog(ctx, dir, logSplit{parts: 3, perPart: 2}, "HEAD", "^"+old)
	if len(whole) == 0 {
		t.Fatal("no change since HEAD~8")
	}
	if diff := cmp.Diff(newHistory(whole).Changes, newHistory(inParts).Changes); diff != "" {
		t.Errorf("range in parts (-one part +parts):\n%s", diff)
	}
	// Cancelled, it says so rather than give the parts it read.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if changes, note := readLog(cancelled, dir, sp, "HEAD"); note == "" {
		t.Errorf("cancelled: no note, %d changes", len(changes))
	}
}

// fileDates walks root's content/ and returns the modification time of
// every entry file, in UTC: how builds outside git dated entries before
// the dates came from the record of the content, and what they must
// still be.
func fileDates(t testing.TB, root string) map[string]time.Time {
	t.Helper()
	dates := map[string]time.Time{}
	err := filepath.WalkDir(filepath.Join(root, content.ContentDir), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if _, _, ok := content.EntryFile(rel); !ok {
			return nil
		}
		info, err := d.Info()
		if err == nil {
			dates[rel] = info.ModTime().UTC()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dates
}

// TestEntryDates dates entries outside git by their files, as a walk of
// content/ would, each file at its own time (to the nanosecond, set in
// another zone); in git, by their last commit whatever their files' times.
// The files that are not entries, and hidden ones, which the loader
// skips, are the test's traps.
func TestEntryDates(t *testing.T) {
	paris := time.FixedZone("Paris", 3600)
	setTimes := func(t *testing.T, root string) {
		t.Helper()
		i := 0
		err := filepath.WalkDir(filepath.Join(root, content.ContentDir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			i++
			at := time.Date(2025, 6, i, 10, i, 0, i*1001, paris)
			return os.Chtimes(p, at, at)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	extra := map[string]string{
		"content/mutualisations/README.md": "Les mutualisations.\n",
		"content/mutualisations/.M009.md":  mutualisation("M009", "Caché", `"identite"`, "x"),
		"content/.drafts/M010.md":          mutualisation("M010", "Brouillon", `"identite"`, "x"),
	}
	// The test site's entries set their dates: here they must not.
	undated := func(t *testing.T) string {
		t.Helper()
		root := testSite(t)
		err := filepath.WalkDir(filepath.Join(root, content.ContentDir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(p, []byte(strings.ReplaceAll(string(data), "updated = 2026-01-02\n", "")), 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
		writeFiles(t, root, extra)
		return root
	}
	check := func(t *testing.T, root string, res *Result, want map[string]time.Time) {
		t.Helper()
		n := 0
		for _, e := range res.Catalogue.Entries {
			if !e.Updated.IsZero() {
				continue
			}
			n++
			if w := want[e.File]; !e.Modified.Equal(w) || e.Modified.Location() != time.UTC {
				t.Errorf("%s: modified %v, want %v", e.File, e.Modified, w)
			}
		}
		if n < 9 {
			t.Errorf("only %d entries dated by their file or commit", n)
		}
	}

	t.Run("outside git", func(t *testing.T) {
		root := undated(t)
		t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(root))
		setTimes(t, root)
		b := NewBuilder(Options{Root: root})
		res, err := b.Build(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := fileDates(t, root)
		check(t, root, res, want)
		// The builder keeps every date the walk finds but the hidden
		// files', which no build reads.
		delete(want, "content/mutualisations/.M009.md")
		if diff := cmp.Diff(want, b.dates); diff != "" {
			t.Errorf("dates (-walk +build):\n%s", diff)
		}
	})

	t.Run("in git", func(t *testing.T) {
		root := undated(t)
		git(t, root, 0, "init", "-q", "-b", "main")
		commitAll(t, root, 1, "Import the catalogue")
		writeFiles(t, root, map[string]string{"content/mutualisations/M002.md": strings.Replace(readSite(t, root, "content/mutualisations/M002.md"), "title = ", "summary = \"Relue.\"\ntitle = ", 1)})
		commitAll(t, root, 2, "Sum up M002")
		setTimes(t, root)
		res := build(t, root)
		want := map[string]time.Time{}
		for _, e := range res.Catalogue.Entries {
			want[e.File] = gitDate(1)
		}
		want["content/mutualisations/M002.md"] = gitDate(2)
		check(t, root, res, want)
	})
}

// readSite returns the file at name (with slashes) under root.
func readSite(t testing.TB, root, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
