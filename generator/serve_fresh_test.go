package generator

import (
	"bytes"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
)

// TestServeMatchesFreshBuild saves a random sequence of edits into a served demo tree:
// titles and summaries shown in lists, a unit's name, a category, a bulletin deleted and
// made again, a new bulletin, a submission broken (YAML) and fixed. After each, every file
// a cold build of the tree writes (with serve's address as base URL) is served with the
// same bytes, but for the script serve adds to its pages, first as the quick check shows
// it and again once the full check has settled; a tree the build refuses keeps the last
// good site, under the overlay naming file:line:col in Chinese.
func TestServeMatchesFreshBuild(t *testing.T) {
	now, _ := content.ParseDate("2026-11-25")
	root := testtree.Demo(t)
	var log logLines
	s := startServe(t, root, now, &log)
	go func() { // the pages are polled; the events are not needed
		for range s.events {
		}
	}()
	seed := uint64(time.Now().UnixNano())
	if v, err := strconv.ParseUint(os.Getenv("WUXIAO_SEED"), 10, 64); err == nil {
		seed = v
	}
	t.Logf("WUXIAO_SEED=%d", seed)
	rng := rand.New(rand.NewPCG(seed, 17))

	var results []string // awarded submissions, listed on many pages
	for _, m := range regexp.MustCompile(`submission: ([\w/-]+)`).FindAllStringSubmatch(s.read("content/2025/results.yaml"), -1) {
		results = append(results, "content/2025/submissions/"+m[1]+".md")
	}
	pick := func() string { return results[rng.IntN(len(results))] }
	n := 0
	mark := func() string { n++; return "（第" + strconv.Itoa(n) + "次修改）" }
	line := func(file, key, to string) {
		re := regexp.MustCompile(`(?m)^` + key + `: .*$`)
		s.save(file, re.ReplaceAllLiteralString(s.read(file), key+": "+to))
	}
	field := func(file, key string) string {
		return regexp.MustCompile(`(?m)^` + key + `: (.*)$`).FindStringSubmatch(s.read(file))[1]
	}
	var broken, brokenText string // a submission whose front matter does not parse, and its good text
	bulletin := "content/2025/bulletins/2025-04.md"
	bulletinText := s.read(bulletin)
	edits := map[string]func(){
		"成果名称": func() { f := pick(); line(f, "title", field(f, "title")+mark()) },
		"成果简介": func() { f := pick(); line(f, "summary", field(f, "summary")+mark()) },
		"单位名称": func() {
			re := regexp.MustCompile(`name: 阳泉市城区总工会.*`)
			s.save("content/units.yaml", re.ReplaceAllLiteralString(s.read("content/units.yaml"), "name: 阳泉市城区总工会"+mark()))
		},
		"成果类别": func() {
			f := pick()
			to := map[string]string{"小发明": "小创造", "小创造": "小革新", "小革新": "小设计", "小设计": "小建议", "小建议": "小发明"}
			line(f, "category", to[field(f, "category")])
		},
		"删去或恢复简报": func() {
			if _, err := os.Stat(filepath.Join(root, bulletin)); err == nil {
				if err := os.Remove(filepath.Join(root, bulletin)); err != nil {
					t.Fatal(err)
				}
				return
			}
			s.save(bulletin, bulletinText)
		},
		"新建简报": func() {
			f := "content/2026/bulletins/new-" + strconv.Itoa(n+1) + ".md"
			s.save(f, "---\ntitle: 新的工作简报"+mark()+"\ndate: 2026-11-20\nissue: "+strconv.Itoa(100+n)+"\n---\n各级工会继续推进“五小”竞赛。\n")
		},
		"YAML 写错": func() {
			broken = pick()
			brokenText = s.read(broken)
			s.save(broken, strings.Replace(brokenText, "\ncategory: ", "\ncategory: [", 1))
		},
	}
	edits["改正"] = func() { s.save(broken, brokenText); broken = "" }
	var kinds []string
	for _, k := range rng.Perm(7) {
		kinds = append(kinds, []string{"成果名称", "成果简介", "单位名称", "成果类别", "删去或恢复简报", "新建简报", "YAML 写错"}[k])
	}
	for range 5 {
		kinds = append(kinds, []string{"成果名称", "成果名称", "成果简介", "删去或恢复简报"}[rng.IntN(4)])
	}
	for i, k := range kinds {
		if k == "YAML 写错" {
			kinds = append(kinds[:i+1], append([]string{"改正"}, kinds[i+1:]...)...)
			break
		}
	}

	good := s.coldBuild(now) // the files of the last tree that passed
	s.matches(good, "")
	for step, kind := range kinds {
		for len(s.settled) > 0 {
			<-s.settled
		}
		edits[kind]()
		t.Logf("第 %d 步：%s", step, kind)
		want := s.coldBuild(now)
		switch {
		case want != nil:
			s.matches(want, "") // the quick check's site
			s.fullCheck()
			s.matches(want, "") // and after the full check
			good = want
		case broken != "":
			s.matches(good, broken+":") // the last good site, under the error
			_, page := s.get("")
			m := regexp.MustCompile(regexp.QuoteMeta(broken) + `:(\d+):(\d+)</code> <span[^>]*>(\w+)</span><br><span class="wuxiao-msg">([^<]*)`).FindStringSubmatch(page)
			if m == nil || m[1] == "0" || m[2] == "0" || !regexp.MustCompile(`\p{Han}`).MatchString(m[4]) {
				t.Errorf("遮罩没有用中文指出 %s 的行和列：%v", broken, m)
			} else {
				t.Logf("遮罩：%s:%s:%s %s %s", broken, m[1], m[2], m[3], m[4])
			}
		default:
			t.Fatalf("第 %d 步（%s）后的内容没有通过检查", step, kind)
		}
		if t.Failed() {
			return
		}
	}
	if !strings.Contains(log.String(), "然后修补网站") { // the titles and summaries changed
		t.Errorf("没有一次保存是原地修补网站的：\n%s", log.String())
	}
}

// logLines keeps serve's progress lines.
type logLines struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// coldBuild builds the served tree afresh, with serve's address as base URL, and returns
// its files; nil when the build refuses the tree.
func (s *served) coldBuild(now content.Date) map[string][]byte {
	s.t.Helper()
	out := filepath.Join(s.t.TempDir(), "public")
	_, _, err := Build(Config{Root: s.root, Now: now}, BuildOptions{Out: out, BaseURL: s.url})
	if err == ErrCheckFailed {
		return nil
	}
	if err != nil {
		s.t.Fatal(err)
	}
	files := map[string][]byte{}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ".wuxiao-site" { // build's mark of its output folder
			return err
		}
		rel, _ := filepath.Rel(out, p)
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return files
}

// matches waits (up to 20 s) until every file of want is served with its bytes, the
// pages with serve's script added and with the overlay when overlay is not "" (a text it
// must hold), and reports those that never are.
func (s *served) matches(want map[string][]byte, overlay string) {
	s.t.Helper()
	script := []byte(`<script src="/_wuxiao/live.js"></script>`)
	overlayStart := []byte(`<div id="wuxiao-overlay"`)
	deadline := time.Now().Add(20 * time.Second)
	for name, data := range want {
		for {
			resp, err := http.Get(s.url + name)
			if err != nil {
				s.t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			ok := resp.StatusCode == 200
			if strings.HasSuffix(name, ".html") {
				i := bytes.Index(got, overlayStart)
				if (i >= 0) != (overlay != "") || overlay != "" && !bytes.Contains(got[i:], []byte(overlay)) {
					ok = false
				} else if i >= 0 {
					got = append(got[:i:i], got[i+bytes.Index(got[i:], []byte("</div>"))+len("</div>"):]...)
				}
				got = bytes.Replace(got, script, nil, 1)
			}
			if ok && bytes.Equal(got, data) {
				break
			}
			if time.Now().After(deadline) {
				s.t.Errorf("%s：与新生成的不同（状态 %d，%d 字节，应为 %d 字节）", name, resp.StatusCode, len(got), len(data))
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}
