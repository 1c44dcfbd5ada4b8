package rules

import (
	"runtime"
	"strings"
	"testing"
)

func TestFindPII(t *testing.T) {
	tests := []struct {
		text, kind string
	}{
		{"联系电话13903530011。", "手机号码"},
		{"电话 139-0353-0011", "手机号码"},
		{"电话 +86 139 0353 0011", "手机号码"},
		{"身份证 11010519491231002X", "身份证号码"},
		{"邮箱 wang.jg@example.com", "电子邮箱地址"},
		{"累计处理123处，节约12.3万元，编号 2023-0915-001", ""},
		{"设备编号 1390353001122", ""},         // 13 digits: not a mobile number
		{"合同号 110105194912310021", ""},     // wrong check digit
		{"12345678901 不是手机号（以 12 开头）", ""}, // mobile numbers start 13–19
	}
	for _, tc := range tests {
		if kind, _ := findPII(tc.text); kind != tc.kind {
			t.Errorf("findPII(%q) = %q, want %q", tc.text, kind, tc.kind)
		}
	}
}

// TestPublished: the text as published, and where each of its bytes came from.
func TestPublished(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"&#49;39&#x30;", "1390"},
		{"139\\-0353", "139-0353"},
		{"li\\@a&commat;b&#46;cn", "li@a@b.cn"},
		{"１３９＠ｅｘ", "139@ex"},
		{"1\u200b3\u20609\u3164\ufe0f0", "1390"},
		{"1**3**9`0`", "1390"},
		{"例子&amp;&nosuch;&#;", "例子&&nosuch;&#;"},
		{"example․com", "example.com"},
	} {
		got, src := published(tc.in)
		if got != tc.want || len(src) != len(got) {
			t.Errorf("published(%q) = %q (%d offsets), want %q", tc.in, got, len(src), tc.want)
		}
	}
	if _, src := published("电话&#49;3"); src[len("电话")] != len("电话") {
		t.Errorf("the digit came from %d, want %d", src[len("电话")], len("电话"))
	}
}

// TestPublishedPIIWithoutOffsets: a text with no personal data (the common case, here with
// enough digits to pass mightHavePII) costs findPublishedPII the published text alone,
// not the offsets back into the source (eight bytes per byte): they are made only for a
// finding, whose offset is still the source's.
func TestPublishedPIIWithoutOffsets(t *testing.T) {
	text := strings.Repeat("2023年本单位职工围绕皮带输送机跑偏问题开展技术攻关，节约成本12万元。", 800)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 10 {
		if kind, at := findPublishedPII(text); kind != "" {
			t.Fatalf("found %s at %d in a text without personal data", kind, at)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / 10; per > uint64(3*len(text)) {
		t.Errorf("findPublishedPII allocated %d bytes for a text of %d", per, len(text))
	}
	withPhone := text + "联系电话&#49;３９12345678。"
	kind, at := findPublishedPII(withPhone)
	if kind != "手机号码" || at != len(text)+len("联系电话") {
		t.Errorf("findPublishedPII = %s at %d, want 手机号码 at %d", kind, at, len(text)+len("联系电话"))
	}
}
