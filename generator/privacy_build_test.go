package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

// markerStem is in every planted marker and in nothing else, so that even a search index
// that cuts text into three-character keys would show it.
const markerStem = "QZX"

// publicControl is planted in a published field: the grep must find it.
const publicControl = "QZCJV"

// plantPrivate copies the minimal example and writes a distinct marker into every field
// the contract keeps private, into a result that is not awarded and into a non-public
// attachment; a file outside the root holding a marker is hard-linked into the tree.
// It returns the root, the markers by where they are, and the outside file.
func plantPrivate(t *testing.T) (root string, markers map[string]string, outside string) {
	t.Helper()
	root = testtree.Write(t, nil)
	markers = map[string]string{}
	n := 0
	mark := func(where string) string {
		n++
		m := fmt.Sprintf("%s%02dJV", markerStem, n)
		markers[m] = where
		return m
	}
	edit := func(rel, old, new string) {
		t.Helper()
		p := filepath.Join(root, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s has no %q", rel, old)
		}
		if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write := func(rel string, data []byte) {
		t.Helper()
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const sub = "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
	edit(sub, "title: 皮带", "title: "+publicControl+"皮带") // published: shows that the grep sees titles
	edit("content/units.yaml", `liaison: {name: 赵红, phone: "13903530001"}`,
		fmt.Sprintf(`liaison: {name: %s, phone: "%s"}`, mark("liaison name"), mark("liaison phone")))
	edit("content/units.yaml", "admins: [kuangqu-union]", "admins: ["+strings.ToLower(mark("admin login"))+"]")
	edit(sub, `contact: {name: 王建国, phone: "13903530011"}`, fmt.Sprintf(`contact: {name: %s, phone: "%s"}`, mark("contact name"), mark("contact phone")))
	edit("content/2023/reviews/e01.yaml", "promotion: 12}", "promotion: 12, comment: "+mark("review comment")+"}")
	edit("content/experts.yaml", "name: 刘工", "name: "+mark("expert name (publish_experts is false)"))
	edit("content/banned.yaml", "reason: ", "reason: "+mark("ban reason"))

	// A non-public attachment of an awarded result.
	pdf := []byte("%PDF-1.4\n" + mark("non-public attachment") + "\n")
	write("content/2023/attachments/kuangqu-mine1/neibu.pdf", pdf)
	sum := sha256.Sum256(pdf)
	edit(sub, "attachments:\n", "attachments:\n  - {file: neibu.pdf, title: "+mark("non-public attachment title")+", sha256: "+hex.EncodeToString(sum[:])+"}\n")

	// A result declared and commended but not awarded: nothing of it is published.
	r := rand.New(rand.NewPCG(7, 12))
	pool := []rune("机电运维检修巡视故障排除设备改造节能降耗安全生产质量提升工艺流程优化技术攻关材料回收利用成本控制效率班组创新成果推广应用现场管理")
	var body strings.Builder
	for i := 0; i < 160; i++ {
		body.WriteRune(pool[r.IntN(len(pool))])
	}
	write("content/2023/submissions/kuangqu-mine1/weihuo-jiang.md", []byte(`---
title: 未获奖成果`+mark("unawarded title")+`
category: 小革新
innovation: 技术创新
group: 职工
authors:
  - {name: `+mark("unawarded author")+`}
submitted: 2023-09-12
completed: 2023-06-01
summary: 这是一项没有获奖的成果`+mark("unawarded summary")+`。
benefit: {social: `+mark("unawarded benefit")+`}
tags: [`+mark("unawarded tag")+`]
---
`+body.String()+mark("unawarded body")+"\n"))
	edit("content/2023/commendations/kuangqu-mine1/2023-wuxiao.yaml", "awards:\n", "awards:\n  - {submission: kuangqu-mine1/weihuo-jiang, award: 优秀奖}\n")
	edit("content/2023/commendations/kuangqu/2023-wuxiao.yaml", "awards:\n", "awards:\n  - {submission: kuangqu-mine1/weihuo-jiang, award: 优秀奖}\n")

	// A file outside the root, hard-linked in where nothing references it.
	outside = filepath.Join(t.TempDir(), "secret.pdf")
	if err := os.WriteFile(outside, []byte("%PDF-1.4\n"+mark("hard-linked outside file")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(outside, filepath.Join(root, "content/2023/attachments/kuangqu-mine1/yingjian.pdf")); err != nil {
		t.Logf("no hard link here: %v", err)
	}
	return root, markers, outside
}

// grepOutput fails for every marker (or the stem itself, in any case) found in any file
// under out.
func grepOutput(t *testing.T, out string, markers map[string]string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(bytes.ToUpper(data), []byte(markerStem)) {
			for m, where := range markers {
				if bytes.Contains(bytes.ToUpper(data), []byte(m)) {
					t.Errorf("%s publishes the %s", p, where)
				}
			}
			t.Errorf("%s holds a piece of a marker", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 40 {
		t.Fatalf("only %d files in %s", files, out)
	}
}

// TestPrivacyBuild plants a marker in every private field, builds the whole site (search
// index, open data, feeds, form included) and greps every file of it; then adds a link of
// every kind to a file outside the root, which must stop the build and leave the site as
// it was.
func TestPrivacyBuild(t *testing.T) {
	root, markers, outside := plantPrivate(t)
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	out := filepath.Join(t.TempDir(), "public")
	if diags, _, err := Build(cfg, BuildOptions{Out: out}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	grepOutput(t, out, markers)
	if grepTree(t, out, publicControl) == "" {
		t.Fatal("the published control marker is nowhere in the output: the grep proves nothing")
	}
	before := snapshot(t, out)

	outsideDir := filepath.Dir(outside)
	for name, link := range map[string][2]string{
		"absolute link to a file":  {"content/2023/attachments/kuangqu-mine1/yingyong-zhengming.pdf", outside},
		"relative link out":        {"content/pages/leak.md", "../../../" + filepath.Base(outsideDir) + "/secret.pdf"},
		"link to a folder":         {"content/2023/attachments/kuangqu-mine2", outsideDir},
		"link to a link":           {"content/2023/cases/pidai-jiupian.png", "../attachments/kuangqu-mine1/hop.png"},
		"link in the site's theme": {"layouts/static/leak.txt", outside},
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(root, link[0])
			saved, readErr := os.ReadFile(p)
			_ = os.Remove(p)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(link[1], p); err != nil {
				t.Skipf("cannot make a symlink here: %v", err)
			}
			if name == "link to a link" {
				hop := filepath.Join(root, "content/2023/attachments/kuangqu-mine1/hop.png")
				if err := os.Symlink(outside, hop); err != nil {
					t.Fatal(err)
				}
				defer os.Remove(hop)
			}
			defer func() {
				os.Remove(p)
				if readErr == nil {
					_ = os.WriteFile(p, saved, 0o644)
				}
			}()
			if _, _, err := Build(cfg, BuildOptions{Out: out}); err == nil {
				t.Errorf("the build went ahead")
			}
			sameTrees(t, before, snapshot(t, out))
			grepOutput(t, out, markers)
		})
	}
}
