package content

import (
	"strings"
	"testing"
)

// TestClassifyRefusesWindowsDeviceNames: a file or owner folder named con, prn, aux, nul,
// com1-9 or lpt1-9 passes on Linux, but Windows cannot create it, so every clone of the
// repository on Windows fails to check out (git: invalid path) and a build there would
// write its page to a device. Classify refuses them with the reason; similar names pass.
func TestClassifyRefusesWindowsDeviceNames(t *testing.T) {
	for _, p := range []string{
		"content/2023/submissions/yq/con.md",
		"content/2023/submissions/yq/nul.md",
		"content/2023/submissions/aux/a.md",
		"content/2023/submissions/yq/com1.md",
		"content/2023/submissions/yq/lpt9.md",
		"content/2023/commendations/prn/a.yaml",
		"content/2023/attachments/com3/x.pdf",
	} {
		if pl := Classify(p); !strings.Contains(pl.Problem, "Windows") {
			t.Errorf("Classify(%q) = %+v, want it refused as a Windows device name", p, pl)
		}
	}
	for _, p := range []string{
		"content/2023/submissions/yq/cons.md",
		"content/2023/submissions/yq/com10.md",
		"content/2023/submissions/yq/com0x.md",
		"content/2023/submissions/yq/nul-1.md",
		"content/2023/submissions/console/a.md",
	} {
		if pl := Classify(p); pl.Problem != "" {
			t.Errorf("Classify(%q) refused: %s", p, pl.Problem)
		}
	}
}

// TestClassifyRefusesNamesWindowsDrops: an attachment whose name ends in a dot or a space
// cannot be saved on Windows either.
func TestClassifyRefusesNamesWindowsDrops(t *testing.T) {
	for _, p := range []string{"content/2023/attachments/yq/x.pdf.", "content/2023/attachments/yq/x.pdf ", "content/2023/attachments/yq/con.pdf", "content/2023/attachments/yq/Aux.jpg"} {
		if pl := Classify(p); !strings.Contains(pl.Problem, "Windows") {
			t.Errorf("Classify(%q) = %+v, want it refused", p, pl)
		}
	}
	if pl := Classify("content/2023/attachments/yq/证明.pdf"); pl.Problem != "" {
		t.Errorf("a usual attachment refused: %s", pl.Problem)
	}
}

// TestClassifyRefusesCharactersWindowsReserves: Windows holds no file or folder whose name
// has < > : " | ? * or a control character (a colon on NTFS even names a hidden stream of
// another file), so an attachment so named passed check and then made every clone on
// Windows fail to check out. Classify refuses each, naming the character; a name with
// Chinese punctuation of the same look (：？“”) passes.
func TestClassifyRefusesCharactersWindowsReserves(t *testing.T) {
	for _, c := range []string{"<", ">", ":", `"`, "|", "?", "*", "\x01", "\x1f"} {
		for _, p := range []string{"content/2023/attachments/yq/a" + c + "b.pdf", "content/2023/attachments/yq/d" + c + "/x.pdf"} {
			if pl := Classify(p); !strings.Contains(pl.Problem, "Windows") {
				t.Errorf("Classify(%q) = %+v, want it refused", p, pl)
			}
		}
	}
	if pl := Classify("content/2023/attachments/yq/证明：第1页？“原件”.pdf"); pl.Problem != "" {
		t.Errorf("Chinese punctuation refused: %s", pl.Problem)
	}
}
