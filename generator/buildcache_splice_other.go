//go:build !unix

package generator

import "os"

// openOverwrite never writes over a file here: the link count is not known.
func openOverwrite(p string, mode uint32) (*os.File, bool) { return nil, false }
