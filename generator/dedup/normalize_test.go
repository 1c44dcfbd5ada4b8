package dedup

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// normView shows a normalisation as text: the key, and for each key
// character the original bytes it came from, separated by "|".
func normView(nz *normalizer, s string) (key, src string, n int) {
	var t text
	nz.normalize(s, &t, true)
	var b strings.Builder
	for i, p := range t.pos {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(s[t.start[p]:t.end[p]])
	}
	return string(t.key), b.String(), t.n
}

func TestNormalize(t *testing.T) {
	nz := sharedNormalizer()
	tests := []struct {
		name, in, key, src string
		n                  int
	}{
		{"plain", "皮带输送机", "皮带输送机", "皮|带|输|送|机", 5},
		{"full width", "ＡＢｃ１２３", "abc123", "Ａ|Ｂ|ｃ|１|２|３", 6},
		{"invisible", "皮\u200b带\u200d输\ufeff送\u00ad机\u200e\u2060", "皮带输送机", "皮|带|输|送|机", 5},
		{"bidi marks", "\u202a温\u202c室\u200f", "温室", "温|室", 2},
		{"traditional", "皮帶輸送機的電動滾筒", "皮带输送机电动滚筒", "皮|帶|輸|送|機|電|動|滾|筒", 10},
		{"function characters", "改进了皮带的托辊", "改进皮带托辊", "改|进|皮|带|托|辊", 8},
		{"punctuation and space", "温室，大棚。 Hello！　World?", "温室大棚helloworld", "温|室|大|棚|H|e|l|l|o|W|o|r|l|d", 14},
		{"kangxi radicals", "⼈⼯", "人工", "⼈|⼯", 2},
		{"combining accent", "cafe\u0301", "café", "c|a|f|e\u0301", 4},
		{"circled digit", "①号井", "1号井", "①|号|井", 3},
		{"roman numeral", "Ⅻ型", "xii型", "Ⅻ|Ⅻ|Ⅻ|型", 4},
		{"compatibility ideograph", "\uf900", "岂", "\uf900", 1},
		{"simplified above the BMP", "軏", "\U0002B404", "軏", 1},
		{"symbols", "Φ108mm±2℃，≥3.5kW", "φ108mm2c35kw", "Φ|1|0|8|m|m|2|℃|3|5|k|W", 12},
		{"invalid utf-8", "\xff皮\xfe带", "皮带", "皮|带", 2},
		{"empty", "", "", "", 0},
		{"only punctuation", "，。！？、；：“”‘’（）", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, src, n := normView(nz, tt.in)
			if key != tt.key || src != tt.src || n != tt.n {
				t.Errorf("normalize(%q)\n got %q %q %d\nwant %q %q %d", tt.in, key, src, n, tt.key, tt.src, tt.n)
			}
		})
	}
}

// TestNormalizeNoOffsets checks that the fast mode gives the same key.
func TestNormalizeNoOffsets(t *testing.T) {
	nz := sharedNormalizer()
	in := "皮帶輸送機的ＡＢ①\u200b，e\u0301了温室"
	var a, b text
	nz.normalize(in, &a, true)
	nz.normalize(in, &b, false)
	if string(a.key) != string(b.key) || a.n != b.n {
		t.Errorf("with offsets %q %d, without %q %d", string(a.key), a.n, string(b.key), b.n)
	}
}

func TestT2STable(t *testing.T) {
	nz := sharedNormalizer()
	for _, tt := range []struct{ trad, simp string }{
		{"溫室", "温室"}, {"電纜", "电缆"}, {"變壓器", "变压器"}, {"齒輪", "齿轮"}, {"學生實訓", "学生实训"},
		{"鍋爐", "锅炉"}, {"節約", "节约"}, {"髮", "发"}, {"乾燥", "干燥"}, {"裏", "里"},
	} {
		var b strings.Builder
		for _, r := range tt.trad {
			b.WriteRune(nz.simplify(r))
		}
		if b.String() != tt.simp {
			t.Errorf("simplify(%s) = %s, want %s", tt.trad, b.String(), tt.simp)
		}
	}
}

// TestDropFlooding: a character sprinkled through a text leaves its key, offsets kept in
// step; an ordinary frequent character stays, also right after a flooded text (the
// scratch counts start from zero for each text, and are left so).
func TestDropFlooding(t *testing.T) {
	nz := sharedNormalizer()
	plain := "皮带输送机自动纠偏装置在主运输皮带机尾部加装托辊限位开关和小型液压缸跑偏时自动调整托辊角度减少人工调偏和撒煤停机年节约维修费用三万余元"
	var flooded strings.Builder
	for i, r := range []rune(plain) {
		flooded.WriteRune(r)
		if i%4 == 3 {
			flooded.WriteString("进")
		}
	}
	var a, b text
	nz.normalize(plain, &a, true)
	nz.normalize(flooded.String(), &b, true)
	if string(b.key) != string(a.key) {
		t.Errorf("flooded key %q, want %q", string(b.key), string(a.key))
	}
	for i := range b.key {
		if j := b.pos[i]; b.start[j] >= int32(len(flooded.String())) {
			t.Fatalf("offset %d out of the text", b.start[j])
		}
	}
	// 带 makes up about a tenth of this one: it stays, after the flooded text too.
	again := strings.Repeat("皮带机托辊限位开关液压缸", 8)
	nz.normalize(again, &b, false)
	if strings.Count(string(b.key), "带") != 8 {
		t.Errorf("an ordinary character was dropped: %q", string(b.key))
	}
	var c text
	for _, s := range []string{flooded.String(), plain, again} {
		nz.normalize(s, &c, false)
		if k := slices.IndexFunc(c.counts, func(n int32) bool { return n != 0 }); k >= 0 {
			t.Fatalf("after %.12q..., the scratch counts of U+%04X left at %d", s, k, c.counts[k])
		}
	}
}

// normalizeBoth normalises s by normalize and by normalizeRef, with offsets or not, and
// says how they differ ("" when alike).
func normalizeDiff(nz *normalizer, s string, offsets bool) string {
	var a, b text
	nz.normalize(s, &a, offsets)
	nz.normalizeRef(s, &b, offsets)
	switch {
	case string(a.key) != string(b.key):
		return "key " + string(a.key) + " against " + string(b.key)
	case a.n != b.n:
		return "n"
	case !slices.Equal(a.pos, b.pos):
		return "pos"
	case !slices.Equal(a.start, b.start) || !slices.Equal(a.end, b.end):
		return "offsets"
	}
	return ""
}

// TestNormalizeMatchesRef: normalize gives what normalizeRef gives, on texts of the kinds
// the fast path must hand on (combining marks after a common character, full-width
// letters, invalid bytes and cut characters, characters on either side of the ranges).
func TestNormalizeMatchesRef(t *testing.T) {
	nz := sharedNormalizer()
	pieces := []string{"皮", "帶", "的", "a", "Z", "9", " ", "，", "Ａ", "ｚ", "①", "\u0301", "\u200b", "\ufeff", "\u00ad", "\xff", "\xe4\xb8", "\xe9", "䷀", "㐀", "\u4dbf", "\u9fff", "\ua000", "\u3000", "〇", "〻", "軏", "\uf900", "\U00020000", "Ⅻ", "ﷺ", "e", "\u0308", "\n"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		for _, offsets := range []bool{true, false} {
			if d := normalizeDiff(nz, s, offsets); d != "" {
				t.Fatalf("normalize(%q, offsets %v): %s", s, offsets, d)
			}
		}
	}
	docs, _ := corpus(200)
	for _, d := range docs {
		if diff := normalizeDiff(nz, d.Text, true); diff != "" {
			t.Fatalf("document %s: %s", d.ID, diff)
		}
	}
}

// BenchmarkNormalize normalises 2,000 documents of the benchmark corpus with offsets, as
// verify does for each candidate pair.
func BenchmarkNormalize(b *testing.B) {
	docs, _ := corpus(2000)
	nz := sharedNormalizer()
	bytes := 0
	for _, d := range docs {
		bytes += len(d.Text)
	}
	b.SetBytes(int64(bytes))
	var t text
	for b.Loop() {
		for _, d := range docs {
			nz.normalize(d.Text, &t, true)
		}
	}
}

// TestFastLead: fastLead takes the leading bytes of three-byte sequences neither overlong
// nor a surrogate, 0xE1 to 0xEC, 0xEE and 0xEF, as normalizePart's four comparisons did
// (fails with a bit of threeByteLead wrong, or without the test of 0xE1 first, where
// c-0xE1 wraps).
func TestFastLead(t *testing.T) {
	for c := range 256 {
		want := (c >= 0xE1 && c <= 0xEC || c >= 0xEE) && c <= 0xEF
		if got := fastLead(byte(c)); got != want {
			t.Errorf("byte %#x: %v, want %v", c, got, want)
		}
	}
}

// TestNormalizerShared: every search reads the one normalizer a process makes (its tables
// took 3 ms to work out, a tenth of a check of the demo site), and nothing changes them:
// after the other tests it is still what buildNormalizer makes.
func TestNormalizerShared(t *testing.T) {
	nz := sharedNormalizer()
	if sharedNormalizer() != nz {
		t.Fatal("two normalizers made")
	}
	if !reflect.DeepEqual(nz, buildNormalizer()) {
		t.Fatal("the shared normalizer's tables changed")
	}
}
