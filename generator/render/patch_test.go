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

	"wuxiao/generator/content"
	"wuxiao/layouts"
)

// TestLazyUpdateMatchesRender makes random edits to the demo tree, reloading it through a
// content.Cache as serve does, and after each compares every file of the updated Lazy with
// the files Render writes for a fresh site of the tree. It counts the updates that patched
// the site in place: edits of a submission's text must, others must not.
func TestLazyUpdateMatchesRender(t *testing.T) {
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
	cache := content.NewCache(mem)
	tree, _, err := cache.Reload(nil)
	if err != nil {
		t.Fatal(err)
	}
	now, _ := content.ParseDate("2026-11-25")
	opt := Options{Theme: layouts.FS(), Src: mem}
	lazy, err := NewLazy(NewSite(tree, "", now), opt)
	if err != nil {
		t.Fatal(err)
	}
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
		var wg sync.WaitGroup // a browser still reading the site shown while it is patched
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
