package generator

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
	"wuxiao/generator/testtree"
)

// TestDirtySubmissionsMatchesMapOfValues: after each of 60 random saves to the demo
// (submissions' text edited, with a phone number or not, broken, mended, deleted or
// added; a registry or a page edited; a proof added, changed or deleted; a folder made
// with a proof in it; an
// editor's temporary file come and gone), with the full check remembered after some of
// them, dirtySubmissions answers exactly what comparing the two trees' maps of values
// (valuesOf) answers: the same files, an empty set or nil alike. And the base of the
// quick check, the one-file rules' findings kept for the values not parsed again, is what
// they find over the whole tree.
func TestDirtySubmissionsMatchesMapOfValues(t *testing.T) {
	p, root, now := demoPreview(t)
	var subs []string
	err := filepath.WalkDir(filepath.Join(root, "content"), func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, path)
		if rel = filepath.ToSlash(rel); err == nil && content.Classify(rel).Kind == content.KindSubmission {
			subs = append(subs, rel)
		}
		return err
	})
	if err != nil || len(subs) < 20 {
		t.Fatalf("the demo's submissions: %d (%v)", len(subs), err)
	}
	original := map[string][]byte{}
	for _, s := range subs {
		original[s], _ = os.ReadFile(filepath.Join(root, s))
	}
	write := func(rel string, data []byte) {
		os.MkdirAll(filepath.Dir(filepath.Join(root, rel)), 0o755)
		if err := os.WriteFile(filepath.Join(root, rel), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	appendTo := func(rel, text string) {
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		write(rel, append(data, text...))
	}
	tree, base, err := p.load(nil)
	if err != nil {
		t.Fatal(err)
	}
	p.remember(tree, base, base)
	answered := map[string]int{}
	// saved loads after a save of changed and holds the preview's answers to the
	// reference's.
	saved := func(what string, changed []string) (*content.Tree, *diag.List) {
		t.Helper()
		tree, base, err := p.load(changed)
		if err != nil {
			t.Fatal(err)
		}
		// The base of the checks, the loader's and the one-file rules' findings, kept for
		// the values not parsed again: as the rules find over the whole tree.
		whole, wantBase, err := content.Load(content.DirFS(root))
		if err != nil {
			t.Fatal(err)
		}
		rules.Run(whole, now, p.perFile, wantBase)
		wantBase.Sort()
		base.Sort()
		if !slices.Equal(base.Items(), wantBase.Items()) {
			t.Fatalf("%s %v：一个文件的规则\n得到：%v\n应为：%v", what, changed, base.Items(), wantBase.Items())
		}
		if _, ok := p.changedSinceKnown(tree); ok {
			answered["from the changes"]++
		}
		want := dirtyByMapOfValues(p, tree, changed)
		if got := p.dirtySubmissions(tree, changed); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s %v：得到 %v，按整张值表应为 %v", what, changed, got, want)
		}
		if got := p.dirtyByValues(tree, changed); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s %v：逐个文件比较得到 %v，按整张值表应为 %v", what, changed, got, want)
		}
		switch {
		case want == nil:
			answered["nil"]++
		case len(want) == 0:
			answered["empty"]++
		default:
			answered["some"]++
		}
		return tree, base
	}

	// A proof that grows, then goes (one empty too), after the full check remembered: a
	// later save of a submission alone is not checked as one (the proof may be what it
	// names).
	proof, sub := "content/2025/attachments/chengqu-heating/scripted.pdf", subs[0]
	write(proof, []byte("%PDF-1.4\n"))
	remember := func(tree *content.Tree, base *diag.List) { p.remember(tree, base, base) }
	remember(saved("新的证明材料", []string{proof}))
	write(proof, []byte("%PDF-1.4\n% 长了一些\n"))
	saved("证明材料变大", []string{proof})
	write(sub, []byte(strings.Replace(string(original[sub]), "title: ", "title: 改过的", 1)))
	remember(saved("证明材料变大之后改成果", []string{sub}))
	os.Remove(filepath.Join(root, proof))
	saved("删去证明材料", []string{proof})
	write(sub, original[sub])
	remember(saved("删去证明材料之后改成果", []string{sub}))
	empty := "content/2025/attachments/chengqu-heating/empty.pdf" // gone, with the size it had
	write(empty, nil)
	remember(saved("空的证明材料", []string{empty}))
	os.Remove(filepath.Join(root, empty))
	saved("删去空的证明材料", []string{empty})
	write(sub, []byte(strings.Replace(string(original[sub]), "title: ", "title: 再改的", 1)))
	remember(saved("删去空的证明材料之后改成果", []string{sub}))

	rng := rand.New(rand.NewPCG(29, 2026))
	for step := range 60 {
		var changed []string
		for range 1 + rng.IntN(2) {
			s := subs[rng.IntN(len(subs))]
			switch op := rng.IntN(20); {
			case op < 4: // the one-file rules find a phone number and markup in the body
				write(s, []byte(strings.Replace(string(original[s]), "\n---\n", "\n---\n联系电话 13903530011，<b>加粗</b>。\n", 1)))
			case op < 10:
				write(s, []byte(strings.Replace(string(original[s]), "title: ", "title: 第"+strconv.Itoa(step)+"稿", 1)))
			case op < 12:
				write(s, []byte("---\ntitle: [\n---\n"))
			case op < 14:
				write(s, original[s])
			case op == 14:
				os.Remove(filepath.Join(root, s))
			case op == 15:
				s = strings.TrimSuffix(s, ".md") + "-copy.md"
				write(s, original[strings.TrimSuffix(s, "-copy.md")+".md"])
			case op == 16:
				s = "content/units.yaml"
				appendTo(s, "\n# "+strconv.Itoa(step)+"\n")
			case op == 17 && step%3 == 0: // a proof, new or changed (in its size too)
				s = "content/2025/attachments/chengqu-heating/extra-" + strconv.Itoa(step%2) + ".pdf"
				write(s, []byte("%PDF-1.4\n% "+strings.Repeat("x", step)+"\n"))
			case op == 17 && step%3 == 1: // a proof gone
				s = "content/2025/attachments/chengqu-heating/extra-" + strconv.Itoa(step%2) + ".pdf"
				os.Remove(filepath.Join(root, s))
			case op == 17: // a folder made with a proof in it, the folder named
				s = "content/2025/attachments/chengqu-heating/new-" + strconv.Itoa(step)
				write(s+"/x.pdf", []byte("%PDF-1.4\n"))
			case op == 18:
				s = "content/pages/guide.md"
				appendTo(s, "\n又一段。\n")
			default: // an editor's temporary file, written and removed before the batch
				s = filepath.ToSlash(filepath.Join(filepath.Dir(s), ".#tmp"+strconv.Itoa(step)))
			}
			changed = append(changed, s)
		}
		tree, base := saved("第 "+strconv.Itoa(step)+" 次保存", changed)
		if rng.IntN(2) == 0 {
			remember(tree, base)
		}
	}
	t.Logf("answers: %v", answered)
	if answered["nil"] < 10 || answered["some"] < 10 || answered["from the changes"] < 40 {
		t.Errorf("the steps answered too little of each kind: %v", answered)
	}
}

// dirtyByMapOfValues is dirtySubmissions as it was written first, with a map of every
// file's value: the reference the test holds the quicker one to.
func dirtyByMapOfValues(p *preview, tree *content.Tree, changed []string) map[string]bool {
	if p.known == nil || changed == nil {
		return nil
	}
	now := valuesOf(tree)
	for _, c := range changed {
		v, isNow := now[c]
		if _, known := p.known[c]; !isNow && !known {
			continue
		}
		if _, unparsed := v.(string); unparsed || !isNow {
			return nil
		}
	}
	subs := map[string]bool{}
	for file, v := range now {
		if p.known[file] != v {
			subs[file] = true
		}
	}
	for file, v := range p.known {
		if _, ok := now[file]; !ok {
			return nil
		}
		if _, unparsed := v.(string); unparsed && tree.Files[file] != p.sizes[file] {
			return nil
		}
	}
	for file := range subs {
		if _, before := p.known[file].(*content.Submission); !before || tree.Broken[file] {
			return nil
		}
		if _, after := now[file].(*content.Submission); !after {
			return nil
		}
	}
	return subs
}

// demoPreview is a preview of a copy of the demo content, its root and its day.
func demoPreview(t *testing.T) (*preview, string, content.Date) {
	root := testtree.Demo(t)
	now, _ := content.ParseDate("2026-11-25")
	return newPreview(Config{Root: root, Now: now}, "", nil), root, now
}
