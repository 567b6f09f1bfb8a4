package content

// EntryAt returns the entry loaded from file (a path from the site root,
// with slashes), or nil.
func (c *Catalogue) EntryAt(file string) *Entry {
	for _, e := range c.Entries {
		if e.File == file {
			return e
		}
	}
	return nil
}
