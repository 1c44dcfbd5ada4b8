package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"wuxiao/generator/content"
)

// TestServeSynthetic measures, on a large synthetic tree, the time from saving one
// submission to the reloaded page, and the memory serve holds. It runs only when
// WUXIAO_SYNTH names such a tree (python3 ../shared/tools/synth.py 10000 /tmp/synth10k).
func TestServeSynthetic(t *testing.T) {
	src := os.Getenv("WUXIAO_SYNTH")
	if src == "" {
		t.Skip("设置 WUXIAO_SYNTH=合成内容目录 才运行（python3 /work/shared/tools/synth.py 10000 /tmp/synth10k）")
	}
	root := filepath.Join(t.TempDir(), "synth")
	if out, err := exec.Command("cp", "-a", src, root).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	now, _ := content.ParseDate("2026-11-25")
	start := time.Now()
	s := startServe(t, root, now, testWriter{t})
	t.Logf("首次生成并开始服务：%v", time.Since(start).Round(time.Millisecond))

	res := s.read("content/2023/results.yaml")
	i := strings.Index(res, "{submission: ") + len("{submission: ")
	id := res[i : i+strings.IndexByte(res[i:], ',')]
	file := "content/2023/submissions/" + id + ".md"
	page := "2023/results/" + id + "/"
	orig := s.read(file)
	title := orig[strings.Index(orig, "title: ")+7:]
	title = title[:strings.IndexByte(title, '\n')]
	s.want(page, 200, title)

	var total, rebuild []time.Duration
	for n := range 15 {
		mark := "（第" + string(rune('A'+n)) + "次修改）"
		text := strings.Replace(orig, "title: "+title, "title: "+title+mark, 1)
		t0 := time.Now()
		s.save(file, text)
		s.next("reload")
		t1 := time.Now()
		s.want(page, 200, mark)
		total = append(total, time.Since(t0))
		rebuild = append(rebuild, t1.Sub(t0))
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	slices.Sort(total)
	slices.Sort(rebuild)
	t.Logf("保存一个成果到刷新后的页面：中位数 %v，最慢 %v（其中到刷新信号：中位数 %v）",
		total[len(total)/2].Round(time.Millisecond), total[len(total)-1].Round(time.Millisecond), rebuild[len(rebuild)/2].Round(time.Millisecond))
	t.Logf("serve 占用内存：堆 %.0f MiB（HeapInuse），向系统申请共 %.0f MiB（Sys）", float64(m.HeapInuse)/(1<<20), float64(m.Sys)/(1<<20))
}
