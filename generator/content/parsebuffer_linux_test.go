package content

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestParseFileLendsItsBuffer: parseFile through a load's held root reads each file into
// a buffer it keeps from file to file (readBuffers), and every file parsed so gives what
// parsing it through fs.ReadFile's memory of its own gives, after the files read later
// went through the same buffer (larger files and smaller, a body cut short and a file
// refused among them): nothing parsed holds the buffer's bytes. A file's bytes are no
// longer allocated besides what parseRead copies out (its body): a body of 200 KB read
// 64 times allocates less than 1.5 times its size a read (twice, and more, before).
func TestParseFileLendsItsBuffer(t *testing.T) {
	root, _ := heldFixture(t)
	sub := "content/2023/submissions/u-0001/"
	files := map[string]string{}
	para := strings.Repeat("实训楼化验室针对收费系统的导向轮问题优化了快换接头，返工次数减少。", 40)
	for i, n := range []int{50, 1, 12, 0, 3, 30, 2} {
		body := "## 情况说明\n\n" + strings.Repeat(para+strconv.Itoa(i)+"\n\n", n)
		files[sub+"s"+strconv.Itoa(i)+".md"] = "---\ntitle: 教学模型定位夹具优化" + strconv.Itoa(i) +
			"\ncategory: 小创造\nauthors:\n  - {name: 文玉, role: 主要完成人}\nsubmitted: 2023-09-22\nsummary: 三号棚" + strings.Repeat("创新", i) + "\n---\n" + body
	}
	files[sub+"bad.md"] = "---\ntitle: [未闭合\n---\n正文"
	files[sub+"nofront.md"] = "只有正文"
	for p, text := range files {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, p), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	held, done := holdRoot(DirFS(root))
	defer done()
	if _, ok := held.(bufferedFS); !ok {
		t.Fatalf("the held root (%T) lends no buffer", held)
	}
	names := []string{}
	for i := range 7 {
		names = append(names, sub+"s"+strconv.Itoa(i)+".md")
	}
	names = append(names, sub+"bad.md", sub+"nofront.md")
	var got []parsed
	for _, p := range names {
		got = append(got, parseFile(held, p, Classify(p), int64(len(files[p]))))
	}
	for i, p := range names {
		want := parseFile(DirFS(root), p, Classify(p), int64(len(files[p])))
		if !reflect.DeepEqual(got[i].value, want.value) || !reflect.DeepEqual(got[i].diags.Items(), want.diags.Items()) {
			t.Errorf("%s parsed through the lent buffer: %+v %v, want %+v %v", p, got[i].value, got[i].diags.Items(), want.value, want.diags.Items())
		}
	}
	big := sub + "s0.md"
	parseFile(held, big, Classify(big), int64(len(files[big])))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const reads = 64
	for range reads {
		parseFile(held, big, Classify(big), int64(len(files[big])))
	}
	runtime.ReadMemStats(&after)
	if per := float64(after.TotalAlloc-before.TotalAlloc) / reads; per > 1.5*float64(len(files[big])) {
		t.Errorf("a file of %d bytes allocated %.0f bytes a read", len(files[big]), per)
	}
}
