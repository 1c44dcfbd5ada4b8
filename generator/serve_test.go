package generator

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
)

// served is a running wuxiao serve over a temporary copy of the demo content.
type served struct {
	t       *testing.T
	root    string
	url     string
	events  chan [2]string // server-sent events: name, data
	settled chan int       // errors of each full check
}

// testWriter logs serve's progress lines in the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func startServe(t *testing.T, root string, now content.Date, log io.Writer) *served {
	t.Helper()
	s := &served{t: t, root: root, events: make(chan [2]string, 100), settled: make(chan int, 100)}
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, Config{Root: root, Now: now}, ServeOptions{Addr: "127.0.0.1:0", Log: log,
			Ready: func(u string) { ready <- u }, Settled: func(errs int) { s.settled <- errs }})
	}()
	select {
	case s.url = <-ready:
	case err := <-done:
		t.Fatalf("serve 未能启动：%v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("serve 启动超时")
	}
	resp, err := http.Get(s.url + "_wuxiao/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		resp.Body.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve：%v", err)
		}
	})
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var name string
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				name = v
			} else if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				s.events <- [2]string{name, v}
			}
		}
	}()
	s.next("hello")
	return s
}

// next waits for the next event, which must be want, and returns its data.
func (s *served) next(want string) string {
	s.t.Helper()
	select {
	case ev := <-s.events:
		if ev[0] != want {
			s.t.Fatalf("收到事件 %s（%.200s），应为 %s", ev[0], ev[1], want)
		}
		return ev[1]
	case <-time.After(20 * time.Second):
		s.t.Fatalf("等不到事件 %s", want)
	}
	return ""
}

func (s *served) get(page string) (int, string) {
	s.t.Helper()
	resp, err := http.Get(s.url + page)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// fullCheck waits for a full check to settle and returns its number of errors.
func (s *served) fullCheck() int {
	s.t.Helper()
	select {
	case n := <-s.settled:
		return n
	case <-time.After(60 * time.Second):
		s.t.Fatal("等不到完整检查")
	}
	return 0
}

// save writes a file the way many editors do: into a temporary file, renamed over it.
func (s *served) save(rel, text string) {
	s.t.Helper()
	p := filepath.Join(s.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		s.t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		s.t.Fatal(err)
	}
}

func (s *served) read(rel string) string {
	s.t.Helper()
	data, err := os.ReadFile(filepath.Join(s.root, filepath.FromSlash(rel)))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(data)
}

// until waits, event by event, for page to answer code with has, then checks it: on a
// loaded machine the watcher may bring one change in two batches, so a reload may be a
// late one of the step before.
func (s *served) until(page string, code int, has ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, body := s.get(page)
		ok := got == code
		for _, h := range has {
			ok = ok && strings.Contains(body, h)
		}
		if ok || time.Now().After(deadline) {
			return s.want(page, code, has...)
		}
		select {
		case <-s.events:
		case <-time.After(time.Until(deadline)):
		}
	}
}

// nextSkipping waits for the next event want, passing over late reloads of earlier steps.
func (s *served) nextSkipping(want string) string {
	s.t.Helper()
	for {
		select {
		case ev := <-s.events:
			if ev[0] == want {
				return ev[1]
			}
			if ev[0] != "reload" {
				s.t.Fatalf("收到事件 %s（%.200s），应为 %s", ev[0], ev[1], want)
			}
		case <-time.After(20 * time.Second):
			s.t.Fatalf("等不到事件 %s", want)
			return ""
		}
	}
}

func (s *served) want(page string, code int, has ...string) string {
	s.t.Helper()
	got, body := s.get(page)
	if got != code {
		s.t.Errorf("%s：状态 %d，应为 %d", page, got, code)
	}
	for _, h := range has {
		if !strings.Contains(body, h) {
			s.t.Errorf("%s 中没有 %q", page, h)
		}
	}
	return body
}

// TestServe drives serve with real file writes: an edit, files in a new folder, a rename,
// a deletion, a broken file and its fix; it checks the pages, the overlay and the reloads.
func TestServe(t *testing.T) {
	now, _ := content.ParseDate("2026-11-25")
	s := startServe(t, testtree.Demo(t), now, nil)
	script := `<script src="/_wuxiao/live.js"></script></body>`
	result := "2025/results/chengqu-heating/huanrezhan-wurenzhishou/"
	sub := "content/2025/submissions/chengqu-heating/huanrezhan-wurenzhishou.md"
	s.want(result, 200, "小区换热站无人值守远程调节方案", script)
	s.want("pages/about/", 200, "关于竞赛")

	// An edit.
	orig := s.read(sub)
	s.save(sub, strings.Replace(orig, "title: 小区换热站无人值守远程调节方案", "title: 小区换热站无人值守远程调节系统", 1))
	s.next("reload")
	s.want(result, 200, "小区换热站无人值守远程调节系统")

	// Files in folders that did not exist: a new year with a bulletin.
	s.save("content/2027/competition.yaml", strings.ReplaceAll(s.read("content/2026/competition.yaml"), "2026", "2027"))
	s.save("content/2027/bulletins/2027-01.md", "---\ntitle: 2027年竞赛筹备工作简报\ndate: 2026-11-20\nissue: 1\n---\n市总工会着手筹备2027年“五小”竞赛。\n")
	for {
		s.next("reload")
		if code, _ := s.get("2027/bulletins/2027-01/"); code == 200 {
			break // the two files may come in one batch or two
		}
	}
	s.want("2027/bulletins/2027-01/", 200, "2027年竞赛筹备工作简报")

	// A rename.
	if err := os.Rename(filepath.Join(s.root, "content/2027/bulletins/2027-01.md"), filepath.Join(s.root, "content/2027/bulletins/chouhei.md")); err != nil {
		t.Fatal(err)
	}
	s.until("2027/bulletins/chouhei/", 200, "2027年竞赛筹备工作简报")
	s.until("2027/bulletins/2027-01/", 404)

	// A deletion.
	if err := os.Remove(filepath.Join(s.root, "content/pages/about.md")); err != nil {
		t.Fatal(err)
	}
	s.until("pages/about/", 404)

	// The site's own layouts/ overrides a template of the theme, and stops doing so.
	s.save("layouts/page.html", `{{define "main"}}<article class="own-layout"><h1>{{.Page.Title}}</h1>{{.Body}}</article>{{end}}`)
	s.until("pages/guide/", 200, `<article class="own-layout">`)
	if err := os.RemoveAll(filepath.Join(s.root, "layouts")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
		if _, body := s.get("pages/guide/"); !strings.Contains(body, "own-layout") {
			break
		}
		s.next("reload")
	}
	if body := s.want("pages/guide/", 200); strings.Contains(body, "own-layout") {
		t.Errorf("删去 layouts/ 后仍用它的模板")
	}

	// A broken file: the overlay names file, line and message; the last good site stays.
	broken := strings.Replace(s.read(sub), "category: 小设计", "category: 小设汁", 1)
	s.save(sub, broken)
	data := s.nextSkipping("problems")
	where := sub + ":3:11"
	for _, h := range []string{where, "schema", "不在可选范围内"} {
		if !strings.Contains(data, h) {
			t.Errorf("错误事件中没有 %q：%s", h, data)
		}
	}
	body := s.want(result, 200, "小区换热站无人值守远程调节系统", `<div id="wuxiao-overlay"`, where, "小设汁", script)
	if strings.Index(body, `<div id="wuxiao-overlay"`) > strings.Index(body, script) {
		t.Errorf("遮罩应在脚本之前")
	}
	// Its fix.
	s.save(sub, orig)
	body = s.until(result, 200, "小区换热站无人值守远程调节方案")
	if strings.Contains(body, "wuxiao-overlay") {
		t.Errorf("改正后仍有遮罩")
	}
	if _, js := s.get("_wuxiao/status"); !strings.Contains(js, `"problems":null`) {
		t.Errorf("状态：%s", js)
	}

	// A copy of another result passes the quick check and shows at once; the full check
	// that follows finds it, and the pages go back to the last good site under the error.
	for s.fullCheck() != 0 {
	}
	for drained := false; !drained; { // reloads of the steps before, all sent by now
		select {
		case <-s.events:
		default:
			drained = true
		}
	}
	copied := "content/2025/submissions/energy-mine2/wasi-fangshuiqi.md"
	other := s.read(copied)
	front := other[:strings.Index(other[4:], "\n---\n")+9]
	text := orig[strings.Index(orig[4:], "\n---\n")+9:] // the body of the other result, word for word
	s.save(copied, front+text)
	s.next("reload")
	phrase := "公司在城区有二十四座小区换热站"
	if !strings.Contains(text, phrase) {
		t.Fatalf("演示内容变了：%s", text)
	}
	s.want("2025/results/energy-mine2/wasi-fangshuiqi/", 200, phrase)
	s.until("2025/results/energy-mine2/wasi-fangshuiqi/", 200, `<div id="wuxiao-overlay"`, "duplicate", copied)
	if _, page := s.get("2025/results/energy-mine2/wasi-fangshuiqi/"); strings.Contains(page[:strings.Index(page, `<div id="wuxiao-overlay"`)], phrase) {
		t.Errorf("应恢复为上一次通过检查的网站")
	}
	s.save(copied, other)
	s.next("reload")
	if body := s.want("2025/results/energy-mine2/wasi-fangshuiqi/", 200); strings.Contains(body, "wuxiao-overlay") {
		t.Errorf("改正后仍有遮罩")
	}
}

// TestServeStatic: serve publishes the schemas and the caller's static files
// (ServeOptions.Static) beside the theme's, and compiles nothing.
func TestServeStatic(t *testing.T) {
	root := testtree.Demo(t)
	now, _ := content.ParseDate("2026-11-25")
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	static := content.MemFS{"static/probe.txt": []byte("probe\n")}
	go func() {
		done <- Serve(ctx, Config{Root: root, Now: now}, ServeOptions{Addr: "127.0.0.1:0", Static: static, Ready: func(u string) { ready <- u }})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	url := <-ready
	for _, p := range []string{"static/probe.txt", "static/schemas/submission.json"} {
		resp, err := http.Get(url + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s：%d", p, resp.StatusCode)
		}
	}
}
