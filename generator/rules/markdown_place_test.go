package rules_test

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestHeavyBodyImageIsAWarning: a photo a submission's or a case's body shows costs every
// reader of the page its size, so one over 1 MiB is a warning at the image; one under it,
// and a heavy proof only linked, are not.
func TestHeavyBodyImageIsAWarning(t *testing.T) {
	photo := func(size int) []byte { return append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, size-8)...) }
	for _, tc := range []struct {
		name, body string
		size       int
		want       string
	}{
		{"heavy image", "![现场](zhaopian/xianchang.png)", 1<<20 + 1, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md:40:7: markdown: warning: 图片 \"zhaopian/xianchang.png\" 有 1.1 MiB"},
		{"light image", "![现场](zhaopian/xianchang.png)", 1 << 20, ""},
		{"heavy proof linked", "[现场](zhaopian/xianchang.png)", 3 << 20, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := baseTree(t)
			data := photo(tc.size)
			fsys["content/2023/attachments/kuangqu-mine1/zhaopian/xianchang.png"] = &fstest.MapFile{Data: data}
			sub := "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
			proof := fmt.Sprintf("  - file: zhaopian/xianchang.png\n    title: 现场照片\n    sha256: %x\n    public: true\ncontact:", sha256.Sum256(data))
			text := strings.Replace(string(fsys[sub].Data), "contact:", proof, 1)
			fsys[sub] = &fstest.MapFile{Data: []byte(strings.TrimRight(text, "\n") + "\n\n" + tc.body + "\n")}
			got := check(t, fsys, "2024-06-01")
			if tc.want == "" && got != "" || !strings.HasPrefix(got, tc.want) || strings.Count(got, "\n") > 1 {
				t.Errorf("got\n%swant %q", got, tc.want)
			}
		})
	}
}

// TestOversizedCaseImageIsRefused: an image a case shows is copied by the build only up
// to 20 MiB, so check refuses a larger one at the image (before, check passed it and the
// build stopped while copying).
func TestOversizedCaseImageIsRefused(t *testing.T) {
	fsys := baseTree(t)
	fsys["content/2023/cases/da.png"] = &fstest.MapFile{Data: append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 20<<20)...)}
	c := "content/2023/cases/pidai-jiupian.md"
	fsys[c] = &fstest.MapFile{Data: append(fsys[c].Data, "\n![大图](da.png)\n"...)}
	got := check(t, fsys, "2024-06-01")
	if !strings.Contains(got, "content/2023/cases/pidai-jiupian.md:11:7: markdown: 图片 \"da.png\" 过大（20.0 MiB），上限为 20 MiB") {
		t.Errorf("got\n%s", got)
	}
}
