package content

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"wuxiao/generator/testtree"
)

// yamlFiles is the YAML of the content files under root/content: each .yaml file and
// each Markdown file's front matter, by path.
func yamlFiles(t testing.TB, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for p, text := range testtree.Files(t, filepath.Join(root, "content")) {
		data := bytes.TrimPrefix([]byte(text), []byte("\xef\xbb\xbf"))
		switch {
		case strings.HasSuffix(p, ".yaml"):
			out[p] = data
		case strings.HasSuffix(p, ".md"):
			if front, _, _, err := splitFrontMatter(data); err == nil {
				out[p] = front
			}
		}
	}
	return out
}

// v3Root is what parseYAML takes from yaml.v3 for data: the root node of its one
// document, or an error.
func v3Root(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, extra yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("a second document")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, fmt.Errorf("no root")
	}
	return doc.Content[0], nil
}

// sameAsV3 fails t when quickYAML answers for data and its nodes differ from yaml.v3's
// in any field; it reports whether quickYAML answered.
func sameAsV3(t testing.TB, name string, data []byte) bool {
	t.Helper()
	quick, ok := quickRoot(data)
	if !ok {
		return false
	}
	want, err := v3Root(data)
	if err != nil {
		t.Fatalf("%s: quickYAML took what yaml.v3 refuses (%v):\n%s", name, err, data)
	}
	if !reflect.DeepEqual(quick, want) {
		t.Fatalf("%s: quickYAML's nodes differ from yaml.v3's:\n%s\nquick: %s\nv3:    %s", name, data, dumpNode(quick), dumpNode(want))
	}
	return true
}

// quickRoot is quickYAML's root for data, copied out of its slabs.
func quickRoot(data []byte) (root *yaml.Node, ok bool) {
	ok = quickYAML(data, func(r *yaml.Node) { root = cloneNode(r) })
	return root, ok
}

func cloneNode(n *yaml.Node) *yaml.Node {
	c := *n
	if n.Content != nil {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, k := range n.Content {
			c.Content[i] = cloneNode(k)
		}
	}
	return &c
}

func dumpNode(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		fmt.Fprintf(&b, "\n%s%+v", strings.Repeat("  ", depth), *n)
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// TestQuickYAMLMatches: on the demo content, the contract's minimal example and a
// synthetic tree, quickYAML gives yaml.v3's nodes for every file it answers, and it
// answers for the synthetic tree's files (so the fast path is the one a large build
// takes) and most of the others; then for thousands of mutations of them (characters
// YAML gives meaning to, put in, lines cut, joined and indented), wherever quickYAML
// answers, yaml.v3 parses the text to the same nodes.
func TestQuickYAMLMatches(t *testing.T) {
	synth := filepath.Join(t.TempDir(), "synth")
	testtree.Synth(t, 200, synth)
	var all [][]byte
	for _, src := range []struct {
		root string
		min  float64 // the share of files quickYAML must answer for
	}{{"../..", 0.6}, {testtree.Base(), 0.6}, {synth, 0.99}} {
		files := yamlFiles(t, src.root)
		took := 0
		for p, data := range files {
			if sameAsV3(t, p, data) {
				took++
			} else if testing.Verbose() {
				t.Logf("declined: %s", p)
			}
			all = append(all, data)
		}
		if len(files) == 0 || float64(took) < src.min*float64(len(files)) {
			t.Errorf("%s: quickYAML answered for %d of %d files, want at least %.0f%%", src.root, took, len(files), 100*src.min)
		}
		t.Logf("%s: quickYAML answered for %d of %d files", src.root, took, len(files))
	}
	r := rand.New(rand.NewPCG(17, 7))
	pieces := []string{" ", "  ", "\n", "\n  ", "\n- ", "- ", ": ", ":", "-", "{", "}", "[", "]", ",", "#", "\"", "'",
		"?", "!", "&", "*", "|", ">", "%", "@", "`", "~", ".", "y", "0", "1", "0x1", "1e3", "-1", "<<", "张", "x", "\u3000",
		"\u00a0", "\u0085", "\u2028", "\t", "\r", "---", "...", "2023-01-02", "null", "true", "{a: 1}", "[a, b]", "k: v", "😀", "\"q\"", "'q'", "\\", "''"}
	took := 0
	for i := 0; i < 20000; i++ {
		data := []byte(string(all[r.IntN(len(all))]))
		if len(data) > 4000 {
			data = data[:4000]
		}
		for range 1 + r.IntN(3) {
			at := r.IntN(len(data) + 1)
			switch r.IntN(4) {
			case 0, 1:
				data = append(data[:at:at], append([]byte(pieces[r.IntN(len(pieces))]), data[at:]...)...)
			case 2:
				end := min(len(data), at+1+r.IntN(8))
				data = append(data[:at:at], data[end:]...)
			case 3:
				if nl := bytes.IndexByte(data[at:], '\n'); nl >= 0 {
					data = append(data[:at+nl+1:at+nl+1], append([]byte(strings.Repeat(" ", r.IntN(5))), data[at+nl+1:]...)...)
				}
			}
		}
		if sameAsV3(t, fmt.Sprintf("mutation %d", i), data) {
			took++
		}
	}
	if took < 2000 {
		t.Errorf("quickYAML answered for %d of 20000 mutations: too few to test it", took)
	}
	t.Logf("quickYAML answered for %d of 20000 mutations", took)
}

// FuzzQuickYAML: wherever quickYAML answers, yaml.v3 parses the text to the same nodes.
func FuzzQuickYAML(f *testing.F) {
	for _, data := range yamlFiles(f, testtree.Base()) {
		f.Add(data)
	}
	f.Add([]byte("a: 1\nb:\n- {x: 张, y: 2023-01-02}\n- [p, q]\nc:\n  - d: 1\n    e: 0x10\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsV3(t, "fuzz", data)
	})
}

// TestQuickYAMLDeclines: what quickYAML leaves to yaml.v3.
func TestQuickYAMLDeclines(t *testing.T) {
	for _, s := range []string{
		"", "a: 1 # comment\n", "a: \"q\\\"\"\n", "a: 'it''s'\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  x\n", "a:\n", "a: b\n  c\n",
		"---\na: 1\n", "a: 1\n---\nb: 2\n", "a: 1\n...\n", "a:\tb\n", "a: 1\r\nb: 2\n", "a: 😀\n", "a: x: y\n", "- - a\n",
		"-\n  a: 1\n", "a: {b: {c: 1}}\n", "a: {b: 1,}\n", "a: [b, c\n", "a: {b: 1} x\n", "plain\n", "a: 1\n b: 2\n", "? a\n: b\n",
	} {
		if n, ok := quickRoot([]byte(s)); ok {
			t.Errorf("quickYAML(%q) answered %s; it should leave it to yaml.v3", s, dumpNode(n))
		}
	}
}

// TestQuickYAMLSlabs: quickYAML cuts a file's nodes, their children and its lines from
// slabs kept from one file to the next (the synthetic tree's files made 1.4 million nodes
// a build at 10k, each file two slabs of growing size before), so that parsing a review's
// 500 scores again allocates only its text.
func TestQuickYAMLSlabs(t *testing.T) {
	var b strings.Builder
	b.WriteString("scores:\n")
	for i := range 500 {
		fmt.Fprintf(&b, "  pingding-u%05d/s%06d: {innovation: 24, practicality: 20, benefit: 27, promotion: 12}\n", i, i)
	}
	data := []byte(b.String())
	nodes := 0
	count := func(root *yaml.Node) { nodes = len(root.Content) }
	if !quickYAML(data, count) || nodes != 2 {
		t.Fatal("declined")
	}
	if raceEnabled {
		return // the pool of parsers drops them at random under -race
	}
	if n := testing.AllocsPerRun(10, func() { quickYAML(data, count) }); n > 1 {
		t.Errorf("%v allocations, want at most 1 (the text)", n)
	}
}

// TestNumberTag: numberTag tags as yaml.v3 resolves, or leaves the text to it.
func TestNumberTag(t *testing.T) {
	for _, s := range []string{"0", "7", "30", "123456789012345678", "1234567890123456789", "00", "012", "089", "1.5", "0.5",
		"03.5", "12345678901234567.89", "123456789012345678.9", "1.", ".5", "1.2.3", "1e3", "1_000", "0x10", "-1", "+1", "2023-09-20", "1,5"} {
		want, err := v3Root([]byte("- " + s + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got := numberTag(s); got != "" && got != want.Content[0].Tag {
			t.Errorf("numberTag(%q) = %s, yaml.v3 says %s", s, got, want.Content[0].Tag)
		}
	}
}

// TestDateTag: dateTag tags the dates of content files as yaml.v3 resolves them, and
// leaves every other text to it.
func TestDateTag(t *testing.T) {
	for _, s := range []string{"2023-09-20", "2023-9-2", "2024-02-29", "2023-02-29", "2023-13-01", "2023-00-10", "2023-04-31",
		"2023-12-31", "0000-01-01", "2023-09-20T10:00:00Z", "2023-09-20 10:00", "2023-09", "2023-009-20", "20230-09-20",
		"2023-09-200", "2023/09/20", "2023-09-2x", "2023--09", "２０２３-09-20"} {
		want, err := v3Root([]byte("- " + s + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got := dateTag(s); got != "" && got != want.Content[0].Tag {
			t.Errorf("dateTag(%q) = %s, yaml.v3 says %s", s, got, want.Content[0].Tag)
		}
	}
	for _, s := range []string{"2023-09-20", "2023-9-2", "2024-02-29", "1999-12-31"} {
		if got := dateTag(s); got != "!!timestamp" {
			t.Errorf("dateTag(%q) = %q, want !!timestamp without asking yaml.v3", s, got)
		}
	}
}

// quickBytesBefore is quickBytes as it was, which left the encoding to utf8.Valid.
func quickBytesBefore(data []byte) bool {
	lineStart := true
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			lineStart = true
			continue
		case c < 0x20 || c == 0x7F || c == '#':
			return false
		case c < 0x80:
		case c == 0xC2:
			if i+1 >= len(data) || data[i+1] < 0xA0 {
				return false
			}
		case c >= 0xC3 && c <= 0xEC, c == 0xEE:
			if c == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9) {
				return false
			}
		case c == 0xED:
			if i+1 >= len(data) || data[i+1] >= 0xA0 {
				return false
			}
		case c == 0xEF:
			if i+2 >= len(data) || data[i+1] == 0xBB && data[i+2] == 0xBF || data[i+1] == 0xBF && (data[i+2] == 0xBE || data[i+2] == 0xBF) {
				return false
			}
		case c >= 0x80 && c < 0xC0: // a continuation byte
		default: // four-byte characters, which yaml.v3 does not count as printable, and invalid leads
			return false
		}
		if lineStart && (c == '-' || c == '.') && i+2 < len(data) && data[i+1] == c && data[i+2] == c {
			return false
		}
		lineStart = false
	}
	return true
}

// TestQuickBytesValidates: quickBytes takes what quickBytesBefore and utf8.Valid both
// took, and counts what bytes.Count counts, for every sequence of up to three bytes, each
// after a Chinese character and before one, and for 200,000 random mixtures of
// characters, bytes, markers and the separators it counts.
func TestQuickBytesValidates(t *testing.T) {
	check := func(data []byte) {
		counts, got := quickBytes(data)
		if want := quickBytesBefore(data) && utf8.Valid(data); got != want {
			t.Fatalf("quickBytes(%q) = %v, want %v", data, got, want)
		}
		if !got {
			return
		}
		want := quickCounts{
			colons:   bytes.Count(data, []byte(": ")) + bytes.Count(data, []byte(":\n")),
			dashes:   bytes.Count(data, []byte("- ")),
			brackets: bytes.Count(data, []byte{'['}),
			commas:   bytes.Count(data, []byte{','}),
			newlines: bytes.Count(data, []byte{'\n'}),
		}
		if counts != want {
			t.Fatalf("quickBytes(%q) counted %+v, bytes.Count %+v", data, counts, want)
		}
	}
	eachShortSequence(check)
	pieces := []string{"中", "文", "a", " ", "\n", "-", ".", "---", "...", "#", "\t", "\u00a0", "\u0085", "\u00e9", "\u2028", "\u2029",
		"\u2030", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\ud7ff", "\ue000", "😀", "\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80",
		"\xe0\xa0\x80", "\xed\xa0\x80", "\xed\x9f\xbf", "\xef\xbf", "\xe4\xb8", "\xf0\x9f\x98", "\xf4\x90\x80\x80", "\xff", "\x7f", "\x01", ":", ": ", ":\n", "- ", "-", "[", ",", "{", "::"}
	eachMixture(3, 200000, pieces, check)
}

// TestQuickYAMLLetsBigSlabsGo: the slabs of a file far larger than most, such as a year's
// results.yaml at 100,000 results (500,000 nodes, 76 MB of them), are not kept for the
// next file: kept in the pool of parsers, they stayed live until the second collection
// after the content was loaded, at the build's peak. Here 60,000 results' lines (300,000
// nodes, 45 MB of slabs) must leave under 4 MB more live after a collection.
func TestQuickYAMLLetsBigSlabsGo(t *testing.T) {
	var b strings.Builder
	b.WriteString("awards:\n")
	for i := range 60000 {
		fmt.Fprintf(&b, "  - {submission: kuangqu-u%05d/s%06d, award: 特等奖}\n", i, i)
	}
	data := []byte(b.String())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	nodes := 0
	if !quickYAML(data, func(root *yaml.Node) { nodes = len(root.Content[1].Content) }) || nodes != 60000 {
		t.Fatalf("declined or %d awards", nodes)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(data)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 4<<20 {
		t.Errorf("%.1f MiB more live after parsing %d KiB of results and a collection, want under 4 MiB", float64(grown)/(1<<20), len(data)>>10)
	}
}
