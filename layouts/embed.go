// Package layouts embeds the default theme: page templates, partials and static assets.
package layouts

import (
	"embed"
	"io/fs"
)

//go:embed *.html static
var files embed.FS

// FS returns the default theme. Files whose names start with "_" are partials shared by
// every page; every other *.html is a page template; static/ is copied to the site as is.
func FS() fs.FS { return files }
