//go:build !unix

package progress

// peakRSS returns 0: the process's peak memory is not known here.
func peakRSS() int64 { return 0 }
