package rules_test

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"wuxiao/generator/testtree"
)

// TestPublishedPhotoLocationIsAWarning: a public proof that records where it was taken (a
// phone camera's GPS coordinates) is warned of at its file: the site publishes it byte
// for byte, and anyone who downloads it reads the place. A proof that is not public, a
// photo without a location, or an image a bulletin shows (the site publishes it without
// the place: TestPublishedImagesLeaveTheirLocationOut) is not.
func TestPublishedPhotoLocationIsAWarning(t *testing.T) {
	located, plain := testtree.PhotoWithLocation(), testtree.JPEGWith()
	for _, tc := range []struct {
		name   string
		photo  []byte
		public bool
		want   []string
	}{
		{"public proof with a location", located, true, []string{
			"content/2023/submissions/kuangqu-mine1/pidai-jiupian.md:21:11: attachment: warning: 公开的照片 content/2023/attachments/kuangqu-mine1/xianchang.jpg 带有拍摄地点"}},
		{"proof not public", located, false, nil},
		{"no location", plain, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := baseTree(t)
			fsys["content/2023/attachments/kuangqu-mine1/xianchang.jpg"] = &fstest.MapFile{Data: tc.photo}
			sub := "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
			proof := fmt.Sprintf("  - file: xianchang.jpg\n    title: 现场照片\n    sha256: %x\n    public: %v\ncontact:", sha256.Sum256(tc.photo), tc.public)
			fsys[sub] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[sub].Data), "contact:", proof, 1))}
			fsys["content/2023/bulletins/huiyi.jpg"] = &fstest.MapFile{Data: tc.photo}
			b := "content/2023/bulletins/2023-01.md"
			fsys[b] = &fstest.MapFile{Data: append(fsys[b].Data, "\n![推进会现场](huiyi.jpg)\n"...)}
			got := check(t, fsys, "2024-06-01")
			lines := strings.Split(strings.TrimSpace(got), "\n")
			if got == "" {
				lines = nil
			}
			ok := len(lines) == len(tc.want)
			for i := 0; ok && i < len(lines); i++ {
				ok = strings.HasPrefix(lines[i], tc.want[i])
			}
			if !ok {
				t.Errorf("got\n%swant %q", got, tc.want)
			}
		})
	}
}
