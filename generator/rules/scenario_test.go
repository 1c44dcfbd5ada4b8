package rules_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/scenarios/*.txtar")

// TestScenarios runs every testdata/scenarios/*.txtar over the base tree; see testdata/README.md.
func TestScenarios(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "scenarios", "*.txtar"))
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(data)
			fsys := baseTree(t)
			now := "2024-06-01"
			for _, line := range strings.Split(a.comment, "\n") {
				if p, ok := strings.CutPrefix(line, "delete "); ok {
					if fsys[strings.TrimSpace(p)] == nil {
						t.Fatalf("delete %s: no such file in the base", p)
					}
					delete(fsys, strings.TrimSpace(p))
				}
				if d, ok := strings.CutPrefix(line, "now "); ok {
					now = strings.TrimSpace(d)
				}
			}
			var want []byte
			hasWant := false
			for _, f := range a.files {
				if f.name == "want" {
					want, hasWant = f.data, true
					continue
				}
				fsys[f.name] = &fstest.MapFile{Data: f.data, Mode: 0o644}
			}
			got := check(t, fsys, now)
			if *update {
				writeWant(t, file, data, got)
				return
			}
			if !hasWant {
				t.Fatal("scenario has no -- want -- section (run with -update)")
			}
			// A name says what the scenario holds the rules to: a -fail scenario the rules
			// pass, or a -pass one they refuse, is a scenario that tests nothing it says.
			name := filepath.Base(file)
			if strings.HasSuffix(name, "-fail.txtar") && !strings.Contains(got, ": ") {
				t.Errorf("%s: the rules found nothing in a -fail scenario", name)
			}
			for _, line := range strings.Split(got, "\n") {
				if strings.HasSuffix(name, "-pass.txtar") && line != "" && !strings.Contains(line, ": warning: ") {
					t.Errorf("%s: the rules refused a -pass scenario: %s", name, line)
				}
			}
			if got != string(want) {
				t.Errorf("diagnostics differ\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}

// writeWant replaces (or appends) the archive's want section with got.
func writeWant(t *testing.T, file string, data []byte, got string) {
	if i := bytes.Index(data, []byte("-- want --\n")); i >= 0 {
		data = data[:i]
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		data = append(data, '\n')
	}
	data = append(data, "-- want --\n"+got...)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
