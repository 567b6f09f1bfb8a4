package markdown

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// SafeURL reports whether a link destination may appear in a page: relative
// references, and absolute http, https and mailto URLs. javascript:, data:,
// vbscript: and every other scheme are refused, whatever their case,
// surrounding whitespace or character references (jav&#x61;script:).
func SafeURL(dest string) bool {
	return safeURL(dest) && safeURL(resolve(dest))
}

func safeURL(dest string) bool {
	dest = strings.TrimSpace(dest)
	if dest == "" {
		return true
	}
	u, err := url.Parse(dest)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		// url.Parse has already refused the control characters a browser
		// would strip from "java\tscript:".
		return true
	}
	return false
}

// External reports whether dest points to another host.
func External(dest string) bool {
	return external(dest) || external(resolve(dest))
}

func external(dest string) bool {
	u, err := url.Parse(strings.TrimSpace(dest))
	return err == nil && (u.Scheme != "" || u.Host != "")
}

// resolve returns dest as goldmark writes it in a page: with character
// references and backslash escapes resolved.
func resolve(dest string) string {
	b := util.ResolveNumericReferences(util.ResolveEntityNames([]byte(dest)))
	return string(util.UnescapePunctuations(b))
}

// sanitize neutralises what a hostile or careless body could do to a reader:
// links with unsafe schemes lose their link and keep their text, and images
// from another host become plain links, so that a page never makes a request
// to a third party.
func sanitize(doc ast.Node, src []byte) {
	var unwrap, toLink []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !SafeURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
			}
		case *ast.AutoLink:
			if !SafeURL(string(n.URL(src))) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			if !SafeURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
			} else if External(string(n.Destination)) {
				toLink = append(toLink, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		if a, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(a.Label(src)))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range toLink {
		img := n.(*ast.Image)
		link := ast.NewLink()
		link.Destination = img.Destination
		link.Title = img.Title
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}
