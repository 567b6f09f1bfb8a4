package content

import "fmt"

// A Message is the text of a diagnostic before it is put in words: its
// English template, which is also its key in the catalogue of translations
// below, and the arguments to fill it with. Arguments that are Messages
// themselves (a "did you mean" added to "no entry") are put in the same
// language, so a message is built in pieces and translated whole.
type Message struct {
	Format string
	Args   []any
}

func msgf(format string, args ...any) Message { return Message{Format: format, Args: args} }

// Text renders the message in lang: "fr" or "en"; English for any other
// language, and for a template the catalogue lacks.
func (m Message) Text(lang string) string {
	tmpl := m.Format
	if t, ok := messages[m.Format]; ok && lang == "fr" {
		tmpl = t.fr
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		if sub, ok := a.(Message); ok {
			a = sub.Text(lang)
		}
		args[i] = a
	}
	return fmt.Sprintf(tmpl, args...)
}

// String renders the message in English.
func (m Message) String() string { return m.Text("en") }

// Code names the kind of problem, the same in every language, for scripts
// and CI reports: the code of its template, or, for a template that only
// adds to another message ("%s; did you mean %q?"), the code of that one.
func (m Message) Code() string {
	t, ok := messages[m.Format]
	if ok && t.code != "" {
		return t.code
	}
	if ok && len(m.Args) > 0 {
		if sub, ok := m.Args[0].(Message); ok {
			return sub.Code()
		}
	}
	return "other"
}

// A translation gives an English template its code and its French.
// A template whose code is empty passes the code of its first argument on.
type translation struct {
	code string
	fr   string
}

// Codes returns every message code, so that a test can check each one
// against the catalogue and the documentation.
func Codes() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range messages {
		if t.code != "" && !seen[t.code] {
			seen[t.code] = true
			out = append(out, t.code)
		}
	}
	return out
}

// messages is the catalogue: each English template of Errorf, Warnf and
// msgf with its code and French. The French keeps the verbs of the English
// (in order, or with explicit indexes such as %[2]q).
var messages = map[string]translation{
	"%d is not a number of entries; expected a positive integer":                                                                                     {"bad-number", "%d n'est pas un nombre de fiches ; indiquez un entier positif"},
	"%q is not a tagging authority (RFC 4151); expected a domain or e-mail address, a comma and a date it was held, e.g. \"numerique.gouv.fr,2026\"": {"bad-tag-authority", "%q n'est pas une autorité de marquage (RFC 4151) ; attendu : un domaine ou une adresse électronique, une virgule et une date à laquelle il était détenu, par exemple \"numerique.gouv.fr,2026\""},
	"%q has no %s to replace":                                      {"bad-url-template", "%q ne contient pas de %s à remplacer"},
	"%d is not a number of rows; expected a positive integer":      {"bad-number", "%d n'est pas un nombre de lignes ; indiquez un entier positif"},
	"%d is not a plausible year":                                   {"bad-year", "%d n'est pas une année plausible"},
	"%d more problems in this file are not shown; fix these first": {"too-many-problems", "%d autres problèmes de ce fichier ne sont pas affichés ; corrigez d'abord ceux-ci"},
	"%q %s": {"bad-url", "%q %s"},
	"%q cannot be the parent of %s; expected %q":                                       {"bad-parent", "%q ne peut pas être le parent de %s ; attendu : %q"},
	"%q does not match the file name %q; an entry's file is named after its id":        {"id-file-mismatch", "%q ne correspond pas au nom du fichier %q ; le fichier d'une fiche porte le nom de son identifiant"},
	"%q has leading or trailing whitespace":                                            {"whitespace", "%q commence ou finit par une espace ; retirez-la"},
	"%q is a %s; expected a %s":                                                        {"wrong-kind", "%q est une fiche de type %s ; attendu : une fiche de type %s"},
	"%q is already an alias of owner %q":                                               {"duplicate-alias", "%q est déjà un alias du porteur %q"},
	"%q is an alias of owner %q; write %q":                                             {"owner-alias", "%q est un alias du porteur %q ; écrivez %q"},
	"%q is an entry again: remove its redirect":                                        {"redirect-shadowed", "%q est de nouveau une fiche : supprimez sa redirection"},
	"%q is listed twice (also %s[%d])":                                                 {"listed-twice", "%q figure deux fois (aussi en %s[%d])"},
	"%q is listed twice (also owners[%d])":                                             {"listed-twice", "%q figure deux fois (aussi en owners[%d])"},
	"%q is not a country code; expected two capital letters (ISO 3166-1), e.g. \"FR\"": {"bad-country", "%q n'est pas un code de pays ; indiquez deux lettres majuscules (ISO 3166-1), par exemple \"FR\""},
	"%q is not a date: %s":                                                             {"bad-date", "%q n'est pas une date : %s"},
	"%q is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD":                           {"bad-date", "%q n'est pas une date ; écrivez AAAA, AAAA-MM ou AAAA-MM-JJ"},
	"%q is not a date; expected YYYY-MM-DD":                                            {"bad-date", "%q n'est pas une date ; écrivez AAAA-MM-JJ"},
	"%q is not a folder name under themes/":                                            {"unknown-theme-folder", "%q n'est pas le nom d'un dossier de themes/"},
	"%q is not a kind; expected one of %s":                                             {"not-one-of", "%q n'est pas un type de fiche ; valeurs possibles : %s"},
	"%q is not a lowercase slug (a-z, 0-9, -)":                                         {"bad-slug", "%q n'est pas un identifiant en minuscules (a-z, 0-9, -)"},
	"%q is not a theme of site.toml":                                                   {"unknown-theme", "%q n'est pas une thématique de site.toml"},
	"%q is not a valid %s id; expected an id like %q":                                  {"bad-id", "%q n'est pas un identifiant valide pour le type %s ; attendu : un identifiant comme %q"},
	"%q is not an ADMS publisher type; expected one of %s":                             {"not-one-of", "%q n'est pas un type d'éditeur ADMS ; valeurs possibles : %s"},
	"%q is not an e-mail address; expected e.g. \"contact@example.gouv.fr\"":           {"bad-email", "%q n'est pas une adresse électronique ; par exemple \"contact@example.gouv.fr\""},
	"%q is not an owner of site.toml":                                                  {"unknown-owner", "%q n'est pas un porteur déclaré dans site.toml"},
	"%q is not one of %s":                                                              {"not-one-of", "%q n'est pas une valeur admise ; le champ doit valoir l'une de ces valeurs : %s"},
	"%q is not one of \"fr\", \"en\"":                                                  {"not-one-of", "%q n'est pas une langue admise ; le champ doit valoir \"fr\" ou \"en\""},
	"%q is not the programme the id %q starts with":                                    {"programme-mismatch", "%q n'est pas le programme par lequel commence l'identifiant %q"},
	"%q is redirected twice":                                                           {"duplicate-redirect", "%q est redirigé deux fois"},
	"%q is the %s of owner %q, not its id; did you mean %q?":                           {"owner-label", "%q est le %s du porteur %q, pas son identifiant ; vouliez-vous dire %q ?"},
	"%q is the id of another owner":                                                    {"duplicate-alias", "%q est l'identifiant d'un autre porteur"},
	"%q is the label of %s %q, not its value; did you mean %q?":                        {"label-not-id", "%q est le libellé de la valeur %[3]q (%[2]s), pas la valeur elle-même ; vouliez-vous dire %[4]q ?"},
	"%q is the label of theme %q, not its id; did you mean %q?":                        {"label-not-id", "%q est le libellé de la thématique %q, pas son identifiant ; vouliez-vous dire %q ?"},
	"%s is not a plausible date; expected a year from %d to %d":                        {"bad-date", "%s n'est pas une date plausible ; l'année doit aller de %d à %d"},
	"%s": {"", "%s"},
	"%s; add it to [[owners]] in site.toml or use one of its ids":                       {"", "%s ; ajoutez-le aux [[owners]] de site.toml ou utilisez l'un de leurs identifiants"},
	"%s; did you mean %q? if the action does belong to %q, say why in programme_reason": {"", "%s ; vouliez-vous dire %q ? Si l'action relève bien de %q, expliquez pourquoi dans programme_reason"},
	"%s; did you mean %q?":                 {"", "%s ; vouliez-vous dire %q ?"},
	"%s; expected one of %s":               {"", "%s ; valeurs possibles : %s"},
	"%s; site.toml declares no [[owners]]": {"", "%s ; site.toml ne déclare aucun [[owners]]"},
	"%v":                                   {"", "%v"},
	"[%s] is a single table; write [[%s]] (two brackets), once for each item of the list": {"single-table", "[%s] est une table unique ; écrivez [[%s]] (deux crochets), une fois pour chaque élément de la liste"},
	"label":                              {"", "libellé"},
	"full name":                          {"", "nom complet"},
	"id, in other letters,":              {"", "identifiant, écrit autrement,"},
	"alias, in other letters,":           {"", "alias, écrit autrement,"},
	"a %s":                               {"", "un %s"},
	"a date (YYYY-MM-DD)":                {"", "une date (AAAA-MM-JJ)"},
	"a date":                             {"", "une date"},
	"a number":                           {"", "un nombre"},
	"a string":                           {"", "une chaîne de caractères"},
	"a table [%s]":                       {"", "une table [%s]"},
	"a table":                            {"", "une table"},
	"a working group (GT) has no parent": {"bad-parent", "un groupe de travail (GT) n'a pas de parent"},
	"an HTML comment is not shown on the page, nor kept in the exports' text; remove it or write the note in [[sources]].note": {"html-comment", "un commentaire HTML n'est ni affiché sur la page ni conservé dans le texte des exports ; supprimez-le ou écrivez la note dans [[sources]].note"},
	"an array of strings":         {"", "une liste de chaînes de caractères"},
	"an array of tables ([[%s]])": {"", "une liste de tables ([[%s]])"},
	"an array":                    {"", "une liste"},
	"an integer":                  {"", "un entier"},
	"arrays and tables nest more than %d deep; the limit is %d":                            {"too-deep", "les listes et les tables s'imbriquent sur plus de %d niveaux ; la limite est de %d"},
	"contains U+%04X %s, an invisible character; keep it only where the language needs it": {"invisible-char", "contient U+%04X %s, un caractère invisible ; ne le gardez que là où la langue l'exige"},
	"contains U+%04X %s, which reorders the text around it on screen; remove it":           {"bidi-char", "contient U+%04X %s, qui réordonne le texte qui l'entoure à l'écran ; supprimez-le"},
	"contains the control character U+%04X (%s); remove it":                                {"control-char", "contient le caractère de contrôle U+%04X (%s) ; supprimez-le"},
	"duplicate id %q: already used by %s":                                                  {"duplicate-id", "identifiant %q en double : déjà utilisé par %s"},
	"duplicate id %q: already used by %s (as %q; ids are compared without case)":           {"duplicate-id", "identifiant %q en double : déjà utilisé par %s (écrit %q ; les identifiants sont comparés sans tenir compte des majuscules)"},
	"duplicate owner %q": {"duplicate-owner", "porteur %q en double"},
	"duplicate theme %q": {"duplicate-theme", "thématique %q en double"},
	"empty value":        {"empty", "valeur vide"},
	"entries live directly in content/<collection>/, not in subfolders": {"misplaced-file", "les fiches se placent directement dans content/<collection>/, pas dans des sous-dossiers"},
	"expected %s, found %s":                                                                         {"wrong-type", "attendu : %s ; trouvé : %s"},
	"expected a finite number, found %s":                                                            {"wrong-type", "attendu : un nombre fini ; trouvé : %s"},
	"file contains a NUL byte; expected UTF-8 text":                                                 {"bad-encoding", "le fichier contient un octet NUL ; attendu : du texte UTF-8"},
	"file has CRLF line endings; expected LF (git config core.autocrlf input)":                      {"crlf", "le fichier a des fins de ligne CRLF ; attendu : LF (git config core.autocrlf input)"},
	"file is %d bytes; an entry is limited to %d (1 MiB)":                                           {"too-large", "le fichier fait %d octets ; une fiche est limitée à %d (1 Mio)"},
	"file is more than %d bytes; an entry is limited to %d (1 MiB)":                                 {"too-large", "le fichier fait plus de %d octets ; une fiche est limitée à %d (1 Mio)"},
	"file is not valid UTF-8 (byte 0x%02x); save it as UTF-8":                                       {"bad-encoding", "le fichier n'est pas en UTF-8 valide (octet 0x%02x) ; enregistrez-le en UTF-8"},
	"file outside a known collection; entries live in content/<collection>/<id>.md":                 {"misplaced-file", "fichier hors de toute collection connue ; les fiches se placent dans content/<collection>/<id>.md"},
	"file starts with a byte-order mark; save it as UTF-8 without BOM":                              {"bom", "le fichier commence par une marque d'ordre des octets ; enregistrez-le en UTF-8 sans BOM"},
	"front matter is %d bytes; the limit is %d (64 KiB): put long text in the body":                 {"too-large", "l'en-tête fait %d octets ; la limite est de %d (64 Kio) : placez les textes longs dans le corps"},
	"image %q is on another host; pages make no request to third parties, so it is shown as a link": {"remote-image", "l'image %q est sur un autre serveur ; les pages ne font aucune requête vers des tiers, elle est donc affichée comme un lien"},
	"invalid TOML: %s": {"toml-syntax", "TOML invalide : %s"},
	"is %d characters long; keep summaries under %d":                                    {"too-long", "fait %d caractères ; gardez les résumés sous %d"},
	"is %d characters long; keep titles under %d and put the rest in the body":          {"too-long", "fait %d caractères ; gardez les titres sous %d et placez le reste dans le corps"},
	"link %q is not a valid URL":                                                        {"bad-link", "le lien %q n'est pas une URL valide"},
	"link %q is not a valid URL: %v":                                                    {"bad-link", "le lien %q n'est pas une URL valide : %v"},
	"link %q leaves the site":                                                           {"bad-link", "le lien %q sort du site"},
	"link %q points to no entry":                                                        {"dangling-link", "le lien %q ne mène à aucune fiche"},
	"link %q points to no page of the portal":                                           {"dangling-link", "le lien %q ne mène à aucune page du portail"},
	"link %q uses a scheme that is not allowed; expected http, https, mailto or a path": {"bad-link", "le lien %q utilise un schéma non autorisé ; attendu : http, https, mailto ou un chemin"},
	"link %q: no heading with id %q in %s":                                              {"dangling-link", "lien %q : aucun intertitre d'identifiant %q dans %s"},
	"load interrupted: %v":                                                              {"interrupted", "chargement interrompu : %v"},
	"missing required key":                                                              {"missing-required", "champ obligatoire manquant"},
	"missing: a site keeps its entries in content/":                                     {"missing-file", "absent : un site range ses fiches dans content/"},
	"missing: a site needs a site.toml at its root":                                     {"missing-file", "absent : un site a besoin d'un site.toml à sa racine"},
	"more than %d dots on one line outside strings; the limit is %d (a key has a few parts at most)": {"too-deep", "plus de %d points sur une ligne hors des chaînes ; la limite est de %d (une clé n'a que quelques parties)"},
	"must be one line; put longer text in the body":                                                  {"multiline", "doit tenir sur une ligne ; placez les textes plus longs dans le corps"},
	"must not be empty":                             {"empty", "ne doit pas être vide"},
	"must not be empty; expected %q, the file name": {"empty", "ne doit pas être vide ; attendu : %q, le nom du fichier"},
	"must say why the entry was renamed or removed": {"missing-reason", "doit dire pourquoi la fiche a été renommée ou supprimée"},
	"no entry %q": {"dangling-ref", "aucune fiche %q"},
	"no source cited; add a [[sources]] table with document = \"<source id>\"":     {"no-source", "aucune source citée ; ajoutez une table [[sources]] avec document = \"<identifiant de la source>\""},
	"not a known collection; expected one of %s":                                   {"misplaced-file", "collection inconnue ; valeurs possibles : %s"},
	"not a regular file; expected a text file":                                     {"misplaced-file", "pas un fichier ordinaire ; attendu : un fichier texte"},
	"not an entry: entry files end in .md":                                         {"misplaced-file", "pas une fiche : les fichiers de fiche se terminent par .md"},
	"not needed: the id %q starts with the programme %q":                           {"unneeded-reason", "inutile : l'identifiant %q commence par le programme %q"},
	"raw HTML <%s> is not shown on the page; write it in Markdown":                 {"raw-html", "le HTML brut <%s> n'est pas affiché sur la page ; écrivez-le en Markdown"},
	"symbolic links are not allowed in content/: content/ itself must be a folder": {"symlink", "les liens symboliques ne sont pas admis dans content/ : content/ lui-même doit être un dossier"},
	"symbolic links are not allowed in content/: copy the file instead":            {"symlink", "les liens symboliques ne sont pas admis dans content/ : copiez plutôt le fichier"},
	"the boolean %v":     {"", "le booléen %v"},
	"the integer %d":     {"", "l'entier %d"},
	"the number %v":      {"", "le nombre %v"},
	"the string %q":      {"", "la chaîne %q"},
	"the time of day %s": {"", "l'heure %s"},
	"unknown key %q":     {"unknown-key", "champ inconnu %q"},
	// The TOML decoder's messages, put in plain words by plainTOML; the
	// code is that of "invalid TOML: %s".
	"%[1]s": {"", "erreur de syntaxe ; le décodeur TOML dit, en anglais : « %[1]s »"},
	`a backslash starts an escape in "…" strings: write \\ for a backslash, or use a '…' string`:                                  {"", `une barre oblique inverse commence un échappement dans une chaîne "…" : écrivez \\ pour une barre oblique inverse, ou utilisez une chaîne '…'`},
	"a comma is out of place: remove it, or put an item before it":                                                                {"", "une virgule est mal placée : supprimez-la, ou mettez un élément avant elle"},
	"a key is followed by = and its value: write key = value":                                                                     {"", "un champ est suivi de = et de sa valeur : écrivez champ = valeur"},
	"a key is missing before =: write key = value":                                                                                {"", "il manque un nom de champ avant = : écrivez champ = valeur"},
	"a key is one or more words joined by dots: write key = value, or section.key = value":                                        {"", "un nom de champ est fait d'un ou plusieurs mots reliés par des points : écrivez champ = valeur, ou section.champ = valeur"},
	"a key is one word followed by = and its value: write key = value, with - or _ instead of spaces in the key":                  {"", "un nom de champ est un seul mot suivi de = et de sa valeur : écrivez champ = valeur, avec - ou _ à la place des espaces dans le nom"},
	"a list of tables is headed [[name]]: close it with two brackets ]]":                                                          {"", "une liste de tables s'ouvre par [[nom]] : fermez-la par deux crochets ]]"},
	`a string ends on its own line: close its quote, or use """ … """ for text over several lines`:                                {"", `une chaîne se termine sur sa propre ligne : fermez son guillemet, ou utilisez """ … """ pour un texte sur plusieurs lignes`},
	"a string is never closed: end it with %s":                                                                                    {"", "une chaîne n'est jamais fermée : terminez-la par %s"},
	"a table header needs a name: write [name] or [[name]]":                                                                       {"", "un en-tête de table a besoin d'un nom : écrivez [nom] ou [[nom]]"},
	"a table is headed [name] on a line of its own: close it with ]":                                                              {"", "une table s'ouvre par [nom] sur une ligne à part : fermez-la par ]"},
	`a value is missing or not quoted: write text in quotes ("…"), or a number, true, false, a date (2026-01-31) or a list [ … ]`: {"", `une valeur manque ou n'est pas entre guillemets : écrivez le texte entre guillemets ("…"), ou un nombre, true, false, une date (2026-01-31) ou une liste [ … ]`},
	"an inline table { … } must fit on one line; write it as a [table] over several lines instead":                                {"", "une table en ligne { … } doit tenir sur une ligne ; écrivez-la plutôt comme une [table] sur plusieurs lignes"},
	"items of a list are separated by commas and the list ends with ]":                                                            {"", "les éléments d'une liste sont séparés par des virgules et la liste se termine par ]"},
	"key %s is set twice: keep one":                                                                                               {"", "le champ %s est défini deux fois : n'en gardez qu'un"},
	"one key = value per line: start a new line after the value, or put the whole text in one pair of quotes":                     {"", "un seul champ = valeur par ligne : passez à la ligne après la valeur, ou mettez tout le texte entre une seule paire de guillemets"},
	"the keys of an inline table are separated by commas and the table ends with }":                                               {"", "les champs d'une table en ligne sont séparés par des virgules et la table se termine par }"},
	`the value after = is missing: write text in quotes ("…"), a number, a date or a list [ … ]`:                                  {"", `la valeur après = manque : écrivez un texte entre guillemets ("…"), un nombre, une date ou une liste [ … ]`},
	`this apostrophe ends the '…' string: write the value in double quotes ("L'État") or use ’`:                                   {"", `cette apostrophe termine la chaîne '…' : écrivez la valeur entre guillemets doubles ("L'État") ou utilisez ’`},
	"this inline table is not closed: add } after its last key = value, on the same line":                                         {"", "cette table en ligne n'est pas fermée : ajoutez } après son dernier champ = valeur, sur la même ligne"},
	`this is not a number: write digits such as 12 or 3.5, or put text in quotes ("…")`:                                           {"", `ce n'est pas un nombre : écrivez des chiffres comme 12 ou 3.5, ou mettez le texte entre guillemets ("…")`},
	"this key is already used for another kind of value (a table, a list of tables or a value): rename one of them":               {"", "ce champ sert déjà à une autre sorte de valeur (une table, une liste de tables ou une valeur) : renommez l'un des deux"},
	"this list is not closed: add ] after its last item, and a comma between items":                                               {"", "cette liste n'est pas fermée : ajoutez ] après son dernier élément, et une virgule entre les éléments"},
	`this quote ends the "…" string: write it \" inside the string, or use « » or “ ”`:                                            {"", `ce guillemet termine la chaîne "…" : écrivez-le \" dans la chaîne, ou utilisez « » ou “ ”`},
	"this string is never closed: end it with %s":                                                                                 {"", "cette chaîne n'est jamais fermée : terminez-la par %s"},
	`this string is not closed: end it with the same quote on the same line, or use """ … """ for text over several lines`:        {"", `cette chaîne n'est pas fermée : terminez-la par le même guillemet sur la même ligne, ou utilisez """ … """ pour un texte sur plusieurs lignes`},

	// Why a URL is refused, after the URL itself ("%q %s"): the code is
	// that of the template they complete.
	"has %q in its host name, which a host name cannot hold":      {"", "contient %q dans son nom d'hôte, qui ne peut pas en contenir"},
	"has %q, which a URL must percent-encode (%s)":                {"", "contient %q, qu'une URL doit encoder (%s)"},
	"has %q, which is not a percent escape; write %% itself %%25": {"", "contient %q, qui n'est pas un encodage en pourcentage ; écrivez %% lui-même %%25"},
	"has a space at character %d; write it %%20":                  {"", "contient une espace au caractère %d ; écrivez-la %%20"},
	"has leading or trailing whitespace":                          {"", "commence ou finit par une espace ; retirez-la"},
	"has no host name":                                            {"", "n'a pas de nom d'hôte"},
	"has the control character U+%04X; a URL cannot hold one":     {"", "contient le caractère de contrôle U+%04X ; une URL ne peut pas en contenir"},
	"is not a valid URL: %v":                                      {"", "n'est pas une URL valide : %v"},
	"is not an absolute http(s) URL; expected e.g. %q":            {"", "n'est pas une URL http(s) absolue ; attendu : par exemple %q"},

	// Files the system cannot read, and entries without front matter.
	"cannot be read: %v":                                              {"unreadable", "ne peut pas être lu : %v"},
	"cannot be read: it does not exist":                               {"unreadable", "ne peut pas être lu : il n'existe pas"},
	"cannot be read: permission denied; make it readable (chmod a+r)": {"unreadable", "ne peut pas être lu : permission refusée ; rendez-le lisible (chmod a+r)"},
	"front matter is not closed: no line %q after the first":          {"front-matter", "l'en-tête n'est pas fermé : aucune ligne %q après la première"},
	"missing front matter: the file must start with a line %q":        {"front-matter", "en-tête absent : le fichier doit commencer par une ligne %q"},
	// A body past a limit of the Markdown scanner.
	"block quotes and lists nest more than %d levels deep; the limit is %d":                              {"too-deep", "les citations et les listes s'imbriquent sur plus de %d niveaux ; la limite est de %d"},
	"a run of more than %d emphasis markers (* _ ~); the limit is %d":                                    {"too-deep", "une suite de plus de %d marques d'emphase (* _ ~) ; la limite est de %d"},
	"brackets nest more than %d deep; the limit is %d":                                                   {"too-deep", "les crochets s'imbriquent sur plus de %d niveaux ; la limite est de %d"},
	"paragraph has %d markup characters ([ ] ( ) < * _ ~ `); the limit is %d: split it with blank lines": {"too-large", "le paragraphe contient %d caractères de balisage ([ ] ( ) < * _ ~ `) ; la limite est de %d : coupez-le par des lignes vides"},
	"table has up to %d cells (%d columns, %d rows); the limit is %d":                                    {"too-large", "le tableau a jusqu'à %d cellules (%d colonnes, %d lignes) ; la limite est de %d"},
	// Added by the build and by the check of the theme.
	"missing: site.toml names the theme %q, which lives in %s/":                                                {"missing-file", "absent : site.toml nomme le thème %q, qui se trouve dans %s/"},
	"symbolic links are not allowed in themes/: %s/ itself must be a folder":                                   {"symlink", "les liens symboliques ne sont pas admis dans themes/ : %s/ lui-même doit être un dossier"},
	"%s: entry dates are the files' modification times; entry pages show no history and changes.json is empty": {"no-history", "%s : les dates des fiches sont celles de modification des fichiers ; les pages des fiches n'ont pas d'historique et changes.json est vide"},
	// catalogue new's refusals.
	"unknown kind %q":                                              {"unknown-kind", "type de fiche inconnu %q"},
	"id %q has leading or trailing whitespace":                     {"whitespace", "l'identifiant %q commence ou finit par une espace"},
	"%q is not a valid %s id; expected an id like %q (pattern %s)": {"bad-id", "%q n'est pas un identifiant valide pour le type %s ; attendu : un identifiant comme %q (motif %s)"},
	// Why a date does not exist.
	"there is no month %d":        {"", "il n'y a pas de mois %d"},
	"there is no day %d in %s %d": {"", "il n'y a pas de jour %d en %s %d"},
	"January":                     {"", "janvier"},
	"February":                    {"", "février"},
	"March":                       {"", "mars"},
	"April":                       {"", "avril"},
	"May":                         {"", "mai"},
	"June":                        {"", "juin"},
	"July":                        {"", "juillet"},
	"August":                      {"", "août"},
	"September":                   {"", "septembre"},
	"October":                     {"", "octobre"},
	"November":                    {"", "novembre"},
	"December":                    {"", "décembre"},
}
