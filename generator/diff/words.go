package diff

import "fmt"

// say renders one line of the diff's text and Markdown in lang: format is
// the English, and the key of its French in words. TestWordsTranslated
// fails on a line missing there.
func say(lang, format string, args ...any) string {
	if fr, ok := words[format]; ok && lang == "fr" {
		format = fr
	}
	return fmt.Sprintf(format, args...)
}

// words gives each English line of the diff its French, with the same verbs.
var words = map[string]string{
	"No change for readers.":    "Aucun changement pour les lecteurs.",
	"Added (%d):":               "Ajoutées (%d) :",
	"Removed (%d):":             "Supprimées (%d) :",
	"Renamed (%d):":             "Renommées (%d) :",
	"Changed (%d):":             "Modifiées (%d) :",
	"Problems introduced (%d):": "Problèmes introduits (%d) :",
	"Problems fixed (%d):":      "Problèmes corrigés (%d) :",
	"Added (%d)":                "Ajoutées (%d)",
	"Removed (%d)":              "Supprimées (%d)",
	"Renamed (%d)":              "Renommées (%d)",
	"Changed (%d)":              "Modifiées (%d)",
	"Problems introduced (%d)":  "Problèmes introduits (%d)",
	"Problems fixed (%d)":       "Problèmes corrigés (%d)",

	"What this change does to the catalogue":                                                         "Ce que ce changement fait au catalogue",
	"From %s to %s: no change for readers.":                                                          "De %s à %s : aucun changement pour les lecteurs.",
	"From %s to %s: %d added, %d removed, %d renamed, %d changed; %d problems introduced, %d fixed.": "De %s à %s : ajoutées : %d, supprimées : %d, renommées : %d, modifiées : %d ; problèmes introduits : %d, corrigés : %d.",
	"body: text changed":              "body: texte modifié",
	"(none)":                          "(aucune)",
	"%s from %s (shown on this page)": "%s depuis %s (affiché sur cette page)",
}
