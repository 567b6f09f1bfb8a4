package main

import (
	"context"
	"fmt"
	"io"
)

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fmt.Fprintln(stderr, "catalogue new: not implemented yet")
	return exitError(2)
}
