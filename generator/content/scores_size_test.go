package content

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestScoreLinesLiveBytes: a decoded review keeps each line's scores in a slice, in the
// order written, where a map per line held them. A review of 5,000 lines of four scores
// must hold at most 350 bytes a line once decoded (the line, its positions and its
// scores), the text it was read from aside: 420 with a map a line, 276 with the slice.
func TestScoreLinesLiveBytes(t *testing.T) {
	const lines = 5000
	var b strings.Builder
	b.WriteString("scores:\n")
	for i := range lines {
		fmt.Fprintf(&b, "  pingding-u%05d/s%06d: {innovation: 24, practicality: 20, benefit: 27.5, promotion: 12}\n", i, i)
	}
	p := "2023/reviews/x11.yaml"
	data := []byte(b.String())
	read := func(int64) ([]byte, error) { return data, nil }
	parseRead(p, Classify(p), int64(len(data)), read) // the parsers' slabs, made once
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	out := parseRead(p, Classify(p), int64(len(data)), read)
	runtime.GC()
	runtime.ReadMemStats(&after)
	rv, ok := out.value.(*Review)
	if !ok || len(rv.Scores) != lines || out.diags.Len() != 0 {
		t.Fatalf("decoded %T with %d lines, %d problems", out.value, len(rv.Scores), out.diags.Len())
	}
	if v, ok := rv.Scores[7].Scores.Get("benefit"); !ok || v != 27.5 {
		t.Fatalf("line 7's benefit: %v %v", v, ok)
	}
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc) - int64(len(data)) // the text: the keys are cut from it
	per := grown / lines
	if per > 350 {
		t.Errorf("%d bytes live a line of four scores, want at most 350", per)
	}
	runtime.KeepAlive(out)
}
