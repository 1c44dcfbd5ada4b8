package content

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s), Mode: 0o644} }

// TestMalformedFiles expects a clear error at the right place, no panic, and the other files still read.
func TestMalformedFiles(t *testing.T) {
	big := bytes.Repeat([]byte("a"), 50<<20)
	tests := []struct {
		name, path string
		data       []byte
		want       string
	}{
		{"broken yaml", "content/units.yaml", []byte("- id: yq\n  name: [阳泉\n"), "content/units.yaml:2:1: syntax: YAML 格式错误"},
		{"tab", "content/units.yaml", []byte("- id: yq\n\tname: x\n"), "content/units.yaml:2:1: syntax: 缩进里有制表符"},
		{"unclosed front matter", "content/pages/a.md", []byte("---\ntitle: x\n正文\n"), "content/pages/a.md:1:1: syntax: front matter 没有结束"},
		{"empty yaml", "content/units.yaml", nil, "content/units.yaml:1:1: syntax: 文件为空"},
		{"empty markdown", "content/pages/a.md", nil, "content/pages/a.md:1:1: syntax: 缺少开头的 front matter"},
		{"50 MB yaml", "content/units.yaml", big, "content/units.yaml:1:1: syntax: 文件过大：50.0 MiB，上限为 32.0 MiB"},
		{"2 MB markdown", "content/pages/a.md", big[:2<<20], "content/pages/a.md:1:1: syntax: 文件过大：2.0 MiB，上限为 256 KiB"},
		{"markdown a byte too large", "content/pages/a.md", big[:MaxMarkdown+1], "content/pages/a.md:1:1: syntax: 文件过大：257 KiB，上限为 256 KiB"},
		{"yaml a byte too large", "content/units.yaml", big[:MaxYAML+1], "content/units.yaml:1:1: syntax: 文件过大：32.1 MiB，上限为 32.0 MiB"},
		{"invalid utf-8", "content/units.yaml", []byte("- id: yq\n  name: 阳\xff泉\n"), "content/units.yaml:2:10: syntax: 文件不是有效的 UTF-8 编码"},
		{"invalid utf-8 after a comment", "content/units.yaml", []byte("# 单位\n- id: yq\n  name: 阳\xe6\xb3泉\n"), "content/units.yaml:3:10: syntax: 文件不是有效的 UTF-8 编码"},
		{"invalid utf-8 in front matter", "content/pages/a.md", []byte("---\ntitle: 阳\xff\n---\n正文\n"), "content/pages/a.md:2:9: syntax: 文件不是有效的 UTF-8 编码"},
		{"invalid utf-8 in the body", "content/pages/a.md", []byte("---\ntitle: 阳泉\n---\n正文\xed\xa0\x80\n"), "content/pages/a.md:4:3: syntax: 文件不是有效的 UTF-8 编码"},
		{"invalid utf-8 in unclosed front matter", "content/pages/a.md", []byte("---\ntitle: x\n正文\xc0\xaf\n"), "content/pages/a.md:3:3: syntax: 文件不是有效的 UTF-8 编码"},
		{"invalid utf-8 before a crowded body", "content/pages/a.md", []byte("---\ntitle: 阳\xf0\x9f\n---\n" + strings.Repeat("*a* ", 400) + "\n"), "content/pages/a.md:2:9: syntax: 文件不是有效的 UTF-8 编码"},
		{"two documents", "content/site.yaml", []byte("title: a\n---\ntitle: b\n"), "content/site.yaml:2:1: syntax: 一个文件只能有一个 YAML 文档"},
		{"scalar instead of list", "content/units.yaml", []byte("yq\n"), "content/units.yaml:1:1: schema: 单位名录 应为列表"},
		{"nested 3000 levels", "content/site.yaml", []byte(deepYAML(3000)), "content/site.yaml:130:129: syntax: 这一行缩进超过 128 个空格"},
		{"alias bomb", "content/site.yaml", []byte(aliasBomb), "content/site.yaml:10:5: schema: organizers 第 7 项 应为文字"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"content/experts.yaml": file("- {id: e01, name: 刘工, nickname: x}\n"),
				tc.path:                {Data: tc.data, Mode: 0o644},
			}
			tree, diags, err := Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			got := diags.Text()
			if !strings.Contains(got, tc.want) {
				t.Fatalf("want %q in:\n%s", tc.want, got)
			}
			if !strings.Contains(got, "content/experts.yaml:1:23: schema: 未知的键 \"nickname\"") {
				t.Errorf("the other file should still be checked:\n%s", got)
			}
			if strings.Contains(tc.want, "UTF-8") && strings.Count(got, "syntax:") != 1 {
				t.Errorf("a file not in UTF-8 should be told only that:\n%s", got)
			}
			if n := diags.Len(); n > 20 {
				t.Errorf("%d diagnostics: one problem should not multiply", n)
			}
			if len(tree.Experts) != 1 {
				t.Errorf("experts.yaml should still load, got %d experts", len(tree.Experts))
			}
		})
	}
}

// aliasBomb expands to 9^7 nodes if followed blindly.
// The decoder only follows aliases as deep as the schema goes, so it never expands it.
const aliasBomb = `title: 炸弹
base_url: https://example.org/
organizers:
  - &a ["x","x","x","x","x","x","x","x","x"]
  - &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  - &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  - &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  - &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  - &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  - [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`

// TestBodyLineStaysTrue keeps Markdown body positions equal to file lines, with CRLF and a BOM.
func TestBodyLineStaysTrue(t *testing.T) {
	src := "\xef\xbb\xbf---\r\ntitle: 关于\r\nweight: 2\r\n---\r\n第一行\r\n"
	tree, diags, err := Load(fstest.MapFS{"content/pages/about.md": file(src)})
	if err != nil || diags.Len() != 0 {
		t.Fatalf("err %v diags %s", err, diags.Text())
	}
	p := tree.Pages[0]
	if p.BodyLine != 5 || !strings.HasPrefix(p.Body, "第一行") || p.Weight != 2 {
		t.Fatalf("body line %d body %q weight %d", p.BodyLine, p.Body, p.Weight)
	}
	if got := p.Pos.At("weight").String(); got != "content/pages/about.md:3:9" {
		t.Errorf("weight at %s", got)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		path    string
		kind    Kind
		problem bool
	}{
		{"content/site.yaml", KindSite, false},
		{"content/README.md", KindIgnored, false},
		{"content/.DS_Store", KindIgnored, false},
		{"content/2023/submissions/a-b/c-d.md", KindSubmission, false},
		{"content/2023/submissions/a_b/c.md", KindSubmission, true},
		{"content/2023/submissions/a/b/c.md", KindUnknown, true},
		{"content/2023/attachments/a/sub/x.pdf", KindAttachment, false},
		{"content/2023/cases/x.png", KindCaseImage, false},
		{"content/23/competition.yaml", KindUnknown, true},
		{"content/pages/guide.md", KindPage, false},
		{"content/pages/guide.yaml", KindUnknown, true},
	}
	for _, tc := range tests {
		pl := Classify(tc.path)
		if pl.Kind != tc.kind || (pl.Problem != "") != tc.problem {
			t.Errorf("%s: kind %v problem %q", tc.path, pl.Kind, pl.Problem)
		}
	}
}

// failingDir is a file system whose folder bad cannot be listed.
type failingDir struct {
	fstest.MapFS
	bad string
}

func (f failingDir) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

// TestUnreadableFolder: a folder that cannot be read is one error at its path, and every
// other file is still read and checked.
func TestUnreadableFolder(t *testing.T) {
	fsys := failingDir{fstest.MapFS{
		"content/2023/reviews/e01.yaml": file("scores: {}\n"),
		"content/units.yaml":            file("- id: yq\n  name: [阳泉\n"),
	}, "content/2023/reviews"}
	tree, diags, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load stopped: %v", err)
	}
	text := diags.Text()
	for _, want := range []string{
		"content/2023/reviews:1:1: syntax: 无法读取目录：没有读取权限",
		"content/units.yaml:2:1: syntax: YAML 格式错误",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in:\n%s", want, text)
		}
	}
	if tree == nil {
		t.Fatal("no tree")
	}
}

// deepYAML nests n block sequences, one more space each line.
func deepYAML(n int) string {
	var b strings.Builder
	b.WriteString("title:\n")
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(" ", i+1) + "- \n")
	}
	return b.String()
}

// A file with a problem on every line (33 MB of "- 1": 8 million list items, each not a
// mapping) gets its first MaxFileProblems told and one line saying the rest are not:
// before, wuxiao check told all 8,388,599 (987 MB of output, 11.9 GB peak, 130 s CPU).
func TestSchemaProblemsOfAFileAreCapped(t *testing.T) {
	fsys := fstest.MapFS{"content/units.yaml": file(strings.Repeat("- 1\n", 100_000))}
	_, diags, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := diags.Text()
	if n := diags.Len(); n > MaxFileProblems+1 || !strings.Contains(got, "content/units.yaml:201:3: schema: 这个文件的格式问题超过 200 个") {
		t.Fatalf("%d diagnostics, want at most %d and the last saying the rest are not told; the last lines:\n%s", n, MaxFileProblems+1, got[max(0, len(got)-400):])
	}
}
