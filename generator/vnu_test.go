package generator

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/content"
)

// The Nu Html Checker (vnu.jar, the W3C validator's engine) over every page type the site
// makes: the demo content with next year's 申报表 open and a page holding every Markdown
// construct the contract allows (testdata/markup/markup.md, headings skipping levels
// included), and the contract's minimal example. Pages, style sheets and SVG files go to
// one Java process. Errors and warnings both fail the test.

// vnuMessage is one finding of vnu --format json.
type vnuMessage struct {
	Type        string `json:"type"`
	SubType     string `json:"subType"`
	URL         string `json:"url"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

func TestNuHtmlChecker(t *testing.T) {
	jar := os.Getenv("WUXIAO_VNU_JAR")
	if jar == "" {
		t.Skip("needs the Nu Html Checker and Java 17+: npm i --prefix ~/.cache/wuxiao-vnu vnu-jar@26.9.27; " +
			"WUXIAO_VNU_JAR=~/.cache/wuxiao-vnu/node_modules/vnu-jar/build/dist/vnu.jar (.ci/run does both)")
	}
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("WUXIAO_VNU_JAR: %v", err)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("WUXIAO_VNU_JAR is set but there is no java to run it (apt-get install default-jre-headless)")
	}

	today, _ := content.ParseDate("2026-11-25")
	demo, _ := openFormTree(t, today)
	markup, err := os.ReadFile(filepath.Join("testdata", "markup", "markup.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(demo, "content", "pages", "markup.md"), markup, 0o644); err != nil {
		t.Fatal(err)
	}
	var files []string
	for name, root := range map[string]string{"demo": demo, "minimal": "../../shared/examples/minimal"} {
		out := filepath.Join(t.TempDir(), name)
		diags, _, err := Build(Config{Root: root, Now: today}, BuildOptions{Out: out, BaseURL: "https://wuxiao.example.cn/"})
		if err != nil {
			if diags != nil {
				t.Logf("diagnostics:\n%s", diags.Text())
			}
			t.Fatalf("build of %s: %v", name, err)
		}
		err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			switch filepath.Ext(p) {
			case ".html", ".css", ".svg":
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"/demo/pages/markup/index.html", "/demo/submit/index.html", "/minimal/index.html", "/demo/static/style.css"} {
		if !hasSuffix(files, filepath.FromSlash(want)) {
			t.Fatalf("the builds have no %s", want)
		}
	}

	// Java's optimizing compiler (C2) works for a run this short without paying back: with
	// the quick compiler alone and one collector thread the same report cost 4.1-5.0 s of
	// processor time instead of 8.7-9.3 s (the demo's 138 pages, 13:02 UTC, load 4). The
	// quick compiler's frames are larger, and the checker's schema recursion then needs a
	// larger stack than Java's default (a StackOverflowError without -Xss).
	jvm := []string{"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m"}
	args := append(append(jvm, "-jar", jar, "--stdout", "--format", "json", "--also-check-css", "--also-check-svg"), files...)
	cmd := exec.Command(java, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	var report struct {
		Version  string       `json:"version"`
		Messages []vnuMessage `json:"messages"`
	}
	if jerr := json.Unmarshal(stdout, &report); jerr != nil {
		t.Fatalf("vnu: %v %v\n%s%s", err, jerr, stdout, stderr.Bytes())
	}
	t.Logf("vnu %s checked %d files", report.Version, len(files))
	for _, m := range report.Messages {
		if m.Type == "info" && m.SubType != "warning" {
			continue
		}
		kind := m.Type
		if m.SubType != "" {
			kind += " " + m.SubType
		}
		file := strings.TrimPrefix(m.URL, "file:")
		if i := strings.Index(file, string(filepath.Separator)+"demo"+string(filepath.Separator)); i >= 0 {
			file = file[i+1:]
		} else if i := strings.Index(file, string(filepath.Separator)+"minimal"+string(filepath.Separator)); i >= 0 {
			file = file[i+1:]
		}
		t.Errorf("%s:%d:%d: %s: %s\n\t%s", file, m.LastLine, m.FirstColumn, kind, m.Message, m.Extract)
	}
}

func hasSuffix(list []string, suffix string) bool {
	for _, s := range list {
		if strings.HasSuffix(s, suffix) {
			return true
		}
	}
	return false
}
