package main

import (
	"context"
	"fmt"
	"io"
)

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fmt.Fprintln(stderr, "catalogue search: not implemented yet")
	return exitError(2)
}
