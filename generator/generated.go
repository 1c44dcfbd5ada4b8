package generator

import (
	"io/fs"

	"wuxiao/generator/content"
	"wuxiao/generator/render"
	"wuxiao/generator/scaffold"
	"wuxiao/generator/schema"
)

// The site is a pure function of the content, the theme and the options: nothing is
// compiled or fetched while it is built, so it is the same on any machine, with or
// without a Go toolchain. Files that are not in the theme (the JSON Schemas, generated
// from the checker's own definitions) are made here in memory; anything else the pages
// need comes in through BuildOptions.Static.

// schemaFiles are the JSON Schemas of the content files, as theme files under
// static/schemas/, where the files wuxiao new writes point editors.
func schemaFiles() (content.MemFS, error) {
	files, err := schema.All()
	if err != nil {
		return nil, err
	}
	out := content.MemFS{}
	for name, data := range files {
		out[scaffold.SchemaDir+name] = data
	}
	return out, nil
}

// generated are the files the site publishes beside the theme's static files: the
// schemas, and the caller's static files (which win over them).
func generated(static fs.FS) (fs.FS, error) {
	schemas, err := schemaFiles()
	if err != nil {
		return nil, err
	}
	if static == nil {
		return schemas, nil
	}
	return render.Overlay{Site: static, Default: schemas}, nil
}

// withGenerated puts files under the default theme, so that a site's own layouts/ can
// still override them and render versions them like every static file.
func withGenerated(theme render.Overlay, files fs.FS) render.Overlay {
	theme.Default = render.Overlay{Site: theme.Default, Default: files}
	return theme
}
