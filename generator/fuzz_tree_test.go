package generator

import (
	"bytes"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/render"
	"wuxiao/generator/rules"
	"wuxiao/generator/search"
	"wuxiao/generator/testtree"
	"wuxiao/layouts"
)

// memOutput keeps a rendered site in memory.
type memOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memOutput) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = data
	return nil
}

// minimalFS reads the minimal example into memory, with its file names in order.
func minimalFS(f *testing.F) (fstest.MapFS, []string) {
	m := fstest.MapFS{}
	var names []string
	for name, text := range testtree.Files(f, testtree.Base()) { // the contract's minimal example
		m[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
		names = append(names, name)
	}
	sort.Strings(names)
	return m, names
}

// FuzzTree mutates one real file of the minimal example (replacing cut bytes at an offset
// by an insertion repeated up to 4,096 times, so that large and pathological files come
// cheaply) and checks the whole tree with every rule. Nothing may panic, the whole check
// must finish within a per-input budget, every finding must name a file of the tree (or a
// required one) at a real line and column, and a tree that passes must render, search
// index included, without error.
func FuzzTree(f *testing.F) {
	base, names := minimalFS(f)
	f.Add(uint8(0), uint16(0), uint8(0), []byte(""), uint16(0))
	f.Add(uint8(20), uint16(400), uint8(0), []byte("*a_"), uint16(4000))
	f.Add(uint8(20), uint16(400), uint8(0), []byte(">"), uint16(4000))
	f.Add(uint8(20), uint16(500), uint8(3), []byte("&#49;3903530011"), uint16(1))
	f.Add(uint8(24), uint16(10), uint8(5), []byte("\"\\u202e钱\\u200b某\""), uint16(1))
	f.Add(uint8(3), uint16(40), uint8(2), []byte("=HYPERLINK(\"x\")"), uint16(1))
	f.Add(uint8(22), uint16(30), uint8(0), []byte("\u3164"), uint16(300))
	f.Add(uint8(1), uint16(0), uint8(0), []byte("- &a [x]\n- *a\n"), uint16(200))
	f.Add(uint8(5), uint16(90), uint8(4), []byte("1.7e308"), uint16(1))
	f.Add(uint8(7), uint16(60), uint8(1), []byte("-"), uint16(1))
	now := testDate("2026-11-25")
	const budget = 20 * time.Second
	f.Fuzz(func(t *testing.T, which uint8, at uint16, cut uint8, insert []byte, repeat uint16) {
		name := names[int(which)%len(names)]
		orig := base[name].Data
		pos := min(int(at), len(orig))
		end := min(pos+int(cut), len(orig))
		rep := int(repeat)%4096 + 1
		if len(insert)*rep > 300<<10 {
			return
		}
		data := make([]byte, 0, len(orig)+len(insert)*rep)
		data = append(append(append(data, orig[:pos]...), bytes.Repeat(insert, rep)...), orig[end:]...)
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}

		start := time.Now()
		tree, diags, err := content.Load(fsys)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		rules.Run(tree, now, rules.All(), diags)
		if took := time.Since(start); took > budget {
			t.Fatalf("checking took %v (mutated %s)", took, name)
		}
		for _, d := range diags.Items() {
			checkFinding(t, fsys, d)
		}
		if diags.Failed(false) {
			return
		}
		site := render.NewSite(tree, "", now)
		out := &memOutput{files: map[string][]byte{}}
		if _, err := render.Render(site, render.Options{Theme: layouts.FS(), Src: fsys, Workers: 1}, out); err != nil {
			t.Fatalf("a tree that passes check does not render: %v", err)
		}
		if _, err := search.WriteSite(out, site, tree, search.Options{}); err != nil {
			t.Fatalf("a tree that passes check has no search index: %v", err)
		}
		if took := time.Since(start); took > 2*budget {
			t.Fatalf("checking and rendering took %v (mutated %s)", took, name)
		}
	})
}

// checkFinding holds a diagnostic to the contract's form: a root-relative path under
// content/ (or .github/CODEOWNERS), a line and column from 1, a rule and a message.
func checkFinding(t *testing.T, fsys fstest.MapFS, d diag.Diagnostic) {
	t.Helper()
	p := d.Pos.File
	if !strings.HasPrefix(p, "content/") && p != ".github/CODEOWNERS" || d.Pos.Line < 1 || d.Pos.Col < 1 || d.Rule == "" || d.Msg == "" {
		t.Errorf("malformed finding: %+v", d)
	}
	if strings.Contains(d.Msg, "内部错误") {
		t.Errorf("internal error reported: %+v", d)
	}
	if _, ok := fsys[p]; !ok && !strings.HasSuffix(p, ".yaml") && !strings.Contains(p, "/attachments/") && d.Rule != "path" {
		t.Errorf("finding on a file that does not exist: %+v", d)
	}
}
