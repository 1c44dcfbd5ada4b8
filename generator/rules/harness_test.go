package rules_test

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"wuxiao/generator/content"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
	"wuxiao/generator/testtree"
)

// baseTree reads testdata/base, a copy of the contract's minimal example, into memory.
func baseTree(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for name, text := range testtree.Files(t, testtree.Base()) {
		m[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
	}
	return m
}

// check runs the loader and every rule over fsys as of now, returning the text report.
func check(t testing.TB, fsys fs.FS, now string) string {
	t.Helper()
	d, err := content.ParseDate(now)
	if err != nil {
		t.Fatal(err)
	}
	tree, diags, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	rules.Run(tree, d, ruleset.All(nil), diags)
	return diags.Text()
}

// archive is a txtar file: a comment, then named sections "-- name --".
type archive struct {
	comment string
	files   []archiveFile
}

type archiveFile struct {
	name string
	data []byte
}

// parseArchive reads the txtar format (see testdata/README.md).
func parseArchive(data []byte) archive {
	var a archive
	var cur *archiveFile
	var buf bytes.Buffer
	flush := func() {
		if cur == nil {
			a.comment = buf.String()
		} else {
			cur.data = append([]byte(nil), buf.Bytes()...)
			a.files = append(a.files, *cur)
		}
		buf.Reset()
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		trimmed := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush()
			cur = &archiveFile{name: strings.TrimSpace(trimmed[3 : len(trimmed)-3])}
			continue
		}
		buf.WriteString(line)
	}
	flush()
	return a
}
