package export

// The CSV conventions, for the tests of package export_test, which read the
// files back as a reuser would.
var (
	SplitList    = splitList
	Unneutralise = unneutralise
)
