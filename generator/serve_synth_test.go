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
// WUXIAO_SYNTH names such a tree (python3 generator/testtree/testdata/synth.py 10000 /tmp/synth10k).
func TestServeSynthetic(t *testing.T) {
	root, now := synthCopy(t)
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

	measure := func(what string, n int, pause time.Duration) {
		var total, signal []time.Duration
		for i := range n {
			time.Sleep(pause)
			mark := "（" + what + "第" + string(rune('A'+i)) + "次修改）"
			text := strings.Replace(orig, "title: "+title, "title: "+title+mark, 1)
			t0 := time.Now()
			s.save(file, text)
			s.next("reload")
			t1 := time.Now()
			s.want(page, 200, mark)
			total = append(total, time.Since(t0))
			signal = append(signal, t1.Sub(t0))
		}
		slices.Sort(total)
		slices.Sort(signal)
		t.Logf("%s：保存一个成果到刷新后的页面 中位数 %v，最快 %v，最慢 %v（到刷新信号的中位数 %v）", what,
			total[n/2].Round(time.Millisecond), total[0].Round(time.Millisecond), total[n-1].Round(time.Millisecond), signal[n/2].Round(time.Millisecond))
	}
	measure("连续保存", 15, 0)
	settled := false // wait for the full check of the last save, duplicate included
	for !settled {
		select {
		case n := <-s.settled:
			t.Logf("完整检查：%d 个错误", n)
		case <-time.After(30 * time.Second):
			settled = true
		}
		if len(s.settled) == 0 {
			time.Sleep(500 * time.Millisecond)
			settled = len(s.settled) == 0
		}
	}
	measure("完整检查之后", 5, 0)
	measure("隔两秒保存（完整检查同时进行）", 5, 2*time.Second)
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	t.Logf("serve 占用内存：堆 %.0f MiB（HeapInuse），向系统申请共 %.0f MiB（Sys）", float64(m.HeapInuse)/(1<<20), float64(m.Sys)/(1<<20))
}

// synthCopy copies the content of the large synthetic tree WUXIAO_SYNTH names into a
// temporary root, and gives the day its competition is seen on; without the variable the
// test skips, saying how to make such a tree.
func synthCopy(t *testing.T) (root string, now content.Date) {
	t.Helper()
	src := os.Getenv("WUXIAO_SYNTH")
	if src == "" {
		t.Skip("设置 WUXIAO_SYNTH=合成内容目录 才运行（python3 generator/testtree/testdata/synth.py 10000 /tmp/synth10k）")
	}
	root = t.TempDir()
	if out, err := exec.Command("cp", "-a", filepath.Join(src, "content"), root).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	now, _ = content.ParseDate("2026-11-25")
	return root, now
}
