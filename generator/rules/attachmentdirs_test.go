package rules

import (
	"strings"
	"testing"

	"wuxiao/generator/content"
)

// TestAttachmentDirsMatchPlace: the folder attachmentDirs keeps for a unit and year is
// the one content.Place says, asked first and again, for units whose names differ only
// where a cache keyed wrongly would mix them up.
func TestAttachmentDirsMatchPlace(t *testing.T) {
	dirs := attachmentDirs{}
	for range 2 {
		for _, year := range []int{2023, 2024} {
			for _, unit := range []string{"a", "a-b", "b", "kuangqu-mine1", ""} {
				want := strings.TrimSuffix(content.Place{Kind: content.KindAttachment, Year: year, Owner: unit}.Dir(), "/")
				if got := dirs.of(year, unit); got != want {
					t.Errorf("of(%d, %q) = %q, Place says %q", year, unit, got, want)
				}
			}
		}
	}
}
