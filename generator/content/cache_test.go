package content

import (
	"io/fs"
	"os"
	"reflect"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"wuxiao/generator/testtree"
)

// sameLoad fails unless the cache's tree and findings are exactly Load's (the findings in
// order of place: the cache gathers them in no order, and every reader sorts them).
func sameLoad(t *testing.T, what string, fsys fs.FS, c *Cache, changed []string) *Tree {
	t.Helper()
	want, wantDiags, err1 := Load(fsys)
	got, gotDiags, err2 := c.Reload(changed)
	if (err1 == nil) != (err2 == nil) {
		t.Fatalf("%s：错误不同：%v / %v", what, err1, err2)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s：缓存得到的树与 Load 不同", what)
	}
	wantDiags.Sort()
	gotDiags.Sort()
	w, g := wantDiags.Items(), gotDiags.Items()
	if !slices.Equal(w, g) {
		t.Errorf("%s：发现的问题不同：\nLoad：%v\n缓存：%v", what, w, g)
	}
	return got
}

func TestCacheMatchesLoad(t *testing.T) {
	for _, root := range []string{"../..", "../rules/testdata/base"} {
		fsys := os.DirFS(root)
		sameLoad(t, root, fsys, NewCache(fsys), nil)
	}
}

func TestCacheFollowsChanges(t *testing.T) {
	m := memTree(t, testtree.Base())
	c := NewCache(m)
	first := sameLoad(t, "首次", m, c, nil)
	sub := "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
	bul := "content/2023/bulletins/2023-01.md"
	keep := first.Years[0].Bulletins[0]
	touch := func(p, data string) { m[p] = &fstest.MapFile{Data: []byte(data), ModTime: time.Unix(2, 0)} }

	touch(sub, string(m[sub].Data)+"\n补充一句。\n")
	tree := sameLoad(t, "改动", m, c, []string{sub})
	if tree.Years[0].Bulletins[0] != keep {
		t.Errorf("未改动的文件被重新解析了")
	}
	touch("content/2023/cases/new/x.md", "---\ntitle: x\n---\n")
	sameLoad(t, "新目录中的文件", m, c, []string{"content/2023/cases/new"})
	delete(m, "content/2023/cases/new/x.md")
	sameLoad(t, "删除目录", m, c, []string{"content/2023/cases/new"})
	m["content/2023/bulletins/renamed.md"] = m[bul]
	delete(m, bul)
	sameLoad(t, "改名", m, c, []string{bul, "content/2023/bulletins/renamed.md"})
	touch(sub, "---\ntitle: [\n---\n")
	sameLoad(t, "改坏", m, c, []string{sub})
	touch("content/units.yaml", "- {id: yq, name: 市总工会, type: city}\n- null\n")
	sameLoad(t, "名录", m, c, []string{"content/units.yaml"})
	sameLoad(t, "再次读取名录", m, c, []string{"content/units.yaml", "content/2023"})
	sameLoad(t, "全部重新检查", m, c, nil)
}
