package search

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

func sampleDocs() []Doc {
	return []Doc{
		{URL: "2024/results/a/belt/", Kind: KindResult, Title: "皮带输送机托辊快换装置", Unit: "一矿机电科工会",
			Authors: []string{"王建国", "李明"}, Summary: "托辊更换时间由两小时缩短到二十分钟。",
			Body: "针对皮带输送机托辊更换难的问题，自制了快换工具。", Year: 2024, Category: "小发明", Award: "一等奖"},
		{URL: "2024/results/b/greenhouse/", Kind: KindResult, Title: "温室大棚自动卷帘", Unit: "郊区农业合作社工会",
			Authors: []string{"皮带明"}, Summary: "温室卷帘由人工改为自动。",
			Body: "卷帘电机加装限位装置。", Year: 2024, Category: "小革新", Award: "二等奖"},
		{URL: "2023/results/c/valve/", Kind: KindResult, Title: "阀门试压夹具", Unit: "开发区阀门厂工会",
			Authors: []string{"张伟"}, Summary: "试压效率提高一倍。",
			Body: "原来试压要拆装皮带轮，现在不必了。PLC 控制。", Year: 2023, Category: "小发明", Award: "三等奖",
			Extra: []string{"张伟创新工作室"}},
		{URL: "2024/cases/belt/", Kind: KindCase, Title: "一矿的皮带班组", Summary: "典型案例。",
			Body: "皮带班组五年完成革新二十项。", Year: 2024},
		{URL: "2024/bulletins/1/", Kind: KindBulletin, Title: "工作简报第一期", Body: "各县区启动竞赛，温室、皮带等项目踊跃。", Year: 2024},
		{URL: "pages/guide/", Kind: KindPage, Title: "申报指南", Body: "如何填写申报书。"},
	}
}

func opts() Options {
	return Options{Categories: []string{"小发明", "小创造", "小革新", "小设计", "小建议"},
		Awards: []string{"特等奖", "一等奖", "二等奖", "三等奖"}, ShardBytes: 512, DocBytes: 300}
}

func urls(hits []hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.URL)
	}
	return out
}

func TestSearch(t *testing.T) {
	ix, err := Build(sampleDocs(), opts())
	if err != nil {
		t.Fatal(err)
	}
	if ix.Shards < 3 || ix.PerFile < 1 {
		t.Fatalf("shards %d, per file %d: the test wants several shards", ix.Shards, ix.PerFile)
	}
	for _, tc := range []struct {
		q    string
		f    filter
		want []string
	}{
		// title first, then names, then the body; ties newest and highest award first
		{"皮带", filter{}, []string{"2024/results/a/belt/", "2024/cases/belt/", "2024/results/b/greenhouse/", "2024/bulletins/1/", "2023/results/c/valve/"}},
		{"皮带输送", filter{}, []string{"2024/results/a/belt/"}},
		{"皮带 托辊", filter{}, []string{"2024/results/a/belt/"}},
		{"皮带机", filter{}, nil}, // 皮带 and 带机 nowhere adjacent
		{"皮", filter{}, []string{"2024/results/a/belt/", "2024/cases/belt/", "2024/results/b/greenhouse/", "2024/bulletins/1/", "2023/results/c/valve/"}},
		{"王建国", filter{}, []string{"2024/results/a/belt/"}},
		{"阀门", filter{}, []string{"2023/results/c/valve/"}},
		{"plc控制", filter{}, nil}, // a space on the page separates them
		{"ＰＬＣ 控制", filter{}, []string{"2023/results/c/valve/"}},
		{"创新工作室", filter{}, []string{"2023/results/c/valve/"}},
		{"皮带", filter{Year: 2023}, []string{"2023/results/c/valve/"}},
		{"皮带", filter{Kind: KindResult}, []string{"2024/results/a/belt/", "2024/results/b/greenhouse/", "2023/results/c/valve/"}},
		{"皮带", filter{Award: "二等奖"}, []string{"2024/results/b/greenhouse/"}},
		{"皮带", filter{Cat: "小发明"}, []string{"2024/results/a/belt/", "2023/results/c/valve/"}},
		{"温室", filter{}, []string{"2024/results/b/greenhouse/", "2024/bulletins/1/"}},
		{"申报", filter{}, []string{"pages/guide/"}},
		{"", filter{}, nil},
		{"不存在的词", filter{}, nil},
	} {
		e, err := openEngine(ix.Files, pagesOf(sampleDocs()))
		if err != nil {
			t.Fatal(err)
		}
		hits, err := e.search(tc.q, tc.f)
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		if got := urls(hits); !slices.Equal(got, tc.want) {
			t.Errorf("search(%q, %+v) = %q, want %q", tc.q, tc.f, got, tc.want)
		}
	}
}

func TestBuildDeterministic(t *testing.T) {
	a, err := Build(sampleDocs(), opts())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Build(sampleDocs(), opts())
	if len(a.Files) != len(b.Files) {
		t.Fatal("different file sets")
	}
	for name, data := range a.Files {
		if !bytes.Equal(data, b.Files[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	docs := sampleDocs()
	docs[0].Body += "新增"
	c, _ := Build(docs, opts())
	if bytes.Equal(a.Files[Dir+"meta.json"], c.Files[Dir+"meta.json"]) {
		t.Error("meta.json's version did not change with the content")
	}
}

func TestBuildRejectsUnknownKind(t *testing.T) {
	if _, err := Build([]Doc{{URL: "x/", Kind: "other"}}, Options{}); err == nil {
		t.Error("no error for an unknown kind")
	}
}

// contains is the ground truth: every term is in one of the doc's fields.
func containsAll(d *Doc, terms []string) bool {
	for _, t := range terms {
		f := d.Fields()
		if !strings.Contains(Fold(f[0]), t) && !strings.Contains(Fold(f[1]), t) && !strings.Contains(Fold(f[2]), t) {
			return false
		}
	}
	return true
}

// randomDocs makes n documents of text drawn from a small alphabet, so that
// substrings recur across documents and bigrams co-occur without being adjacent.
func randomDocs(r *rand.Rand, n int) []Doc {
	alpha := []rune("皮带输送机温室大棚王李明阀门试压托辊，。AbＣ1 𠀋")
	word := func(lo, hi int) string {
		var b strings.Builder
		for range lo + r.IntN(hi-lo+1) {
			b.WriteRune(alpha[r.IntN(len(alpha))])
		}
		return b.String()
	}
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{URL: "d/" + strconv.Itoa(i) + "/", Kind: KindResult, Title: word(3, 8),
			Unit: word(2, 5), Authors: []string{word(2, 3), word(2, 3)}, Summary: word(5, 20), Body: word(20, 200),
			Year: 2020 + r.IntN(3), Category: []string{"小发明", "小革新"}[r.IntN(2)], Award: []string{"一等奖", "二等奖"}[r.IntN(2)]}
	}
	return docs
}

// substring picks a random piece of 1..6 code units of a doc's text, whole characters.
func substring(r *rand.Rand, d *Doc) string {
	fields := d.Fields()
	u := utf16.Encode([]rune(fields[r.IntN(3)]))
	for {
		i := r.IntN(len(u))
		j := min(len(u), i+1+r.IntN(6))
		s := string(utf16.Decode(u[i:j]))
		if !strings.ContainsRune(s, 0xFFFD) {
			return s
		}
	}
}

func TestRecallRandom(t *testing.T) {
	t.Parallel() // the package is the last go test runs: its tests fill both cores
	r := rand.New(rand.NewPCG(1, 2))
	docs := randomDocs(r, 300)
	ix, err := Build(docs, Options{ShardBytes: 2048, DocBytes: 1024})
	if err != nil {
		t.Fatal(err)
	}
	if ix.Frequent == 0 {
		t.Fatal("no frequent bigrams: the test wants trigrams too")
	}
	e, err := openEngine(ix.Files, pagesOf(docs))
	if err != nil {
		t.Fatal(err)
	}
	for range 500 {
		q := substring(r, &docs[r.IntN(len(docs))])
		terms := Terms(q)
		if len(terms) == 0 {
			continue
		}
		hits, err := e.search(q, filter{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, h := range hits {
			got[h.URL] = true
		}
		want := 0
		for i := range docs {
			if containsAll(&docs[i], terms) {
				want++
				if !got[docs[i].URL] {
					t.Fatalf("query %q: %s contains it but was not found", q, docs[i].URL)
				}
			}
		}
		if want != len(hits) {
			t.Fatalf("query %q: %d hits, %d pages contain it", q, len(hits), want)
		}
	}
}

// TestDocFilesHoldNoBody: the doc files carry what a hit shows without the body (the
// body is published on the document's own page, which the reader fetches to verify a
// match found only there), and a query found only in a body is still found.
func TestDocFilesHoldNoBody(t *testing.T) {
	docs := sampleDocs()
	ix, err := Build(docs, opts())
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range ix.Files {
		if !strings.HasPrefix(name, Dir+"d/") {
			continue
		}
		for _, d := range docs {
			if strings.Contains(string(data), d.Body) {
				t.Errorf("%s holds the body of %s", name, d.URL)
			}
		}
		if !strings.Contains(string(data), "温室卷帘由人工改为自动。") && strings.Contains(string(data), "温室大棚自动卷帘") {
			t.Errorf("%s lost the summary of a result", name)
		}
	}
	e, err := openEngine(ix.Files, pagesOf(docs))
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		"快换工具":   {"2024/results/a/belt/"},       // only in a result's body
		"限位装置":   {"2024/results/b/greenhouse/"}, // only in a result's body
		"五年完成":   {"2024/cases/belt/"},           // a case's body
		"如何填写":   {"pages/guide/"},               // a page's body
		"温室大棚":   {"2024/results/b/greenhouse/"}, // the title, no body needed
		"卷帘 限位":  {"2024/results/b/greenhouse/"}, // title and body together
		"皮带班组五年": {"2024/cases/belt/"},           // non-exact, verified against the page
		"班组五年完":  {"2024/cases/belt/"},
		"皮带完成":   nil, // keys apart, nowhere together
	} {
		hits, err := e.search(q, filter{})
		if err != nil {
			t.Fatal(err)
		}
		if got := urls(hits); !slices.Equal(got, want) {
			t.Errorf("search(%q) = %q, want %q", q, got, want)
		}
	}
}
