package diff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteJSON writes the diff as one indented JSON object; every list is
// present, [] when empty. Its keys and codes are for scripts: the same in
// every language, with the problems' messages in lang.
func (d *Diff) WriteJSON(w io.Writer, lang string) error {
	if lang == "fr" {
		c := *d
		c.Introduced, c.Fixed = inFrench(d.Introduced), inFrench(d.Fixed)
		d = &c
	}
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// WriteText writes the diff for a terminal, one change a line, in lang
// ("fr" or "en").
func (d *Diff) WriteText(w io.Writer, lang string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "catalogue diff %s → %s\n", d.From, d.To)
	if d.Empty() {
		b.WriteString(say(lang, "No change for readers.") + "\n")
	}
	section := func(format string, n int) {
		if n > 0 {
			fmt.Fprintf(&b, "\n%s\n", say(lang, format, n))
		}
	}
	section("Added (%d):", len(d.Added))
	for _, e := range d.Added {
		fmt.Fprintf(&b, "  + %s\n", name(e))
	}
	section("Removed (%d):", len(d.Removed))
	for _, r := range d.Removed {
		fmt.Fprintf(&b, "  - %s%s\n", name(r.Entry), because(r.Reason))
	}
	section("Renamed (%d):", len(d.Renamed))
	for _, r := range d.Renamed {
		fmt.Fprintf(&b, "  %s %s → %s %q%s\n", r.From.Kind, r.From.ID, r.To.ID, r.To.Title, because(r.Reason))
	}
	section("Changed (%d):", len(d.Changed))
	for _, c := range d.Changed {
		fmt.Fprintf(&b, "  %s\n", name(c.Entry))
		for _, f := range c.Fields {
			fmt.Fprintf(&b, "    %s\n", fieldLine(f, `"`, lang))
		}
		for _, r := range c.Gained {
			fmt.Fprintf(&b, "    + %s\n", relationLine(r, lang))
		}
		for _, r := range c.Lost {
			fmt.Fprintf(&b, "    - %s\n", relationLine(r, lang))
		}
	}
	section("Problems introduced (%d):", len(d.Introduced))
	for _, p := range d.Introduced {
		fmt.Fprintf(&b, "  %s\n", problemLine(p, lang))
	}
	section("Problems fixed (%d):", len(d.Fixed))
	for _, p := range d.Fixed {
		fmt.Fprintf(&b, "  %s\n", problemLine(p, lang))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// longSection is the number of lines past which a Markdown section is
// folded in a <details> element, so a long diff stays readable as a
// merge-request comment.
const longSection = 10

// WriteMarkdown writes the diff as GitLab- and GitHub-flavoured Markdown,
// ready to post as a merge-request comment or a job summary, in lang.
func (d *Diff) WriteMarkdown(w io.Writer, lang string) error {
	var b strings.Builder
	b.WriteString("### " + say(lang, "What this change does to the catalogue") + "\n\n")
	if d.Empty() {
		b.WriteString(say(lang, "From %s to %s: no change for readers.", code(d.From), code(d.To)) + "\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString(say(lang, "From %s to %s: %d added, %d removed, %d renamed, %d changed; %d problems introduced, %d fixed.",
		code(d.From), code(d.To), len(d.Added), len(d.Removed), len(d.Renamed), len(d.Changed), len(d.Introduced), len(d.Fixed)) + "\n")
	heading := func(format string, n, lines int) {
		if lines > longSection {
			fmt.Fprintf(&b, "\n<details><summary>%s</summary>\n\n", say(lang, format, n))
		} else {
			fmt.Fprintf(&b, "\n#### %s\n\n", say(lang, format, n))
		}
	}
	section := func(format string, lines []string) {
		if len(lines) == 0 {
			return
		}
		heading(format, len(lines), len(lines))
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		if len(lines) > longSection {
			b.WriteString("\n</details>\n")
		}
	}
	var lines []string
	for _, e := range d.Added {
		lines = append(lines, "- "+mdName(e))
	}
	section("Added (%d)", lines)
	lines = nil
	for _, r := range d.Removed {
		lines = append(lines, "- "+mdName(r.Entry)+md(because(r.Reason)))
	}
	section("Removed (%d)", lines)
	lines = nil
	for _, r := range d.Renamed {
		lines = append(lines, fmt.Sprintf("- %s %s → %s %s%s", r.From.Kind, code(r.From.ID), code(r.To.ID), md(r.To.Title), md(because(r.Reason))))
	}
	section("Renamed (%d)", lines)
	lines = nil
	changes := 0
	for _, c := range d.Changed {
		lines = append(lines, "- "+mdName(c.Entry))
		for _, f := range c.Fields {
			lines = append(lines, "  - "+md(fieldLine(f, "", lang)))
		}
		for _, r := range c.Gained {
			lines = append(lines, "  - ➕ "+md(relationLine(r, lang)))
		}
		for _, r := range c.Lost {
			lines = append(lines, "  - ➖ "+md(relationLine(r, lang)))
		}
		changes++
	}
	if changes > 0 {
		heading("Changed (%d)", changes, len(lines))
		b.WriteString(strings.Join(lines, "\n") + "\n")
		if len(lines) > longSection {
			b.WriteString("\n</details>\n")
		}
	}
	lines = nil
	for _, p := range d.Introduced {
		lines = append(lines, "- "+md(problemLine(p, lang)))
	}
	section("Problems introduced (%d)", lines)
	lines = nil
	for _, p := range d.Fixed {
		lines = append(lines, "- "+md(problemLine(p, lang)))
	}
	section("Problems fixed (%d)", lines)
	_, err := io.WriteString(w, b.String())
	return err
}

func name(e Entry) string { return fmt.Sprintf("%s %s %q (%s)", e.Kind, e.ID, e.Title, e.URL) }

func mdName(e Entry) string {
	return fmt.Sprintf("%s %s %s (%s)", e.Kind, code(e.ID), md(e.Title), code(e.URL))
}

func because(reason string) string {
	if reason == "" {
		return ""
	}
	return ": " + reason
}

func fieldLine(f FieldChange, q, lang string) string {
	if f.Field == "body" {
		return say(lang, "body: text changed")
	}
	v := func(s string) string {
		if s == "" {
			return say(lang, "(none)")
		}
		if q == "" {
			return "«" + s + "»"
		}
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%s: %s → %s", f.Field, v(f.Old), v(f.New))
}

func relationLine(r Relation, lang string) string {
	if r.Backlink {
		return say(lang, "%s from %s (shown on this page)", r.Rel, r.ID)
	}
	return fmt.Sprintf("%s %s", r.Rel, r.ID)
}

func problemLine(p Problem, lang string) string {
	s := p.File + ": " + p.Severity + ": "
	if p.Field != "" {
		s += p.Field + ": "
	}
	return s + p.text(lang)
}

// md escapes what Markdown or HTML would interpret in content text: a
// title cannot open a tag, a link or a table in the comment.
var md = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "|", `\|`, "\n", " ", "\r", " ",
).Replace

// code writes s as a Markdown code span, where nothing is interpreted but
// a backtick, which it cannot hold.
func code(s string) string {
	return "`" + strings.NewReplacer("`", "'", "\n", " ", "\r", " ").Replace(s) + "`"
}
