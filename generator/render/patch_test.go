package render

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"regexp"
	"sort"
	"sync"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/layouts"
)

// TestLazyUpdateMatchesRender makes random edits to the demo tree, reloading it through a
// content.Cache as serve does, and after each compares every file of the updated Lazy with
// the files Render writes for a fresh site of the tree. It counts the updates that patched
// the site in place: edits of a submission's text must, others must not.
func TestLazyUpdateMatchesRender(t *testing.T) {
	mem, cache, now, lazy := demoLazy(t)
	opt := Options{Theme: layouts.FS(), Src: mem}
	var results []string // submissions published as results, whose pages list them
	for _, r := range lazy.m.base.site.Results {
		results = append(results, "content/"+itoa(r.Year.Year)+"/submissions/"+r.ID+".md")
	}
	sort.Strings(results)
	field := func(name string) *regexp.Regexp { return regexp.MustCompile(`(?m)^` + name + `: (.*)$`) }
	type edit struct {
		what  string
		patch bool // the site is patched in place
		do    func(rng *rand.Rand) []string
	}
	n := 0
	var gone string // a submission deleted, to be created again
	var goneData []byte
	retitle := func(re *regexp.Regexp, rng *rand.Rand) []string {
		f := results[rng.IntN(len(results))]
		n++
		mem[f] = re.ReplaceAll(mem[f], []byte("$0（第"+itoa(n)+"次修改）"))
		return []string{f}
	}
	edits := []edit{
		{"成果名称", true, func(rng *rand.Rand) []string { return retitle(field("title"), rng) }},
		{"成果简介", true, func(rng *rand.Rand) []string { return retitle(field("summary"), rng) }},
		{"正文", true, func(rng *rand.Rand) []string {
			f := results[rng.IntN(len(results))]
			n++
			mem[f] = append(mem[f], []byte("\n补充说明第"+itoa(n)+"次。\n")...)
			return []string{f}
		}},
		{"经济效益", true, func(rng *rand.Rand) []string {
			f := results[rng.IntN(len(results))]
			n++
			mem[f] = field("  economic").ReplaceAll(mem[f], []byte("  economic: "+itoa(n)+".5"))
			return []string{f}
		}},
		{"类别", false, func(rng *rand.Rand) []string {
			f := results[rng.IntN(len(results))]
			old := field("category").FindSubmatch(mem[f])[1]
			to := map[string]string{"小发明": "小创造", "小创造": "小革新", "小革新": "小设计", "小设计": "小建议", "小建议": "小发明"}[string(old)]
			mem[f] = field("category").ReplaceAll(mem[f], []byte("category: "+to))
			return []string{f}
		}},
		{"单位名称", false, func(rng *rand.Rand) []string {
			n++
			mem["content/units.yaml"] = bytes.Replace(mem["content/units.yaml"], []byte("name: 阳泉市城区总工会"), []byte("name: 阳泉市城区总工会"+itoa(n)), 1)
			mem["content/units.yaml"] = regexp.MustCompile(`name: 阳泉市城区总工会\d+`).ReplaceAll(mem["content/units.yaml"], []byte("name: 阳泉市城区总工会"+itoa(n)))
			return []string{"content/units.yaml"}
		}},
		{"删去一个成果", false, func(rng *rand.Rand) []string {
			if gone != "" {
				return nil
			}
			i := rng.IntN(len(results))
			gone, goneData = results[i], mem[results[i]]
			delete(mem, gone)
			results = append(results[:i:i], results[i+1:]...)
			return []string{gone}
		}},
		{"重新建立删去的成果", false, func(rng *rand.Rand) []string {
			if gone == "" {
				return nil
			}
			f := gone
			mem[f], gone = goneData, ""
			results = append(results, f)
			sort.Strings(results)
			return []string{f}
		}},
	}
	patched := map[string]int{}
	rng := rand.New(rand.NewPCG(17, 2026))
	for step := range 14 {
		e := edits[step%len(edits)]
		if step >= len(edits) {
			e = edits[rng.IntN(len(edits))]
		}
		changed := e.do(rng)
		if changed == nil {
			continue
		}
		tree, _, err := cache.Reload(changed)
		if err != nil {
			t.Fatal(err)
		}
		lazy.m.wait = time.Minute // the readers are slow under -race: patch after them all the same
		var wg sync.WaitGroup     // a browser still reading the site shown while it is patched
		for _, name := range lazy.Names()[:40] {
			wg.Go(func() { lazy.File(name) })
		}
		next, ok := lazy.Update(tree, "", now)
		wg.Wait()
		if ok != e.patch {
			t.Errorf("第 %d 步（%s）：原地修补 %v，应为 %v", step, e.what, ok, e.patch)
		}
		if ok {
			patched[e.what]++
		}
		lazy = next
		want := &memOutput{files: map[string][]byte{}}
		if _, err := Render(NewSite(tree, "", now), opt, want); err != nil {
			t.Fatal(err)
		}
		for name, data := range want.files { // all at once, as browsers ask
			wg.Go(func() {
				got, err := lazy.File(name)
				if err != nil || !bytes.Equal(got, data) {
					t.Errorf("第 %d 步（%s）后 %s 与新生成的不同（%v）", step, e.what, name, err)
				}
			})
		}
		wg.Wait()
		if names := lazy.Names(); len(names) > len(want.files) {
			t.Errorf("第 %d 步（%s）后多出文件：%d 个，新生成的 %d 个", step, e.what, len(names), len(want.files))
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("原地修补：%v", patched)
}

// demoFiles is the repository's demo content in memory.
func demoFiles(t *testing.T) content.MemFS {
	mem := content.MemFS{}
	err := fs.WalkDir(os.DirFS("../.."), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		mem[p], err = os.ReadFile("../../" + p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return mem
}

// TestLazyUpdateDoesNotWaitForALongRender: while a page of the site shown is still being
// rendered (the search index of a large site takes a second), Update makes a new site
// instead of waiting to patch, and the new one shows the change.
func TestLazyUpdateDoesNotWaitForALongRender(t *testing.T) {
	mem, cache, now, lazy := demoLazy(t)
	r := lazy.m.base.site.Results[0]
	f := "content/" + itoa(r.Year.Year) + "/submissions/" + r.ID + ".md"
	mem[f] = bytes.Replace(mem[f], []byte("title: "+r.Title), []byte("title: "+r.Title+"（改）"), 1)
	tree, _, err := cache.Reload([]string{f})
	if err != nil {
		t.Fatal(err)
	}
	lazy.m.mu.RLock() // a render in progress
	start := time.Now()
	next, patched := lazy.Update(tree, "", now)
	took := time.Since(start)
	lazy.m.mu.RUnlock()
	if patched || took > time.Second {
		t.Errorf("渲染进行中：原地修补 %v，用时 %v；应不等待，另建网站", patched, took)
	}
	page, err := next.File(outputFile(r.URL))
	if err != nil || !bytes.Contains(page, []byte(r.Title+"（改）")) {
		t.Errorf("新网站的 %s 没有新标题（%v）", r.URL, err)
	}
	if _, patched := next.Update(tree, "", now); !patched {
		t.Errorf("没有渲染进行时应原地修补")
	}
}

// demoLazy is the demo tree in memory, the content.Cache serve reads it through, and a
// Lazy of its site on the test's day.
func demoLazy(t *testing.T) (content.MemFS, *content.Cache, content.Date, *Lazy) {
	t.Helper()
	mem := demoFiles(t)
	cache := content.NewCache(mem)
	tree, _, err := cache.Reload(nil)
	if err != nil {
		t.Fatal(err)
	}
	now, _ := content.ParseDate("2026-11-25")
	lazy, err := NewLazy(NewSite(tree, "", now), Options{Theme: layouts.FS(), Src: mem})
	if err != nil {
		t.Fatal(err)
	}
	return mem, cache, now, lazy
}
