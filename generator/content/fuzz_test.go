package content

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// seeds returns real content files to start fuzzing from.
func seeds(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("..", "rules", "testdata", "base", "content", pattern))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
}

// FuzzSubmission feeds arbitrary bytes as a submission: the loader must never panic
// (a panic would be turned into a "syntax" diagnostic, which this test refuses).
func FuzzSubmission(f *testing.F) {
	seeds(f, "2023/submissions/*/*.md")
	f.Add([]byte("---\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzLoad(t, "content/2023/submissions/u/s.md", data)
	})
}

// FuzzYAML feeds arbitrary bytes as each kind of YAML file.
func FuzzYAML(f *testing.F) {
	seeds(f, "*.yaml")
	seeds(f, "2023/*.yaml")
	seeds(f, "2023/reviews/*.yaml")
	seeds(f, "2023/commendations/*/*.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range []string{"content/units.yaml", "content/2023/competition.yaml", "content/2023/results.yaml", "content/2023/reviews/e.yaml", "content/2023/commendations/u/d.yaml"} {
			fuzzLoad(t, p, data)
		}
	})
}

func fuzzLoad(t *testing.T, path string, data []byte) {
	_, diags, err := Load(fstest.MapFS{path: {Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags.Items() {
		if d.Pos.Line < 1 || d.Pos.Col < 1 {
			t.Fatalf("bad position %v", d)
		}
		if len(d.Msg) >= 12 && d.Msg[:12] == "无法解析此文件（内部" {
			t.Fatalf("panic while loading: %v", d)
		}
	}
}

// FuzzSplitFrontMatter keeps the body's line number consistent with the text before it.
func FuzzSplitFrontMatter(f *testing.F) {
	seeds(f, "2023/submissions/*/*.md")
	f.Fuzz(func(t *testing.T, data []byte) {
		front, body, line, err := splitFrontMatter(data)
		if err != nil {
			return
		}
		if len(front)+len(body) > len(data) || line < 3 {
			t.Fatalf("front %d body %d line %d of %d bytes", len(front), len(body), line, len(data))
		}
	})
}
