package dedup

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

const (
	belt = "带式输送机是煤矿井下运输的主要设备。去年以来，主井皮带先后七次因输送带跑偏而被迫停机处理。" +
		"机电队组织技术骨干进行了现场调查，发现问题出在机尾改向滚筒上，根本原因是托辊支架安装不正。" +
		"我们在机尾加装了一组可调心托辊，并把重锤张紧改为液压自动张紧，改造后跑偏停机次数大幅减少。"
	greenhouse = "东庄村的日光温室过去靠人工看管放风口，棚内温度忽高忽低，冬季夜间还时常冻苗。" +
		"合作社用单片机制作了温度控制器，按设定温度自动开关放风口，并安装了手机远程查看温湿度的监测系统。" +
		"现在一个人可以同时管理十多个大棚，黄瓜每亩产量提高了八百公斤。"
	heating = "桃园换热站供热面积四十万平方米，末端用户室温长期不达标。运行班在各楼栋入口加装了静态平衡阀，" +
		"又对循环泵加装了变频控制柜，按室外温度调节供水温度，用户投诉明显减少，循环泵耗电量下降三成。"
)

func TestFindPassage(t *testing.T) {
	// B pastes the middle sentence of belt, in traditional characters with
	// full-width punctuation, between two sentences of its own.
	copied := "機電隊組織技術骨幹進行了現場調查，發現問題出在機尾改向滾筒上，根本原因是托輥支架安裝不正。"
	b := greenhouse[:strings.Index(greenhouse, "合作社")] + copied + greenhouse[strings.Index(greenhouse, "合作社"):]
	docs := []Doc{{ID: "belt", Text: belt}, {ID: "heating", Text: heating}, {ID: "b", Text: b}}
	pairs, err := Find(docs, Options{MinRatio: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 1 || pairs[0].A != 0 || pairs[0].B != 2 {
		t.Fatalf("pairs = %+v, want one pair 0-2", pairs)
	}
	p := pairs[0]
	if len(p.Passages) != 1 {
		t.Fatalf("passages = %+v, want one", p.Passages)
	}
	ps := p.Passages[0]
	gotA, gotB := belt[ps.AStart:ps.AEnd], b[ps.BStart:ps.BEnd]
	if gotA != "机电队组织技术骨干进行了现场调查，发现问题出在机尾改向滚筒上，根本原因是托辊支架安装不正" {
		t.Errorf("passage in A = %q", gotA)
	}
	if gotB != strings.TrimSuffix(copied, "。") {
		t.Errorf("passage in B = %q", gotB)
	}
	if p.CoverB < 0.25 || p.CoverB > 0.45 || p.CoverA < 0.25 || p.CoverA > 0.45 {
		t.Errorf("covers %.2f %.2f, want about a third each", p.CoverA, p.CoverB)
	}
	if p.Longest != 42 {
		t.Errorf("longest = %d, want 42", p.Longest)
	}
}

func TestFindNothing(t *testing.T) {
	docs := []Doc{{ID: "a", Text: belt}, {ID: "b", Text: greenhouse}, {ID: "c", Text: heating}, {ID: "d", Text: ""}, {ID: "e", Text: "。。。"}, {ID: "f", Text: "皮带"}}
	pairs, err := Find(docs, Options{})
	if err != nil || len(pairs) != 0 {
		t.Errorf("Find = %+v, %v; want nothing", pairs, err)
	}
	if _, err := Find(nil, Options{}); err != nil {
		t.Error(err)
	}
	if _, err := Find(docs, Options{MinRatio: 2}); err == nil {
		t.Error("MinRatio 2 accepted")
	}
}

func TestFindReordered(t *testing.T) {
	ss := sentences(belt + heating)
	rev := make([]string, len(ss))
	for i, s := range ss {
		rev[len(ss)-1-i] = s
	}
	docs := []Doc{{ID: "a", Text: belt + heating}, {ID: "b", Text: strings.Join(rev, "")}}
	pairs, err := Find(docs, Options{})
	if err != nil || len(pairs) != 1 {
		t.Fatalf("Find = %+v, %v", pairs, err)
	}
	p := pairs[0]
	if p.CoverA < 0.95 || p.CoverB < 0.95 {
		t.Errorf("covers %.2f %.2f, want ≈ 1", p.CoverA, p.CoverB)
	}
	for i := 1; i < len(p.Passages); i++ {
		if p.Passages[i].BStart < p.Passages[i-1].BEnd {
			t.Errorf("passages not sorted by B: %+v", p.Passages)
		}
	}
}

// TestFindDeterministic checks that the worker count does not change the result.
func TestFindDeterministic(t *testing.T) {
	c := buildEval(3, 3, 2)
	one, err1 := Find(c.docs, Options{Workers: 1})
	two, err2 := Find(c.docs, Options{Workers: 3})
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !reflect.DeepEqual(one, two) {
		t.Error("results differ between 1 and 3 workers")
	}
	if len(one) == 0 {
		t.Error("no pairs found")
	}
}

// memStore is a Store in memory; with broken set, every write fails.
type memStore struct {
	mu     sync.Mutex
	files  map[string][]byte
	broken bool
}

func (m *memStore) ReadFile(name string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.files[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return data, nil
}

func (m *memStore) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.broken {
		return errors.New("disk full")
	}
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	m.files[name] = slices.Clone(data)
	return nil
}

func TestCache(t *testing.T) {
	store := &memStore{}
	c := buildEval(4, 3, 2)
	want, err := Find(c.docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for run := range 3 {
		got, err := Find(c.docs, Options{Cache: store})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d with cache differs", run)
		}
	}
	if len(store.files) == 0 {
		t.Fatal("no cache written")
	}
	// A damaged shard is ignored, one changed text is fingerprinted afresh.
	for name := range store.files {
		store.files[name] = []byte("garbage")
		break
	}
	c.docs[len(c.docs)-1].Text = belt
	c.docs[0].Text = belt + "\n" + greenhouse
	want, _ = Find(c.docs, Options{})
	got, err := Find(c.docs, Options{Cache: store})
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("after a change, with cache: %v, differs: %v", err, !reflect.DeepEqual(got, want))
	}
	// A cache that cannot be written is reported, the pairs still come.
	got, err = Find(c.docs, Options{Cache: &memStore{broken: true}})
	if err == nil || !reflect.DeepEqual(got, want) {
		t.Errorf("unusable cache: err %v, pairs differ: %v", err, !reflect.DeepEqual(got, want))
	}
}

func TestWinnowGuarantee(t *testing.T) {
	// Every shared run of gramLen+window-1 characters yields a shared fingerprint.
	r := rand.New(rand.NewPCG(5, 5))
	alphabet := []rune("输送机托辊滚筒温室大棚放风供热管网配电柜")
	randText := func(n int) []rune {
		s := make([]rune, n)
		for i := range s {
			s[i] = alphabet[r.IntN(len(alphabet))]
		}
		return s
	}
	var sc scratch
	for range 500 {
		shared := randText(minPassage)
		a := append(append(randText(r.IntN(40)), shared...), randText(r.IntN(40))...)
		b := append(append(randText(r.IntN(40)), shared...), randText(r.IntN(40))...)
		fa, fb := fingerprint(a, &sc), fingerprint(b, &sc)
		common := false
		for _, h := range fa {
			for _, k := range fb {
				common = common || h == k
			}
		}
		if !common {
			t.Fatalf("no common fingerprint for %q / %q", string(a), string(b))
		}
	}
}

// TestWinnowMatchesRef: winnow selects what the definition does, window by window: the
// rightmost minimum of every window of window hashes (of all of them in a shorter list),
// each position once, in order, on lists of few distinct hashes (many ties). The
// fingerprints the cache keeps depend on it (fails with ties taken leftmost, or a window
// one hash short).
func TestWinnowMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 3000 {
		hashes := make([]uint32, r.IntN(40))
		values := 1 + r.IntN(6)
		for i := range hashes {
			hashes[i] = uint32(r.IntN(values))
		}
		var want []int32
		w := min(window, len(hashes))
		for start := 0; start+w <= len(hashes) && w > 0; start++ {
			least := start
			for i := start; i < start+w; i++ {
				if hashes[i] <= hashes[least] {
					least = i
				}
			}
			if len(want) == 0 || want[len(want)-1] != int32(least) {
				want = append(want, int32(least))
			}
		}
		if got := winnow(nil, hashes); !slices.Equal(got, want) {
			t.Fatalf("winnow(%v) = %v, want %v", hashes, got, want)
		}
	}
}
