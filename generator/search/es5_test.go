package search

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestScriptsPlainES5 guards the page's scripts against syntax that old WebViews
// (WeChat's among them) lack: they were checked with a full ES5 parser; this keeps
// the obvious newer forms out.
func TestScriptsPlainES5(t *testing.T) {
	newer := regexp.MustCompile("=>|\\blet\\s|\\bconst\\s|`|\\bclass\\s|\\.\\.\\.|\\basync\\s|\\bawait\\s|for\\s*\\([^)]*\\sof\\s|" +
		"\\.(includes|startsWith|endsWith|padStart|fill|find|findIndex|assign|entries)\\(|\\b(Promise|Map|Set|Symbol|fetch)\\b")
	for _, name := range []string{"search-index.js", "search.js"} {
		data, err := os.ReadFile("../../layouts/static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		// blank out block comments, keeping the line count
		src := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllStringFunc(string(data), func(c string) string {
			return strings.Repeat("\n", strings.Count(c, "\n"))
		})
		for i, line := range strings.Split(src, "\n") {
			code, _, _ := strings.Cut(line, "//")
			if m := newer.FindString(code); m != "" {
				t.Errorf("%s:%d: %q is newer than ES5: %s", name, i+1, m, strings.TrimSpace(line))
			}
		}
	}
}
