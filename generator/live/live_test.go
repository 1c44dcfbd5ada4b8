package live

import (
	"bufio"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// mapSite is a site held in a map.
type mapSite map[string]string

func (m mapSite) File(name string) ([]byte, error) {
	if s, ok := m[name]; ok {
		return []byte(s), nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// stream reads server-sent events.
type stream struct {
	t  *testing.T
	sc *bufio.Scanner
	c  chan [2]string
}

func subscribe(t *testing.T, url string) *stream {
	resp, err := http.Get(url + Prefix + "events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	s := &stream{t: t, sc: bufio.NewScanner(resp.Body), c: make(chan [2]string, 10)}
	go func() {
		var name string
		for s.sc.Scan() {
			line := s.sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				name = v
			}
			if v, ok := strings.CutPrefix(line, "data: "); ok {
				s.c <- [2]string{name, v}
			}
		}
	}()
	return s
}

func (s *stream) next(want string) string {
	s.t.Helper()
	select {
	case ev := <-s.c:
		if ev[0] != want {
			s.t.Fatalf("事件 %s，应为 %s", ev[0], want)
		}
		return ev[1]
	case <-time.After(2 * time.Second):
		s.t.Fatalf("等不到事件 %s", want)
	}
	return ""
}

func TestServer(t *testing.T) {
	srv := New()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close) // after the event stream's own cleanup closes it

	if code, body := get(t, ts.URL+"/"); code != http.StatusServiceUnavailable || !strings.Contains(body, script) {
		t.Errorf("没有网站时：%d %s", code, body)
	}
	site := mapSite{"index.html": "<html><body><h1>首页</h1></body></html>", "a/index.html": "<body>甲</body>",
		"404.html": "<body>找不到</body>", "static/style.css": "body{}"}
	srv.Publish(site, nil)
	ev := subscribe(t, ts.URL)
	ev.next("hello")

	code, body := get(t, ts.URL+"/")
	if code != 200 || !strings.Contains(body, "<h1>首页</h1>"+script+"</body>") || strings.Contains(body, "wuxiao-overlay") {
		t.Errorf("首页：%d %s", code, body)
	}
	if code, body := get(t, ts.URL+"/static/style.css"); code != 200 || body != "body{}" {
		t.Errorf("样式表：%d %s", code, body)
	}
	if code, body := get(t, ts.URL+"/a"); code != 200 || !strings.Contains(body, "甲") {
		t.Errorf("不带 / 的目录应跳转：%d %s", code, body)
	}
	if code, body := get(t, ts.URL+"/nope/"); code != 404 || !strings.Contains(body, "找不到") {
		t.Errorf("不存在的页面：%d %s", code, body)
	}

	broken := []Problem{{File: "content/2023/submissions/a/b.md", Line: 3, Col: 11, Rule: "schema", Message: "category 的值 \"小发名\" 不在可选范围内"}}
	srv.Publish(nil, broken)
	data := ev.next("problems")
	if !strings.Contains(data, `content/2023/submissions/a/b.md:3:11`) || !strings.Contains(data, "不在可选范围内") {
		t.Errorf("错误事件：%s", data)
	}
	_, body = get(t, ts.URL+"/")
	if !strings.Contains(body, "<h1>首页</h1>") || !strings.Contains(body, `<div id="wuxiao-overlay"`) ||
		!strings.Contains(body, "content/2023/submissions/a/b.md:3:11") || !strings.Contains(body, "category 的值 &#34;小发名&#34;") {
		t.Errorf("出错时应显示旧网站和错误：%s", body)
	}
	if _, st := get(t, ts.URL+Prefix+"status"); !strings.Contains(st, `"rule":"schema"`) {
		t.Errorf("状态：%s", st)
	}

	site2 := mapSite{"index.html": "<body>新首页</body>"}
	srv.Publish(site2, nil)
	if data := ev.next("reload"); data != `{"site":2}` {
		t.Errorf("刷新事件：%s", data)
	}
	if _, body := get(t, ts.URL+"/"); !strings.Contains(body, "新首页") || strings.Contains(body, "wuxiao-overlay") {
		t.Errorf("改正后：%s", body)
	}
	if code, js := get(t, ts.URL+Prefix+"live.js"); code != 200 || !strings.Contains(js, "EventSource") {
		t.Errorf("脚本：%d", code)
	}
}

// A folder asked for without its slash is redirected to itself with one, on this host: a
// path beginning with two slashes (//units) once led to //units/, which a browser reads
// as the host units.
func TestFolderRedirectStaysOnTheHost(t *testing.T) {
	s := New()
	s.Publish(mapSite{"units/index.html": "<html><body>单位</body></html>", "2026/cases/index.html": "<html><body>案例</body></html>"}, nil)
	for target, want := range map[string]string{"//units": "/units/", "/units": "/units/", "//2026/cases": "/2026/cases/", "/2026//cases": "/2026/cases/"} {
		r := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:1313/", nil)
		r.URL.Path, r.RequestURI = target, target
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if got := w.Header().Get("Location"); w.Code != http.StatusMovedPermanently || got != want {
			t.Errorf("%s: %d to %q, want %q", target, w.Code, got, want)
		}
	}
}
