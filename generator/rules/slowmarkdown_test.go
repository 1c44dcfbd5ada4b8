package rules_test

import (
	"strings"
	"testing"
	"time"

	"wuxiao/generator/cpuclock"
)

// realisticBody is ordinary Markdown of about n bytes: emphasis, links, lists, code.
func realisticBody(n int) string {
	para := "本装置采用**液压缸**驱动托辊，详见[应用说明](https://example.org/a_b)和*附图*，年节约维修费用约三万元。\n" +
		"- 第一项：`限位开关` 改为感应式，~~不再~~人工调偏\n- 第二项：托辊角度由 (3°) 调至 (5°)\n\n"
	return strings.Repeat(para, n/len(para)+1)[:n]
}

// checkBody checks the base tree with the first submission's body replaced.
func checkBody(t *testing.T, body string) string {
	t.Helper()
	const sub = "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
	fsys := baseTree(t)
	data := string(fsys[sub].Data)
	front := data[:strings.Index(data[4:], "---\n")+8]
	fsys[sub].Data = []byte(front + body)
	return check(t, fsys, "2024-06-01")
}

// checkTime is the best of three checks of the base tree with the first submission's body
// replaced, and the report of the last one. It counts the process's CPU time, not the
// clock's: on a busy machine the clock also counts the time other programs ran.
func checkTime(t *testing.T, body string) (time.Duration, string) {
	t.Helper()
	const sub = "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
	best, out := time.Duration(1<<62), ""
	for range 3 {
		fsys := baseTree(t)
		data := string(fsys[sub].Data)
		front := data[:strings.Index(data[4:], "---\n")+8]
		fsys[sub].Data = []byte(front + body)
		start := cpuclock.Used()
		out = check(t, fsys, "2024-06-01")
		best = min(best, cpuclock.Used()-start)
	}
	return best, out
}

// TestPathologicalMarkdownBounded: bodies built to make the Markdown parser quadratic are
// refused at the crowded paragraph, and no body, refused or not, takes more than a small
// multiple (25 ×) of an ordinary body of the same size (the budget is a ratio, so that it holds
// on a slow or busy machine).
func TestPathologicalMarkdownBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("measures time")
	}
	const size = 120_000
	for _, tc := range []struct {
		name, body string
		refused    bool
	}{
		{"*a_ x 40000 (the issue's)", strings.Repeat("*a_", 40000), true},
		{"**a__ in one paragraph", strings.Repeat("**a__", size/5), true},
		{"unclosed link destinations", strings.Repeat("[a](", size/4), true},
		{"65,536 nested quotes", strings.Repeat(">", 65536), true},
		{"30,000 nested list items", strings.Repeat("- ", 30000) + "a", true},
		{"nested quotes and lists", strings.Repeat("> 1. * ", 10000) + "a", true},
		{"link definitions in one paragraph", strings.Repeat("[a]: b\n", size/7), true},                                                                            // 1.2 s at 256 KiB unbounded
		{"a table of 2,000 columns over 2,000 lines", strings.Repeat("|a", 2000) + "|\n" + strings.Repeat("|-", 2000) + "|\n" + strings.Repeat("a\n", 2000), true}, // a 38.5 MB page, 16 s to build
		{"a long list of links", strings.Repeat("- [应用说明](https://example.org/a_b_c)\n", size/40), false},
		{"at the limit in every paragraph", strings.Repeat(strings.Repeat("*a_", 499)+"\n\n", size/1500), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, _ := checkTime(t, realisticBody(size)) // measured beside each case: the machine's load varies
			took, out := checkTime(t, tc.body)
			if got := strings.Contains(out, "pidai-jiupian.md:24:1: syntax: "); got != tc.refused {
				t.Errorf("refused %v, want %v:\n%s", got, tc.refused, clipLines(out, 20))
			}
			t.Logf("%v, an ordinary body %v: ratio %.1f", took, base, float64(took)/float64(base))
			if took > 25*base+200*time.Millisecond { // quadratic bodies took 100–500 ×
				t.Errorf("took %v, more than 25 × an ordinary body's %v", took, base)
			}
		})
	}
}

func clipLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// TestMarkdownFindingsIgnoreTheClock: the heaviest bodies the loader accepts (every
// paragraph at content.MaxInlineMarks, lines nested content.MaxNesting deep, link
// definitions) give the same findings on every run, and none speaks of time. The rule has
// no clock; the loader's bounds (marks per paragraph, nesting per line, body size) are
// what keep parsing short, and they depend on the text alone.
func TestMarkdownFindingsIgnoreTheClock(t *testing.T) {
	if testing.Short() {
		t.Skip("parses the heaviest accepted bodies")
	}
	const size = 128 << 10
	bodies := map[string]string{
		"marks at the limit":   strings.Repeat(strings.Repeat("*a_", 333)+"\n\n", size/1002),
		"nesting at the limit": strings.Repeat(strings.Repeat("> ", 8)+strings.Repeat("- ", 8)+"a\n", size/35),
		"link definitions":     strings.Repeat(strings.Repeat("[a]: b\n", 400)+"\n", size/2801),
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			var first string
			for i := range 2 {
				out := checkBody(t, body)
				if strings.Contains(out, "未能解析完") || strings.Contains(out, "秒") {
					t.Fatalf("a finding about time:\n%s", clipLines(out, 5))
				}
				if strings.Contains(out, "pidai-jiupian.md:24:1: syntax: ") {
					t.Fatalf("the loader refused the body; it should be just within its bounds:\n%s", clipLines(out, 5))
				}
				if i == 0 {
					first = out
				} else if out != first {
					t.Fatalf("run %d differs from the first:\n%s\nfirst:\n%s", i+1, clipLines(out, 5), clipLines(first, 5))
				}
			}
		})
	}
}
