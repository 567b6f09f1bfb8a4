package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"catalogue/generator/content"
)

// langFlag declares -lang, which check, build, serve and new share: the
// language of the messages, by default the site's first interface language.
func langFlag(fs *flag.FlagSet) *string {
	return fs.String("lang", "", "language of the messages: fr or en (default: site.toml's language)")
}

// uiLang resolves -lang: the flag when given, else the language of the site
// at root, French when site.toml cannot be read (its own errors are then
// what the contributor reads first). A value other than fr or en is a bad
// flag, status 2.
func uiLang(cmd, flagVal, root string, stderr io.Writer) (string, error) {
	switch flagVal {
	case "fr", "en":
		return flagVal, nil
	case "":
		site, _ := content.LoadSite(os.DirFS(root))
		return site.UILanguage(), nil
	}
	fmt.Fprintf(stderr, "catalogue %s: -lang: %q is not one of \"fr\", \"en\"\n", cmd, flagVal)
	return "", exitError(2)
}
