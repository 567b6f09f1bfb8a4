package content

import (
	"encoding/json"
	"io/fs"
	"path"
	"reflect"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The site shows ids through labels (status "planned" as "Prévue", theme
// "demarches-usagers" as "Démarches en ligne…"), and contributors copy what
// they see. A value that is a label gets an error that names the id.

// enumLabels reads the labels of the enumerations (status, priority,
// category) from the theme's strings, in every language it has: the words
// the site shows come from there, and nowhere else. A theme that cannot be
// read gives no labels, and its absence is reported by the build.
func enumLabels(fsys fs.FS, theme string) map[string]map[string]string {
	out := map[string]map[string]string{}
	dir := path.Join("themes", theme, "i18n")
	names, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil {
		return out
	}
	enums := map[string][]string{
		"status": Status("").Values(), "priority": Priority("").Values(), "category": Category("").Values(),
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		var strs map[string]string
		if json.Unmarshal(data, &strs) != nil {
			continue
		}
		for enum, vals := range enums {
			for _, v := range vals {
				if l := strs[enum+"."+v]; l != "" {
					if out[enum] == nil {
						out[enum] = map[string]string{}
					}
					out[enum][fold(l)] = v
					// "Must (indispensable)": the part before a
					// parenthesis is a label too.
					if short, _, ok := strings.Cut(l, " ("); ok {
						out[enum][fold(short)] = v
					}
				}
			}
		}
	}
	return out
}

// enumName is the key of an enumeration's labels: the lower-case name of
// its type.
func enumName(e Enum) string {
	return strings.ToLower(reflect.TypeOf(e).Name())
}

// valueForLabel returns the value of enumeration e whose label v is, or "".
func (s *Site) valueForLabel(e Enum, v string) string {
	if s == nil {
		return ""
	}
	return s.labels[enumName(e)][fold(v)]
}

// themeForLabel returns the id of the theme whose label, in any language,
// v is, or "".
func (s *Site) themeForLabel(v string) string {
	f := fold(v)
	for _, t := range s.Themes {
		if fold(t.FR) == f || (t.EN != "" && fold(t.EN) == f) {
			return t.ID
		}
	}
	return ""
}

// fold puts a label in the form labels are compared in: lower case,
// without accents, with single spaces and straight apostrophes.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.TrimSpace(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '’':
			r = '\''
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
