package rules

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
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
		// written in groups (an attacker's review found each passing check)
		{"联系 1390 353 0011。", "手机号码"},
		{"电话 139.0353.0013", "手机号码"},
		{"电话 139—0353—0014", "手机号码"},
		{"电话 139  0353  0015", "手机号码"},
		{"电话 139/0353/0020", "手机号码"},
		{"电话 139,0353,0026", "手机号码"},
		{"电话 139、0353、0027", "手机号码"},
		{"电话 (139)03530019", "手机号码"},
		{"电话 +86 (139) 0353 0024", "手机号码"},
		{"电话 1 3 9 0 3 5 3 0 0 2 2", "手机号码"},
		{"身份证 140302 19800101 0013", "身份证号码"},
		{"身份证 140302-1980-0101-0013", "身份证号码"},
		{"身份证 110105 19491231 002X", "身份证号码"},
		{"邮件 wangjianguo%40163.com", "电子邮箱地址"},
		{"邮件 wangjianguo@163。com", "电子邮箱地址"},
		// and what such groups must not take for one
		{"各班组分别改进了 13、25、37、49、51、6 项", ""},
		{"第 139、140、141、142 号", ""},
		{"2023.09.26 验收，节约 12.3 万元，处理 145、254、84 处", ""},
		{"编号 135-246-8901", ""},
		{"身份证 140302 19800101 0017", ""}, // wrong check digit
		{"年份 2021、2022、2023", ""},
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

// TestMightHavePIIPasses: mightHavePII lets through every text in which findPII finds a
// datum once published (thousands of texts made of digits of every form, separators,
// characters publishing drops, folds or decodes, letters and ideographs), and it turns
// away the synthetic tree's ordinary lines, whose eleven digits are never in one run
// (2023年…处理153处，节约15.1万元), which publishing and findPII read for nothing before.
func TestMightHavePIIPasses(t *testing.T) {
	pieces := []string{"1", "3", "9", "0", "12345", "1390353", "11010519491231002", "X", "１", "３", "⑲", "¹", "㏠", "⒈", "𝟏",
		" ", "  ", "-", "－", "\u3000", "\u2011", "‐", "*", "_", "`", "~", "\\-", "\\*", "&#49;", "&#x31;", "&amp;", "&", "@", "＠",
		"﹫", "a", "Z", "example.com", ".", "，", "。", "、", "年", "元", "\u200b", "\u00ad", "·", "(", ")", "\n"}
	r := rand.New(rand.NewPCG(11, 17))
	found := 0
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		for range 1 + r.IntN(14) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.String()
		pub, _ := publish(text, false)
		if kind, _ := findPII(pub); kind != "" {
			found++
			if !mightHavePII(text) {
				t.Fatalf("mightHavePII(%q) is false, but published (%q) it holds a %s", text, pub, kind)
			}
		}
	}
	if found < 1000 {
		t.Fatalf("only %d of the texts hold personal data: too few to test", found)
	}
	line := "南站机加工班针对检测仪表的定位夹具问题改进了记录表格，学生动手时间增加，累计处理78处，节约84.2万元。2023年9月20日完成，验收编号2023-0917，涉及12个班组。"
	if mightHavePII(line) {
		t.Errorf("mightHavePII(%q) is true: no run of its digits is long enough", line)
	}
}

// TestMightHavePIIEveryCharacter: for every character, what mightHavePII makes of it
// agrees with what publishing makes of it: a character published with an @ is enough; one
// published with d digits counts at least d; one published as digits, spaces and dashes
// alone (or as nothing) does not end a run. With these, a run of eleven published digits
// is never missed, whatever characters it is published from.
func TestMightHavePIIEveryCharacter(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		c := string(r)
		pub, _ := publish(c, false)
		digits, other := 0, false
		for _, p := range pub {
			switch {
			case p >= '0' && p <= '9':
				digits++
			case p != ' ' && p != '-':
				other = true
			}
		}
		switch {
		case strings.Contains(pub, "@"):
			if !mightHavePII(c) {
				t.Errorf("%U is published as %q, but mightHavePII(%q) is false", r, pub, c)
			}
		case digits > 0 && !mightHavePII(strings.Repeat("1", 11-min(digits, 11))+c):
			t.Errorf("%U is published with %d digits (%q), but counts fewer", r, digits, pub)
		case !other && !mightHavePII("12345"+c+"678901"):
			t.Errorf("%U is published as %q, but ends a run", r, pub)
		}
	}
}

// mightHavePIIRef is mightHavePII as it was before it passed the ideographs of U+4000 to
// U+9FFF without decoding them, the reference TestMightHavePIIMatchesRef holds it to.
func mightHavePIIRef(text string) bool {
	if strings.Contains(text, "%40") {
		return true
	}
	run := 0
	for i := 0; i < len(text); {
		c := text[i]
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		switch {
		case r == '、' || r == '—' || r == '–':
			continue
		case r >= 0x3400 && r <= 0x9FFF, r >= 0x3001 && r <= 0x303F, r >= 0x2010 && r <= 0x2023:
			run = 0 // ideographs and punctuation published as they are
			continue
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII, published folded
			r -= 0xFEE0
		case r == '﹫':
			return true
		case r >= utf8.RuneSelf:
			run += maxDigitsPerRune
		}
		switch {
		case r >= '0' && r <= '9':
			run++
		case r == '@' || r == '&':
			return true
		case r == ' ' || r == '-' || r == '*' || r == '_' || r == '`' || r == '~' || r == '\\',
			r == '.' || r == '/' || r == ',' || r == '(' || r == ')' || r == '+':
		case r < utf8.RuneSelf:
			run = 0
		}
		if run >= 11 {
			return true
		}
	}
	return false
}

// TestMightHavePIIMatchesRef: mightHavePII answers as mightHavePIIRef on 100,000 texts of
// digits, spaces, ideographs at the edges of the range it passes (U+3FFF, U+4000, U+9FFF,
// U+A000), punctuation, full-width digits, cut and invalid sequences.
func TestMightHavePIIMatchesRef(t *testing.T) {
	pieces := []string{"1", "23", "4567", " ", "-", "a", "工", "情况", "\u4000", "\u9fff", "\u3fff", "\ua000", "\u3400", "，", "。",
		"１", "⑲", "@", "\xe4\xb8", "\xe9", "\xe4\xb8\x41", "\xff", "\xe9\xbf\xbf", "\xea\x80\x80", "😀", "*", "\u3000"}
	r := rand.New(rand.NewPCG(9, 10))
	yes := 0
	for range 100000 {
		var b strings.Builder
		for range r.IntN(24) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		got, want := mightHavePII(s), mightHavePIIRef(s)
		if got != want {
			t.Fatalf("mightHavePII(%q) = %v, mightHavePIIRef %v", s, got, want)
		}
		if want {
			yes++
		}
	}
	if yes < 10000 || yes > 90000 {
		t.Fatalf("%d of 100,000 texts might hold personal data", yes)
	}
}
