package content

// Suggest returns the candidate closest to s when it is close enough to be
// what was meant (a typo, a case slip, a missing prefix), else "": the
// did-you-mean of the loader's messages, for the command line's too.
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }
