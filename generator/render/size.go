package render

// FormatSize writes n bytes as the pages do, in lang's units and number
// format: "8,3 Mo", "8.3 MB", "512 kB" (no-break space before the unit).
// The command's summaries use it, so the terminal and the portal write a
// size the same way.
func FormatSize(lang string, n int64) string { return formatSize(lang, n) }
