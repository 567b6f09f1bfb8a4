package generator

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// A repoSteps makes commits in a repository at dir, whose site is at
// dir/site when it returns "site", the counter n giving each commit its
// date.
type repoSteps func(t *testing.T, dir string, n *int) (site string)

// step commits files written and files removed as commit *n.
func step(t *testing.T, dir string, n *int, subject string, files map[string]string, remove ...string) {
	t.Helper()
	writeFiles(t, dir, files)
	for _, f := range remove {
		git(t, dir, *n, "rm", "-q", "-r", f)
	}
	commitAll(t, dir, *n, subject)
	*n++
}

// move commits a git mv of each pair from → to, with files written.
func move(t *testing.T, dir string, n *int, subject string, files map[string]string, pairs ...string) {
	t.Helper()
	for i := 0; i < len(pairs); i += 2 {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(pairs[i+1])), 0o755)
		git(t, dir, *n, "mv", pairs[i], pairs[i+1])
	}
	step(t, dir, n, subject, files)
}

const (
	mDir = "content/mutualisations/"
	aDir = "content/actions/"
)

// basics adds, edits the body, edits the front matter, edits a file that
// is not an entry, and removes.
func basics(t *testing.T, dir string, n *int) string {
	step(t, dir, n, "Add M001 and M002", map[string]string{
		mDir + "M001.md":    mutualisation("M001", "Cloud", `"identite"`, "Un besoin."),
		mDir + "M002.md":    mutualisation("M002", "Messagerie", `"identite"`, "Un autre besoin."),
		"content/README.md": "Not an entry.\n",
		"site.toml":         "title = \"x\"\n",
	})
	step(t, dir, n, "Body of M001", map[string]string{mDir + "M001.md": mutualisation("M001", "Cloud", `"identite"`, "Un besoin, précisé.")})
	step(t, dir, n, "Title of M002\n\nand a body", map[string]string{
		mDir + "M002.md":    mutualisation("M002", "Messagerie de l'État", `"identite", "securite"`, "Un autre besoin."),
		"content/README.md": "Still not an entry.\n",
	})
	step(t, dir, n, "Not an entry", map[string]string{"site.toml": "title = \"y\"\n"})
	step(t, dir, n, "Remove M001", nil, mDir+"M001.md")
	return ""
}

// renames renames exactly, with an edit, out of the collections, into
// them, and from one collection to another.
func renames(t *testing.T, dir string, n *int) string {
	files := map[string]string{"site.toml": "title = \"x\"\n"}
	for i := 1; i <= 8; i++ {
		id := fmt.Sprintf("M%03d", i)
		files[mDir+id+".md"] = mutualisation(id, "Besoin "+id, `"identite"`, strings.Repeat("Un besoin de "+id+". ", 20))
	}
	files["drafts/M009.md"] = mutualisation("M009", "Brouillon", `"identite"`, strings.Repeat("Un brouillon. ", 20))
	step(t, dir, n, "Add", files)
	move(t, dir, n, "Exact rename", nil, mDir+"M001.md", mDir+"M010.md")
	move(t, dir, n, "Rename with an edit", map[string]string{
		mDir + "M011.md": mutualisation("M011", "Besoin M002", `"identite"`, strings.Repeat("Un besoin de M002. ", 20)),
	}, mDir+"M002.md", mDir+"M011.md")
	move(t, dir, n, "Out of the collections", nil, mDir+"M003.md", "archive/M003.md")
	move(t, dir, n, "Out of the collections, edited", map[string]string{
		"archive/M004.md": mutualisation("M004", "Besoin M004, archivé", `"identite"`, strings.Repeat("Un besoin de M004. ", 20)),
	}, mDir+"M004.md", "archive/M004.md")
	move(t, dir, n, "Into the collections", nil, "drafts/M009.md", mDir+"M009.md")
	move(t, dir, n, "Across collections", nil, mDir+"M005.md", aDir+"1.1.md")
	move(t, dir, n, "Two at once, one edited, and a removal", map[string]string{
		mDir + "M013.md": mutualisation("M013", "Besoin M007", `"securite"`, strings.Repeat("Un besoin de M007. ", 20)),
	}, mDir+"M006.md", mDir+"M012.md", mDir+"M007.md", mDir+"M013.md")
	step(t, dir, n, "Remove with an unrelated addition", map[string]string{"notes.txt": "Notes.\n"}, mDir+"M008.md")
	return ""
}

// duplicates removes and adds files of the same contents, which git
// pairs in its own way.
func duplicates(t *testing.T, dir string, n *int) string {
	same := mutualisation("M001", "Pareil", `"identite"`, "Le même texte.")
	step(t, dir, n, "Add", map[string]string{mDir + "M001.md": same, mDir + "M002.md": same, "other.md": same})
	move(t, dir, n, "Swap names", nil, mDir+"M001.md", mDir+"M003.md", mDir+"M002.md", mDir+"M004.md")
	step(t, dir, n, "Remove one copy", map[string]string{"copy.md": same}, mDir+"M003.md")
	return ""
}

// merges edits on two branches and merges them, a conflict resolved.
func merges(t *testing.T, dir string, n *int) string {
	step(t, dir, n, "Add", map[string]string{
		mDir + "M001.md": mutualisation("M001", "Cloud", `"identite"`, "Un besoin."),
		mDir + "M002.md": mutualisation("M002", "Messagerie", `"identite"`, "Un besoin."),
	})
	git(t, dir, *n, "checkout", "-q", "-b", "side")
	step(t, dir, n, "Side edit", map[string]string{mDir + "M001.md": mutualisation("M001", "Cloud (côté)", `"identite"`, "Un besoin.")})
	step(t, dir, n, "Side add", map[string]string{mDir + "M003.md": mutualisation("M003", "Nouveau", `"identite"`, "Un besoin.")})
	git(t, dir, *n, "checkout", "-q", "main")
	step(t, dir, n, "Main edit", map[string]string{mDir + "M001.md": mutualisation("M001", "Cloud (principal)", `"identite"`, "Un besoin.")})
	step(t, dir, n, "Main edit of M002", map[string]string{mDir + "M002.md": mutualisation("M002", "Messagerie", `"securite"`, "Un besoin.")})
	cmd := []string{"merge", "-q", "--no-ff", "-m", "Merge side", "side"}
	if err := tryGit(dir, *n, cmd...); err == nil {
		t.Fatal("the merge has no conflict")
	}
	writeFiles(t, dir, map[string]string{mDir + "M001.md": mutualisation("M001", "Cloud (fusion)", `"identite"`, "Un besoin.")})
	git(t, dir, *n, "add", "-A")
	git(t, dir, *n, "commit", "-q", "--no-edit")
	*n++
	step(t, dir, n, "After the merge", map[string]string{mDir + "M003.md": mutualisation("M003", "Nouveau", `"identite"`, "Un besoin, précisé.")})
	return ""
}

// tryGit runs git and returns its error.
func tryGit(dir string, n int, args ...string) error {
	return gitCmd(dir, n, args...).Run()
}

// subfolder keeps the site in site/ of the repository, with changes
// beside it and moves across its edge.
func subfolder(t *testing.T, dir string, n *int) string {
	step(t, dir, n, "Add", map[string]string{
		"site/" + mDir + "M001.md": mutualisation("M001", "Cloud", `"identite"`, strings.Repeat("Un besoin. ", 20)),
		"site/" + mDir + "M002.md": mutualisation("M002", "Messagerie", `"identite"`, strings.Repeat("Un autre. ", 20)),
		mDir + "M900.md":           mutualisation("M900", "Hors du site", `"identite"`, "Dehors."),
		"README.md":                "Outside.\n",
	})
	step(t, dir, n, "Edit inside and outside", map[string]string{
		"site/" + mDir + "M001.md": mutualisation("M001", "Cloud", `"securite"`, strings.Repeat("Un besoin. ", 20)),
		mDir + "M900.md":           mutualisation("M900", "Hors du site", `"securite"`, "Dehors."),
	})
	move(t, dir, n, "Out of the site", nil, "site/"+mDir+"M002.md", mDir+"M002.md")
	move(t, dir, n, "Back in", nil, mDir+"M002.md", "site/"+mDir+"M003.md")
	step(t, dir, n, "Outside only", map[string]string{"README.md": "Still outside.\n"})
	return "site"
}

// bigFolder edits a folder of hundreds of entries, several at a commit,
// with additions and removals: the comparison of large trees by bytes.
func bigFolder(t *testing.T, dir string, n *int) string {
	rng := rand.New(rand.NewPCG(5, 6))
	live := map[string]bool{}
	files := map[string]string{}
	for i := range 200 {
		id := fmt.Sprintf("M%03d", i)
		files[mDir+id+".md"] = mutualisation(id, "Besoin", `"identite"`, "v0")
		live[id] = true
	}
	step(t, dir, n, "Add 200", files)
	for c := range 15 {
		files := map[string]string{}
		var remove []string
		for range 1 + rng.IntN(4) {
			id := fmt.Sprintf("M%03d", rng.IntN(260))
			switch {
			case !live[id]:
				files[mDir+id+".md"] = mutualisation(id, "Nouveau", `"identite"`, "v0")
				live[id] = true
			case rng.IntN(4) == 0 && files[mDir+id+".md"] == "":
				remove = append(remove, mDir+id+".md")
				delete(live, id)
			default:
				files[mDir+id+".md"] = mutualisation(id, "Besoin", `"identite"`, fmt.Sprintf("v%d", c+1))
			}
		}
		step(t, dir, n, fmt.Sprintf("Commit %d", c), files, remove...)
	}
	return ""
}

// lines returns n numbered lines of text, from the first.
func lines(first, n int) string {
	var b strings.Builder
	for i := first; i < first+n; i++ {
		fmt.Fprintf(&b, "Ligne %d d'un besoin assez long pour compter.\n", i)
	}
	return b.String()
}

// similar renames entries with edits, more and less similar, which git
// pairs by their similarity or not: those similarRename reads, and those
// it leaves to git.
func similar(t *testing.T, dir string, n *int) string {
	files := map[string]string{}
	for i := 1; i <= 7; i++ {
		id := fmt.Sprintf("M%03d", i)
		files[mDir+id+".md"] = mutualisation(id, "Besoin", `"identite"`, lines(0, 20))
	}
	files[mDir+"M008.md"] = strings.TrimSuffix(mutualisation("M008", "Sans fin de ligne", `"identite"`, lines(0, 20)), "\n")
	files[mDir+"M009.md"] = strings.ReplaceAll(mutualisation("M009", "CRLF", `"identite"`, lines(0, 20)), "\n", "\r\n")
	files["notes.txt"] = "Notes.\n"
	step(t, dir, n, "Add", files)
	edits := []struct {
		from, to, body string
	}{
		{"M001", "M101", lines(0, 19) + "Une ligne de plus.\n"}, // very similar
		{"M002", "M102", lines(0, 11) + lines(100, 9)},          // just above half
		{"M003", "M103", lines(0, 9) + lines(100, 11)},          // just below half
		{"M004", "M104", lines(10, 10) + lines(0, 10)},          // the same lines, moved
		{"M005", "M105", lines(0, 3)},                           // much shorter
	}
	for _, e := range edits {
		move(t, dir, n, "Rename "+e.from, map[string]string{mDir + e.to + ".md": mutualisation(e.to, "Besoin", `"identite"`, e.body)}, mDir+e.from+".md", mDir+e.to+".md")
	}
	move(t, dir, n, "Rename M008", map[string]string{mDir + "M108.md": strings.TrimSuffix(mutualisation("M108", "Sans fin", `"identite"`, lines(0, 20)), "\n")}, mDir+"M008.md", mDir+"M108.md")
	move(t, dir, n, "Rename M009", map[string]string{mDir + "M109.md": strings.ReplaceAll(mutualisation("M109", "CRLF", `"identite"`, lines(0, 20)), "\n", "\r\n")}, mDir+"M009.md", mDir+"M109.md")
	move(t, dir, n, "Rename M006 and remove a file", map[string]string{mDir + "M106.md": mutualisation("M106", "Besoin 6", `"identite"`, lines(0, 20))}, mDir+"M006.md", mDir+"M106.md")
	git(t, dir, *n, "rm", "-q", "notes.txt")
	move(t, dir, n, "Rename M007 and remove notes", map[string]string{mDir + "M107.md": mutualisation("M107", "Besoin 7", `"identite"`, lines(0, 20))}, mDir+"M007.md", mDir+"M107.md")
	return ""
}

// kinds changes a file into a folder, makes an entry executable, and
// adds a symbolic link named like an entry.
func kinds(t *testing.T, dir string, n *int) string {
	step(t, dir, n, "Add", map[string]string{
		mDir + "M001.md": mutualisation("M001", "Cloud", `"identite"`, "Un besoin."),
		aDir + "1.1":     "a file where a folder will be\n",
	})
	if err := os.Chmod(filepath.Join(dir, mDir+"M001.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	step(t, dir, n, "Executable", nil)
	if err := os.Symlink("M001.md", filepath.Join(dir, mDir+"M002.md")); err != nil {
		t.Fatal(err)
	}
	step(t, dir, n, "Link", nil)
	git(t, dir, *n, "rm", "-q", aDir+"1.1")
	step(t, dir, n, "File to folder", map[string]string{aDir + "1.1/1.1.1.md": "nested\n", aDir + "1.1.md": mutualisation("1.1", "x", `"identite"`, "y")})
	return ""
}

// splits are the ways the tests share commits out: one part, and parts
// of two commits on three goroutines, which start in the middle of every
// kind of history the tests make.
var splits = []walkSplit{{workers: 1, perPart: 1 << 20}, {workers: 3, perPart: 2}}

// sameChanges reads the history of the site at root from the objects and
// from git log, whole and since the first commit, and wants them equal,
// however the commits are shared out.
func sameChanges(t *testing.T, root string) {
	t.Helper()
	ctx := context.Background()
	g, err := locate(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	first := git(t, root, 0, "rev-list", "--max-parents=0", "HEAD")
	for _, old := range []string{"", first} {
		rev := []string{g.head}
		if old != "" {
			rev = append(rev, "^"+old)
		}
		slow, note := readLog(ctx, root, logSplit{parts: 1}, rev...)
		if note != "" {
			t.Fatal(note)
		}
		if len(slow) == 0 {
			t.Fatalf("no change since %q", old)
		}
		for _, sp := range splits {
			fast, err := readObjects(ctx, root, g, old, sp)
			if err != nil {
				t.Fatalf("from the objects (since %q, %+v): %v", old, sp, err)
			}
			if diff := cmp.Diff(newHistory(slow).Changes, newHistory(fast).Changes, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("since %q, %+v (-git log +objects):\n%s", old, sp, diff)
			}
		}
	}
}

// TestReadObjects reads histories from the repository's objects and
// wants what git log gives, change for change, in repositories as they
// come: objects loose, packed by gc or repack, through an alternate, and
// from a worktree.
func TestReadObjects(t *testing.T) {
	t.Parallel()
	cases := map[string]repoSteps{
		"basics":     basics,
		"renames":    renames,
		"duplicates": duplicates,
		"merges":     merges,
		"subfolder":  subfolder,
		"big folder": bigFolder,
		"kinds":      kinds,
		"similar":    similar,
	}
	for name, steps := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			git(t, dir, 0, "init", "-q", "-b", "main")
			// The first commit's changes count whatever the
			// configuration says.
			git(t, dir, 0, "config", "log.showRoot", "false")
			n := 1
			root := filepath.Join(dir, steps(t, dir, &n))
			t.Run("loose", func(t *testing.T) { sameChanges(t, root) })
			git(t, dir, n, "repack", "-adf", "-q", "--depth=3")
			t.Run("repack", func(t *testing.T) { sameChanges(t, root) })
			if name != "basics" && name != "big folder" {
				// The ways of storing and reaching objects below
				// are the reader's, not the diff's: two cases
				// cover them, which keeps go test ./... short.
				return
			}
			git(t, dir, n, "gc", "-q")
			t.Run("gc", func(t *testing.T) { sameChanges(t, root) })
			clone := filepath.Join(t.TempDir(), "clone")
			git(t, dir, n, "clone", "-q", "--shared", dir, clone)
			step(t, clone, &n, "In the clone", map[string]string{mDir + "M099.md": mutualisation("M099", "Clone", `"identite"`, "x")})
			t.Run("alternate", func(t *testing.T) {
				if _, err := os.Stat(filepath.Join(clone, ".git", "objects", "info", "alternates")); err != nil {
					t.Fatal(err)
				}
				sameChanges(t, filepath.Join(clone, strings.TrimPrefix(root, dir)))
			})
			wt := filepath.Join(t.TempDir(), "wt")
			git(t, dir, n, "worktree", "add", "-q", "-b", "wt", wt)
			step(t, wt, &n, "In the worktree", map[string]string{mDir + "M098.md": mutualisation("M098", "Worktree", `"identite"`, "x")})
			t.Run("worktree", func(t *testing.T) { sameChanges(t, filepath.Join(wt, strings.TrimPrefix(root, dir))) })
		})
	}
}

// TestSimilarity wants similarity to say what git says of pairs of files
// whose contents share more or less: each commit of a history replaces a
// file with another of another name, which git log -M shows as a rename
// from the one to the other, with their similarity, or as a removal and
// an addition.
func TestSimilarity(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	line := func() string {
		words := []string{"un", "besoin", "de", "la", "mutualisation", "des", "services", "numériques", "—", "État"}
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(words[rng.IntN(len(words))] + " ")
		}
		return b.String() + "\n"
	}
	var versions []string
	text := []string{}
	for range 20 {
		text = append(text, line())
	}
	for range 300 {
		switch rng.IntN(8) {
		case 0: // new text
			text = text[:0]
			for range 1 + rng.IntN(40) {
				text = append(text, line())
			}
		case 1: // moved lines
			rng.Shuffle(len(text), func(i, j int) { text[i], text[j] = text[j], text[i] })
		default: // some lines edited, added, removed
			for range rng.IntN(len(text) + 1) {
				i := rng.IntN(len(text) + 1)
				switch rng.IntN(3) {
				case 0:
					text = slices.Insert(text, i, line())
				case 1:
					if i < len(text) {
						text = slices.Delete(text, i, i+1)
					}
				default:
					if i < len(text) {
						text[i] = line()
					}
				}
			}
		}
		versions = append(versions, strings.Join(text, ""))
	}
	dir := t.TempDir()
	git(t, dir, 0, "init", "-q", "-b", "main")
	var stream strings.Builder
	for i, v := range versions {
		fmt.Fprintf(&stream, "commit refs/heads/main\ncommitter Test <test@example.fr> %d +0000\ndata 1\n%d\n", 1700000000+i, i%10)
		if i > 0 {
			fmt.Fprintf(&stream, "D %d.md\n", i-1)
		}
		fmt.Fprintf(&stream, "M 100644 inline %d.md\ndata %d\n%s\n", i, len(v), v)
	}
	cmd := gitCmd(dir, 0, "fast-import", "--quiet")
	cmd.Stdin = strings.NewReader(stream.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, out)
	}
	// git's renames, by the file added.
	renames := map[string]string{}
	for _, l := range strings.Split(git(t, dir, 0, "log", "-M", "--raw", "--format=", "--no-abbrev"), "\n") {
		if f := strings.Fields(l); len(f) == 7 && f[4][0] == 'R' {
			renames[f[6]] = f[4]
		}
	}
	renamed := 0
	for i := 1; i < len(versions); i++ {
		score, ok := similarity([]byte(versions[i-1]), []byte(versions[i]))
		if !ok {
			t.Fatalf("version %d: not compared", i)
		}
		got := ""
		if score >= renameScore {
			got = fmt.Sprintf("R%03d", score*100/maxScore)
			renamed++
		}
		if want := renames[fmt.Sprintf("%d.md", i)]; got != want {
			t.Errorf("version %d from %d: %q, git says %q", i, i-1, got, want)
		}
	}
	if renamed < 50 || renamed > len(versions)-50 {
		t.Errorf("%d of %d pairs renamed: too few cases of one kind", renamed, len(versions)-1)
	}
}

// FuzzSimilarity wants similarity to say what git diff-tree -M says of a
// file replaced by another, wherever similarity says git's versions agree.
func FuzzSimilarity(f *testing.F) {
	f.Add([]byte(lines(0, 20)), []byte(lines(0, 11)+lines(100, 9)))
	f.Add([]byte(lines(0, 10)), []byte(lines(5, 10)))
	f.Add([]byte(strings.Repeat("x", 200)+"\n"), []byte(strings.Repeat("x", 130)+"y\n"))
	f.Add([]byte("a\x00b\nc\n"), []byte("a\x00b\nd\n"))
	dir := f.TempDir()
	git(f, dir, 0, "init", "-q")
	f.Fuzz(func(t *testing.T, src, dst []byte) {
		// Mostly files similarity compares, not those it leaves to git.
		src = append(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), '\n')
		dst = append(bytes.ReplaceAll(dst, []byte("\r\n"), []byte("\n")), '\n')
		score, ok := similarity(src, dst)
		if !ok || bytes.Equal(src, dst) {
			return // left to git, or an exact rename
		}
		files := filepath.Join(t.TempDir(), "f")
		writeFiles(t, files, map[string]string{"src": string(src), "dst": string(dst)})
		ids := strings.Fields(git(t, dir, 0, "hash-object", "-w", filepath.Join(files, "src"), filepath.Join(files, "dst")))
		cmd := gitCmd(dir, 0, "mktree", "--batch")
		cmd.Stdin = strings.NewReader("100644 blob " + ids[0] + "\tsrc.md\n\n100644 blob " + ids[1] + "\tdst.md\n")
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		trees := strings.Fields(string(out))
		want := ""
		if f := strings.Fields(git(t, dir, 0, "diff-tree", "-M", "--raw", trees[0], trees[1])); len(f) == 7 {
			want = f[4]
		}
		got := ""
		if score >= renameScore {
			got = fmt.Sprintf("R%03d", score*100/maxScore)
		}
		if got != want {
			t.Errorf("%q → %q: %q, git says %q", src, dst, got, want)
		}
	})
}

// TestSimilarityLeftToGit wants similarity to leave to git what git's
// versions count differently.
func TestSimilarityLeftToGit(t *testing.T) {
	for _, c := range [][2]string{
		{"a\nb\n", "a\nb"},
		{"a\r\nb\r\n", "a\nb\n"},
		{"a\nb\n", "a\r\nb\r\n"},
	} {
		if _, ok := similarity([]byte(c[0]), []byte(c[1])); ok {
			t.Errorf("%q → %q: compared", c[0], c[1])
		}
	}
	if score, ok := similarity(nil, nil); !ok || score != 0 {
		t.Errorf("empty files: %d, %v", score, ok)
	}
}

// TestReadObjectsFallsBack reads with git log what the objects cannot
// tell for sure, and gives the same history.
func TestReadObjectsFallsBack(t *testing.T) {
	t.Parallel()
	cases := map[string]func(t *testing.T, dir string, n int){
		"a damaged pack": func(t *testing.T, dir string, n int) {
			git(t, dir, n, "gc", "-q")
			bad := filepath.Join(dir, ".git", "objects", "pack", "pack-"+strings.Repeat("0", 40))
			writeFiles(t, "/", map[string]string{bad + ".idx": "\xfftOc\x00\x00\x00\x02 not an index", bad + ".pack": "PACK damaged"})
		},
		"a replaced commit": func(t *testing.T, dir string, n int) {
			git(t, dir, n, "replace", "HEAD~1", "HEAD~2")
		},
		"grafts": func(t *testing.T, dir string, n int) {
			head := git(t, dir, n, "rev-parse", "HEAD")
			writeFiles(t, dir, map[string]string{".git/info/grafts": head + "\n"})
		},
		"a missing object": func(t *testing.T, dir string, n int) {
			blob := git(t, dir, n, "rev-parse", "HEAD~1:"+mDir+"M002.md")
			os.Remove(filepath.Join(dir, ".git", "objects", blob[:2], blob[2:]))
		},
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			git(t, dir, 0, "init", "-q", "-b", "main")
			n := 1
			basics(t, dir, &n)
			spoil(t, dir, n)
			ctx := context.Background()
			g, err := locate(ctx, dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := readObjects(ctx, dir, g, "", splits[1]); err == nil {
				t.Fatal("read from the objects")
			}
			want, note := readLog(ctx, dir, logSplit{parts: 1}, "HEAD")
			got := ReadHistory(ctx, dir)
			if note != "" || got.Note != note {
				t.Fatalf("notes %q, %q", note, got.Note)
			}
			if diff := cmp.Diff(newHistory(want).Changes, got.Changes, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-git log +ReadHistory):\n%s", diff)
			}
			cached := CachedHistory(ctx, dir, filepath.Join(t.TempDir(), "history.json"))
			if diff := cmp.Diff(got.Changes, cached.Changes, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-ReadHistory +CachedHistory):\n%s", diff)
			}
		})
	}
}

// TestReadObjectsSHA256 leaves a repository of SHA-256 names to git log.
func TestReadObjectsSHA256(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := tryGit(dir, 0, "init", "-q", "-b", "main", "--object-format=sha256"); err != nil {
		t.Skip("git without SHA-256")
	}
	n := 1
	basics(t, dir, &n)
	ctx := context.Background()
	g, err := locate(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readObjects(ctx, dir, g, "", splits[1]); err == nil || !strings.Contains(err.Error(), "sha256") {
		t.Fatalf("read from the objects: %v", err)
	}
	if h := ReadHistory(ctx, dir); h.Note != "" || len(h.Changes) != 5 {
		t.Errorf("note %q, %d changes, want 5", h.Note, len(h.Changes))
	}
}
