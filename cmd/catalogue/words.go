package main

import (
	"errors"
	"fmt"

	"catalogue/generator/content"
)

// say renders one of the command's own lines (summaries, statuses,
// refusals) in lang, as content's messages are: format is the English and
// the key of its French in words. A line missing there stays English, and
// TestWordsTranslated fails.
func say(lang, format string, args ...any) string {
	if fr, ok := words[format]; ok && lang == "fr" {
		format = fr
	}
	return fmt.Sprintf(format, args...)
}

// sayErr renders err in lang when it carries a content message (a bad kind
// or id), else as it is.
func sayErr(lang string, err error) string {
	var me content.MessageError
	if errors.As(err, &me) {
		return me.Text(lang)
	}
	return err.Error()
}

// count says "1 error", "3 warnings": French puts 0 and 1 in the singular,
// English only 1.
func count(lang string, n int, one, many string) string {
	format := many
	if n == 1 || lang == "fr" && n == 0 {
		format = one
	}
	return say(lang, format, n)
}

// words gives each English line of the command its French, with the same
// verbs in the same order (or explicit indexes).
var words = map[string]string{
	"%d error":    "%d erreur",
	"%d errors":   "%d erreurs",
	"%d warning":  "%d avertissement",
	"%d warnings": "%d avertissements",
	"%s, %s":      "%s, %s",

	"-lang: %q is not one of \"fr\", \"en\"":                   "-lang : %q ne fait pas partie de \"fr\", \"en\"",
	"unknown format %q; expected text, json, github or gitlab": "format inconnu %q ; valeurs possibles : text, json, github ou gitlab",
	"unknown format %q; expected text, markdown or json":       "format inconnu %q ; valeurs possibles : text, markdown ou json",
	"%s: not inside the site folder %s":                        "%s : hors du dossier du site %s",
	"%s: no such file or folder":                               "%s : aucun fichier ni dossier de ce nom",

	"serving %s at http://%s%s (Ctrl-C to stop)":            "%s servi à http://%s%s (Ctrl-C pour arrêter)",
	"search API at http://%s/api/search?q=…":                "API de recherche à http://%s/api/search?q=…",
	"; probes at /healthz and /readyz, metrics at /metrics": " ; sondes à /healthz et /readyz, métriques à /metrics",
	"-log %q: want text, json or none":                      "-log %q : valeurs possibles : text, json ou none",
	"no built site in %s: run catalogue build first":        "aucun site construit dans %s : lancez d'abord catalogue build",
	"stopping": "arrêt en cours",

	"build failed: %s; public/ left as it was": "échec de la construction : %s ; public/ est resté tel quel",
	"build failed: %v":                         "échec de la construction : %v",
	"built %s: %s, %s (%s) in %v":              "%s : %s, %s (%s) en %v",
	"%d entry":                                 "%d fiche construite",
	"%d entries":                               "%d fiches construites",
	"%d page":                                  "%d page",
	"%d pages":                                 "%d pages",
	"%d file":                                  "%d fichier",
	"%d files":                                 "%d fichiers",
	"waiting for another build to end (it holds %s)":           "attente de la fin d'une autre construction (elle détient %s)",
	"waiting for the build of process %d to end (it holds %s)": "attente de la fin de la construction du processus %d (elle détient %s)",

	"build failed; still serving the last good site":  "échec de la construction ; le dernier site correct reste servi",
	"Build failed — still serving the last good site": "Échec de la construction — le dernier site correct reste servi",
	"Close": "Fermer",
	"the pages are up to date; updating the exports or the index failed": "les pages sont à jour ; la mise à jour des exports ou de l'index a échoué",
	"rebuilt after %s changed: %d pages, %d files in %v":                 "reconstruit après la modification de %s : %d pages, %d fichiers en %v",
	"updated %s (%d pages) in %v; exports and index in %v":               "%s mis à jour (%d pages) en %v ; exports et index en %v",
	"%s and %d more": "%s et %d autres",

	"a KIND and an ID are needed":                        "il faut un TYPE et un IDENTIFIANT",
	"-title: a title is one line":                        "-title : un titre tient sur une ligne",
	"%s already exists":                                  "%s existe déjà",
	"id %q is taken: %s (ids are compared without case)": "l'identifiant %q est pris : %s (les identifiants sont comparés sans tenir compte des majuscules)",
	"id %q is reserved: %s records its removal (%q); a published id is never reused":    "l'identifiant %q est réservé : %s enregistre sa suppression (%q) ; un identifiant publié n'est jamais réutilisé",
	"id %q is reserved: %s redirects it to %s (%q); a published id is never reused":     "l'identifiant %q est réservé : %s le redirige vers %s (%q) ; un identifiant publié n'est jamais réutilisé",
	"Now fill in the title, cite a source, write the body, and run: catalogue check %s": "Maintenant, remplissez le titre, citez une source, écrivez le corps, puis lancez : catalogue check %s",
	"Now cite a source, write the body, and run: catalogue check %s":                    "Maintenant, citez une source, écrivez le corps, puis lancez : catalogue check %s",

	"at most two revisions, got %d": "au plus deux révisions, reçu %d",
	"no default branch to compare with (neither origin/HEAD nor main); name a revision: catalogue diff REV": "aucune branche par défaut avec laquelle comparer (ni origin/HEAD ni main) ; nommez une révision : catalogue diff REV",
	"%q is not a revision": "%q n'est pas une révision",
	"merge base %s":        "base de fusion %s",
	"working tree":         "copie de travail",
}
