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
// flag, status 2, said in the site's language.
func uiLang(cmd, flagVal, root string, stderr io.Writer) (string, error) {
	switch flagVal {
	case "fr", "en":
		return flagVal, nil
	}
	// The language of the site, then, for the flag's own error too: the
	// flag cannot say which language it meant.
	site, _ := content.LoadSite(os.DirFS(root))
	lang := site.UILanguage()
	if flagVal == "" {
		return lang, nil
	}
	fmt.Fprintf(stderr, "catalogue %s: %s\n", cmd, say(lang, "-lang: %q is not one of \"fr\", \"en\"", flagVal))
	return "", exitError(2)
}
