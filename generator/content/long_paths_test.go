package content

import (
	"strings"
	"testing"
)

// TestClassifyRefusesPathsWindowsCannotReach: Git for Windows, as installed, checks out no
// file whose whole path passes 260 characters (MAX_PATH; core.longpaths is off), so a
// repository holding an attachment at content/2025/attachments/<unit>/ plus 15 folders
// of 80 characters passed check here and then failed every clone on Windows. A path
// longer than MaxPathChars (counted as Windows counts: UTF-16 units) is refused, with
// its length; one of MaxPathChars passes.
func TestClassifyRefusesPathsWindowsCannotReach(t *testing.T) {
	const dir = "content/2023/attachments/yq/"
	at := func(n int) string { return dir + strings.Repeat("证", n-len(dir)-len(".pdf")) + ".pdf" }
	if pl := Classify(at(MaxPathChars)); pl.Problem != "" {
		t.Errorf("a path of %d characters refused: %s", MaxPathChars, pl.Problem)
	}
	for _, p := range []string{at(MaxPathChars + 1), dir + strings.Repeat(strings.Repeat("证", 80)+"/", 15) + "x.pdf"} {
		if pl := Classify(p); !strings.Contains(pl.Problem, "Windows") || !strings.Contains(pl.Problem, "个字符") {
			t.Errorf("Classify(a path of %d bytes) = %+v, want it refused for its length", len(p), pl)
		}
	}
	// a character outside the BMP is two UTF-16 units, as Windows counts it
	if pl := Classify(dir + strings.Repeat("𠀀", (MaxPathChars-len(dir)-len(".pdf"))/2+1) + ".pdf"); pl.Problem == "" {
		t.Errorf("a path of characters outside the BMP, over %d UTF-16 units, passed", MaxPathChars)
	}
}
