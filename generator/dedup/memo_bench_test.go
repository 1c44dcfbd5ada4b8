package dedup

import (
	"strconv"
	"testing"

	"wuxiao/generator/cpuclock"
)

// BenchmarkMemoRebuild10k is rule duplicate's part of wuxiao build --cache after one
// text changed: the memo the last build saved is read back, Find runs through it with
// one text edited (alternating between two edits, as BenchmarkCachedRebuild does) and
// the memo is saved again. It reports the CPU time of the three and the memo's size.
func BenchmarkMemoRebuild10k(b *testing.B) {
	docs, _ := corpus(10000)
	docs = append([]Doc(nil), docs...)
	orig := docs[0].Text
	memo := NewMemo()
	opt := Options{MinRatio: 0.01}
	if _, err := Find(docs, Options{MinRatio: opt.MinRatio, Memo: memo}); err != nil {
		b.Fatal(err)
	}
	saved, err := memo.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	memoCounted := 0
	cpu0 := cpuclock.Used()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		docs[0].Text = "第" + strconv.Itoa(i%2) + "次改过的标题\n" + orig
		m := NewMemo()
		if err := m.UnmarshalBinary(saved); err != nil {
			b.Fatal(err)
		}
		if _, err := Find(docs, Options{MinRatio: opt.MinRatio, Memo: m}); err != nil {
			b.Fatal(err)
		}
		memoCounted = m.counted
		if m.counted == len(docs) {
			b.Fatal("searched from scratch")
		}
		if saved, err = m.MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuclock.Used()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(saved))/1e6, "MB")
	b.ReportMetric(float64(memoCounted), "counted")
}
