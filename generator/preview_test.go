package generator

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
)

// TestPreviewChecksLikeCheck: serve's full check finds exactly what the loader and every
// rule find over the whole tree, before and after changes, and so does its quick check,
// rule duplicate aside (the demo content has no copies until the last step).
func TestPreviewChecksLikeCheck(t *testing.T) {
	p, root, now := demoPreview(t)
	var all, quickRules []rules.Rule
	for _, r := range ruleset.All(nil) {
		all = append(all, r)
		if !r.Slow {
			quickRules = append(quickRules, r)
		}
	}
	check := func(rs []rules.Rule) []diag.Diagnostic {
		tree, want, err := content.Load(content.DirFS(root))
		if err != nil {
			t.Fatal(err)
		}
		rules.Run(tree, now, rs, want)
		want.Sort()
		return want.Items()
	}
	var last []diag.Diagnostic
	forget := false // when set, the next step's full check is superseded (not remembered)
	step := func(what string, changed []string) {
		t.Helper()
		tree, base, err := p.load(changed)
		if err != nil {
			t.Fatal(err)
		}
		quick := p.quick(tree, base, changed)
		full := p.full(nil, tree, base, now)
		if want := check(all); !slices.Equal(full.Items(), want) {
			t.Errorf("%s：完整检查\n得到：%v\n应为：%v", what, full.Items(), want)
		}
		if want := check(quickRules); !slices.Equal(quick.Items(), want) {
			t.Errorf("%s：快速检查\n得到：%v\n应为：%v", what, quick.Items(), want)
		}
		if forget {
			forget = false
			return
		}
		p.remember(tree, base, full)
		last = full.Items()
	}
	step("首次", nil)
	sub := "content/2026/submissions/kuangqu-mine1/jiwei-qingsao.md"
	data, _ := os.ReadFile(filepath.Join(root, sub))
	write := func(text string) {
		if err := os.WriteFile(filepath.Join(root, sub), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(strings.Replace(string(data), "\n---\n", "\n---\n联系电话 13903530011，<b>加粗</b>，"+content.Placeholder+"。\n", 1))
	step("正文出错", []string{sub})
	write(strings.Replace(string(data), "group: 职工", "group: 农业", 1))
	step("组别出错", []string{sub})
	if err := os.Rename(filepath.Join(root, "content/pages/guide.md"), filepath.Join(root, "content/pages/Guide.md")); err != nil {
		t.Fatal(err)
	}
	step("改名", []string{"content/pages/guide.md", "content/pages/Guide.md"})
	write(string(data))
	step("改正", []string{sub})
	// Two saves whose first full check is superseded: the second quick check builds on an
	// older full check and must look again at both files.
	sub2 := "content/2026/submissions/chengqu-bus/chemen-fangjia.md"
	data2, _ := os.ReadFile(filepath.Join(root, sub2))
	write(strings.Replace(string(data), "group: 职工", "group: 师生", 1))
	forget = true
	step("未完整检查的改动", []string{sub})
	if err := os.WriteFile(filepath.Join(root, sub2), []byte(strings.Replace(string(data2), "\n---\n", "\n---\n邮箱 a@b.cn\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	step("又一处改动", []string{sub2})
	write(string(data))
	if err := os.WriteFile(filepath.Join(root, sub2), data2, 0o644); err != nil {
		t.Fatal(err)
	}
	step("都改正", []string{sub, sub2})
	other := "content/2026/submissions/kuangqu-mine3/fengmen-bisuo.md"
	copyData, _ := os.ReadFile(filepath.Join(root, "content/2026/submissions/chengqu-bus/chemen-fangjia.md"))
	if err := os.WriteFile(filepath.Join(root, other), copyData, 0o644); err != nil {
		t.Fatal(err)
	}
	step("照抄", []string{other})
	if !strings.Contains(strings.Join(func() (s []string) {
		for _, d := range last {
			s = append(s, d.String())
		}
		return
	}(), "\n"), "duplicate") {
		t.Errorf("完整检查应发现照抄")
	}
}

// TestPreviewQuickBeforeAnyFullCheck: before the first full check has finished (seconds on
// a large tree), the quick checks after a save of a submission's text are reduced ones,
// built on the first quick check, and find what the quick rules find over the whole tree.
func TestPreviewQuickBeforeAnyFullCheck(t *testing.T) {
	p, root, now := demoPreview(t)
	var quickRules []rules.Rule
	for _, r := range ruleset.All(nil) {
		if !r.Slow {
			quickRules = append(quickRules, r)
		}
	}
	tree, base, err := p.load(nil)
	if err != nil {
		t.Fatal(err)
	}
	p.quick(tree, base, nil)
	sub := "content/2026/submissions/kuangqu-mine1/jiwei-qingsao.md"
	data, _ := os.ReadFile(filepath.Join(root, sub))
	for i, text := range []string{
		strings.Replace(string(data), "\n---\n", "\n---\n联系电话 13903530011，"+content.Placeholder+"。\n", 1), // errors in the body
		strings.Replace(string(data), "title: ", "title: 改进的", 1),
		string(data),
	} {
		if err := os.WriteFile(filepath.Join(root, sub), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		changed := []string{sub}
		tree, base, err := p.load(changed)
		if err != nil {
			t.Fatal(err)
		}
		if p.dirtySubmissions(tree, changed) == nil {
			t.Errorf("第 %d 次保存：没有按改动的成果做快速检查", i)
		}
		got := p.quick(tree, base, changed)
		whole, want, err := content.Load(content.DirFS(root))
		if err != nil {
			t.Fatal(err)
		}
		rules.Run(whole, now, quickRules, want)
		want.Sort()
		if !slices.Equal(got.Items(), want.Items()) {
			t.Errorf("第 %d 次保存：快速检查\n得到：%v\n应为：%v", i, got.Items(), want.Items())
		}
	}
}
