package rules_test

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
)

// TestMemoMatchesRun: one memo carried through every scenario of testdata/scenarios, each
// followed by the base tree again (so that findings come and go, under another day too),
// gives at every step exactly the findings of a run without a memo; the memo is read back
// from its bytes at every step, as a build reads it from its cache. Every scenario changes
// a few files of the base, so this is the differential test of the memo's keys against
// every rule's scenarios: a key that misses what a rule reads keeps a stale finding.
func TestMemoMatchesRun(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "scenarios", "*.txtar"))
	if len(files) < 10 {
		t.Fatal("no scenarios")
	}
	m := &memoSteps{t: t, memo: rules.NewMemo()}
	step := m.step
	step("base", baseTree(t), "2024-06-01")
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		a := parseArchive(data)
		fsys := baseTree(t)
		now := "2024-06-01"
		for _, line := range strings.Split(a.comment, "\n") {
			if p, ok := strings.CutPrefix(line, "delete "); ok {
				delete(fsys, strings.TrimSpace(p))
			}
			if d, ok := strings.CutPrefix(line, "now "); ok {
				now = strings.TrimSpace(d)
			}
		}
		for _, f := range a.files {
			if f.name != "want" {
				fsys[f.name] = &fstest.MapFile{Data: f.data, Mode: 0o644}
			}
		}
		step(name, fsys, now)
		step(name+" undone", baseTree(t), now)
	}
	if m.hits == 0 {
		t.Error("the memo never answered")
	}
}

// TestMemoKeys: edits that keep every file's size (a digit turned in each file of the base
// tree in turn: dates, scores, quotas; a phone number over a title's characters) and other
// days, one memo carried through, give at every step the findings of a run without a memo.
// Only the files' bytes and the day tell these steps apart.
func TestMemoKeys(t *testing.T) {
	m := &memoSteps{t: t, memo: rules.NewMemo()}
	base := baseTree(t)
	for _, day := range []string{"2024-06-01", "2023-03-01", "2023-12-31", "2030-01-01", "2024-06-01"} {
		m.step("day "+day, base, day)
	}
	names := slices.Sorted(maps.Keys(base))
	digit := regexp.MustCompile(`[0-9]`)
	rng := rand.New(rand.NewPCG(17, 17))
	for _, name := range names {
		data := base[name].Data
		at := digit.FindAllIndex(data, -1)
		if len(at) == 0 || !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".md") {
			continue
		}
		for range 4 {
			i := at[rng.IntN(len(at))][0]
			edited := slices.Clone(data)
			edited[i] = '0' + (data[i]-'0'+1+byte(rng.IntN(8)))%10
			fsys := baseTree(t)
			fsys[name] = &fstest.MapFile{Data: edited, Mode: 0o644}
			m.step(fmt.Sprintf("%s: byte %d %q→%q", name, i, data[i], edited[i]), fsys, "2024-06-01")
		}
		m.step("base again", base, "2024-06-01")
	}
	// Files read as bytes (proof materials, covers: the base and a case's cover from a
	// scenario), their first byte turned.
	withCover := baseTree(t)
	data, err := os.ReadFile(filepath.Join("testdata", "scenarios", "ref-pass.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range parseArchive(data).files {
		if f.name != "want" {
			withCover[f.name] = &fstest.MapFile{Data: f.data, Mode: 0o644}
		}
	}
	for _, tree := range []fstest.MapFS{base, withCover} {
		for _, name := range slices.Sorted(maps.Keys(tree)) {
			if strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".md") {
				continue
			}
			edited := slices.Clone(tree[name].Data)
			edited[0] ^= 0x20
			fsys := maps.Clone(tree)
			fsys[name] = &fstest.MapFile{Data: edited, Mode: 0o644}
			m.step(name+": its first byte turned", fsys, "2024-06-01")
			m.step("as it was", tree, "2024-06-01")
		}
	}
	title := regexp.MustCompile(`(?m)^title: \p{Han}{4}`) // 12 bytes, as many as a phone number and a space
	for _, name := range names {
		if !strings.Contains(name, "/submissions/") {
			continue
		}
		if !title.Match(base[name].Data) {
			t.Fatalf("%s: no title of four characters", name)
		}
		fsys := baseTree(t)
		fsys[name] = &fstest.MapFile{Data: title.ReplaceAll(base[name].Data, []byte("title: 13903530011 ")), Mode: 0o644}
		m.step(name+": a phone number in the title", fsys, "2024-06-01")
		m.step("base again", base, "2024-06-01")
	}
	if m.hits == 0 {
		t.Error("the memo never answered")
	}
}

// memoSteps runs one tree after another through one memo, comparing each with a run
// without one.
type memoSteps struct {
	t    *testing.T
	memo *rules.Memo
	hits int
}

func (m *memoSteps) step(name string, fsys fstest.MapFS, now string) {
	t := m.t
	t.Helper()
	memo := m.memo
	d, err := content.ParseDate(now)
	if err != nil {
		t.Fatal(err)
	}
	cold := func() *diag.List {
		tree, diags, err := content.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		rules.Run(tree, d, ruleset.All(nil), diags)
		diags.Sort()
		return diags
	}()
	tree, diags, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string][32]byte{} // of the files the loader reads, as a build has them
	for name, f := range fsys {
		if strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".yaml") {
			sums[name] = sha256.Sum256(f.Data)
		}
	}
	data, err := memo.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if memo, err = rules.ReadMemo(data); err != nil {
		t.Fatalf("%s: the memo's own bytes do not read back: %v", name, err)
	}
	m.hits += rules.RunMemo(tree, d, ruleset.All(nil), sums, memo, diags)
	m.memo = memo
	diags.Sort()
	if got, want := diags.Text(), cold.Text(); got != want {
		t.Errorf("%s: through the memo\n%s\nwithout\n%s", name, got, want)
	}
}

// TestMemoDamaged: bytes that are no memo read as an error or as a memo, never a panic;
// a memo cut anywhere is refused; a memo of an error reads back empty.
func TestMemoDamaged(t *testing.T) {
	memo := rules.NewMemo()
	fsys := baseTree(t)
	tree, diags, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string][32]byte{}
	for name, f := range fsys {
		sums[name] = sha256.Sum256(f.Data)
	}
	d, _ := content.ParseDate("2024-06-01")
	rules.RunMemo(tree, d, ruleset.All(nil), sums, memo, diags)
	data, err := memo.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for i := range len(data) {
		if _, err := rules.ReadMemo(data[:i]); err == nil {
			t.Fatalf("a memo cut at %d of %d bytes was read", i, len(data))
		}
		for _, b := range [][]byte{data[:i], append(append([]byte{}, data[:i]...), data[i]^0xff)} {
			m, err := rules.ReadMemo(b)
			if err != nil && m == nil {
				t.Fatalf("ReadMemo of %d bytes: no memo with its error", len(b))
			}
		}
	}
}
