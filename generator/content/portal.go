package content

import (
	"path"
	"strconv"
	"strings"
)

// The portal's pages that are not entries, by path: what a link of a body
// may point to besides an entry. generator/render writes them; a test there
// checks that every page it writes is known here.
var portalSections = []string{"search", "accessibility", "open-data", "coverage", "changes"}

// facetSections maps the folder of each facet's pages to the values it
// has, from the vocabularies.
func (s *Site) facetSections() map[string][]string {
	return map[string][]string{
		"themes":     s.themeIDs(),
		"owners":     s.ownerIDs(),
		"priorities": Priority("").Values(),
		"statuses":   Status("").Values(),
	}
}

// PortalPage reports whether clean, a cleaned absolute path that is not an
// entry's page, is a page or file the build writes. When it is not, it
// returns the page it most likely meant, or "". Files (a name with a dot:
// /feed.xml, /api/v1/…) and the folders of files (/api/, /static/) are not
// checked: the exports and the theme own them. A value of a facet that no
// entry has gets no page; this check cannot tell, and accepts it.
func (s *Site) PortalPage(clean string) (string, bool) {
	parts := strings.Split(strings.Trim(clean, "/"), "/")
	if len(parts) > 0 && (parts[0] == "fr" || parts[0] == "en") {
		parts = parts[1:] // the interface in another language
	}
	if len(parts) == 0 || parts[0] == "" {
		return "", true
	}
	if strings.Contains(parts[len(parts)-1], ".") || parts[0] == "api" || parts[0] == "static" || parts[0] == "_catalogue" {
		return "", true
	}
	// Pages 2 and on of a list: /mutualisations/page/2/.
	if n := len(parts); n >= 3 && parts[n-2] == "page" {
		if k, err := strconv.Atoi(parts[n-1]); err == nil && k >= 2 {
			parts = parts[:n-2]
		}
	}
	facets := s.facetSections()
	var sections []string
	for _, c := range Collections() {
		sections = append(sections, c.Dir)
	}
	for _, f := range []string{"themes", "owners", "priorities", "statuses"} {
		sections = append(sections, f)
	}
	sections = append(sections, portalSections...)
	switch len(parts) {
	case 1:
		for _, sec := range sections {
			if parts[0] == sec {
				return "", true
			}
		}
		return s.suggestSection(parts, sections)
	case 2:
		vals, ok := facets[parts[0]]
		if !ok {
			return s.suggestSection(parts, sections)
		}
		for _, v := range vals {
			if parts[1] == v {
				return "", true
			}
		}
		if g := suggest(parts[1], vals); g != "" {
			return path.Join("/", parts[0], g) + "/", false
		}
		return "", false
	}
	return s.suggestSection(parts, sections)
}

// suggestSection proposes a page for a path whose first folder is not one
// of the portal's: the closest folder, with the rest of the path when that
// makes a page.
func (s *Site) suggestSection(parts, sections []string) (string, bool) {
	g := suggest(parts[0], sections)
	if g == "" || g == parts[0] {
		return "", false
	}
	fixed := "/" + path.Join(append([]string{g}, parts[1:]...)...) + "/"
	if alt, ok := s.PortalPage(fixed); ok {
		return fixed, false
	} else if alt != "" {
		return alt, false
	}
	return "/" + g + "/", false
}
