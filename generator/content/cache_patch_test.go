package content

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"wuxiao/generator/testtree"
)

// TestCachePatchedTreeMatchesLoad: after each of 100 random changes to the demo's tree
// (a submission's text edited, broken, mended, added, deleted or renamed; a registry,
// results or a bulletin edited; several at once; an editor's temporary file named too),
// the cache's tree and findings are exactly Load's. An edit of existing submissions' text
// alone patches the last tree: the years it did not touch are the last tree's own (not
// assembled again), a temporary file named with it or not.
func TestCachePatchedTreeMatchesLoad(t *testing.T) {
	m := memTree(t, "../..")
	var subs []string
	for p := range m {
		if Classify(p).Kind == KindSubmission {
			subs = append(subs, p)
		}
	}
	slices.Sort(subs)
	if len(subs) < 20 {
		t.Fatalf("the demo has %d submissions", len(subs))
	}
	original := map[string][]byte{}
	for _, p := range subs {
		original[p] = m[p].Data
	}
	c := NewCache(m)
	last := sameLoad(t, "首次", m, c, nil)
	rng := rand.New(rand.NewPCG(17, 2026))
	clock := int64(2)
	write := func(p string, data []byte) {
		clock++
		m[p] = &fstest.MapFile{Data: data, ModTime: time.Unix(clock, 0)}
	}
	pick := func() string { return subs[rng.IntN(len(subs))] }
	patched := 0
	for step := range 100 {
		var changed []string
		textOnly := true // only existing, parsing submissions' text: the tree is patched
		for range 1 + rng.IntN(2) {
			p := pick()
			_, exists := m[p]
			switch op := rng.IntN(20); {
			case op < 12 && exists: // a title and a sentence edited
				text := strings.Replace(string(m[p].Data), "title: ", "title: 第"+strconv.Itoa(step)+"稿", 1)
				write(p, []byte(text+"\n补充第 "+strconv.Itoa(step)+" 句。\n"))
				textOnly = textOnly && !brokenIn(last, p)
			case op < 14 && exists: // broken
				write(p, []byte("---\ntitle: [\n---\n"))
				textOnly = false
			case op < 16: // mended, or back
				write(p, original[p])
				textOnly = textOnly && exists && Classify(p).Problem == "" && !brokenIn(last, p)
			case op == 16 && exists: // gone
				delete(m, p)
				textOnly = false
			case op == 17 && exists: // renamed
				to := strings.TrimSuffix(p, ".md") + "-x" + strconv.Itoa(step) + ".md"
				m[to] = m[p]
				delete(m, p)
				subs = append(subs, to)
				original[to] = original[p]
				changed = append(changed, to)
				textOnly = false
			default: // another kind of file
				other := []string{"content/units.yaml", "content/2025/results.yaml", "content/2026/competition.yaml"}[rng.IntN(3)]
				write(other, append(slices.Clone(m[other].Data), "\n# 改动\n"...))
				p, textOnly = other, false
			}
			changed = append(changed, p)
		}
		if rng.IntN(4) == 0 { // an editor's temporary file, come and gone before the reload
			changed = append(changed, "content/2025/submissions/.#tmp"+strconv.Itoa(step))
		}
		tree := sameLoad(t, "第 "+strconv.Itoa(step)+" 次改动 "+strings.Join(changed, " "), m, c, changed)
		if t.Failed() {
			return
		}
		if textOnly && tree != nil && last != nil {
			patched++
			for i, y := range tree.Years {
				if !yearTouched(y.Year, changed) && i < len(last.Years) && y != last.Years[i] {
					t.Fatalf("第 %d 次改动只改了申报成果的文字（%v），%d 年却重新组装了", step, changed, y.Year)
				}
			}
		}
		last = tree
	}
	t.Logf("%d of the steps only edited submissions' text", patched)
	if patched < 30 {
		t.Errorf("100 次改动中只有 %d 次是单纯修改申报成果的文字", patched)
	}
}

// brokenIn reports whether tree holds p as a file that did not parse.
func brokenIn(tree *Tree, p string) bool { return tree == nil || tree.Broken[p] }

// yearTouched reports whether any of the paths is under content/<year>/.
func yearTouched(year int, paths []string) bool {
	return slices.ContainsFunc(paths, func(p string) bool { return strings.HasPrefix(p, "content/"+strconv.Itoa(year)+"/") })
}

// FuzzCacheReload: whatever a save does to the rules' base tree (a submission's file
// written with the fuzzer's text, or with it in a front matter, restored, deleted or
// renamed; units.yaml or results.yaml written), up to six saves, the cache's tree and
// findings after each reload of the paths saved are exactly Load's.
func FuzzCacheReload(f *testing.F) {
	f.Add([]byte{1, 0, 3, 0}, []byte("title: 改过的标题\ncategory: 小发明"))
	f.Add([]byte{0, 1, 2, 1, 3, 1}, []byte("---\ntitle: [\n---\n"))
	f.Add([]byte{4, 0, 1, 0, 5, 0}, []byte("- {id: yq, name: 市总工会, type: city}\n"))
	f.Add([]byte{5, 1, 3, 0}, []byte("year: 2023\nstatus: final\n"))
	base := memTree(f, testtree.Base())
	var subs []string
	for p := range base {
		if Classify(p).Kind == KindSubmission {
			subs = append(subs, p)
		}
	}
	slices.Sort(subs)
	f.Fuzz(func(t *testing.T, ops, text []byte) {
		if len(ops) > 12 || len(text) > 4096 {
			t.Skip("six saves of at most 4 KiB")
		}
		m := maps.Clone(base)
		c := NewCache(m)
		sameLoad(t, "首次", m, c, nil)
		for i := 0; i+1 < len(ops); i += 2 {
			p := subs[int(ops[i+1])%len(subs)]
			now := time.Unix(int64(10+i), 0)
			switch ops[i] % 6 {
			case 0:
				m[p] = &fstest.MapFile{Data: text, ModTime: now}
			case 1:
				m[p] = &fstest.MapFile{Data: append([]byte("---\n"+string(text)+"\n---\n"), "正文。\n"...), ModTime: now}
			case 2:
				delete(m, p)
			case 3:
				m[p] = base[p]
			case 4:
				if file, ok := m[p]; ok {
					to := strings.TrimSuffix(p, ".md") + "-x.md"
					m[to] = file
					delete(m, p)
					sameLoad(t, "改名 "+p, m, c, []string{p, to})
					continue
				}
			case 5:
				p = []string{"content/units.yaml", "content/2023/results.yaml"}[int(ops[i+1])%2]
				m[p] = &fstest.MapFile{Data: text, ModTime: now}
			}
			sameLoad(t, "保存 "+p, m, c, []string{p})
			if t.Failed() {
				return
			}
		}
	})
}
