package content

import (
	"strings"
	"testing"
)

// TestClassifyRefusesNamesALinkCannotReach: an attachment or a case's image is published
// at a URL made of its path, and the site links it as written, so a name with # (the rest
// read as a place in the page) or % (read as an escape: %41 is A) gave a link that fetched
// another file: 证明#1.pdf was linked as …/证明 and answered 404. Classify refuses both,
// naming the character; a name with the full-width ＃ and ％ passes.
func TestClassifyRefusesNamesALinkCannotReach(t *testing.T) {
	for _, p := range []string{
		"content/2023/attachments/yq/证明#1.pdf",
		"content/2023/attachments/yq/证明%41.pdf",
		"content/2023/attachments/yq/第#2批/x.pdf",
		"content/2023/cases/封面#1.jpg",
		"content/2023/cases/100%.png",
	} {
		if pl := Classify(p); !strings.Contains(pl.Problem, "链接") {
			t.Errorf("Classify(%q) = %+v, want it refused", p, pl)
		}
	}
	if pl := Classify("content/2023/attachments/yq/证明＃1（100％）.pdf"); pl.Problem != "" {
		t.Errorf("full-width ＃ and ％ refused: %s", pl.Problem)
	}
}
