// Package live serves a site from memory to browsers that reload when it is rebuilt and show the checker's errors over the page.
package live

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
)

// Site is a built site: File returns a file by its slash path ("2023/index.html"), with an
// error wrapping fs.ErrNotExist when there is none.
type Site interface {
	File(name string) ([]byte, error)
}

// Problem is one error of the checker, shown over the page.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// Prefix is the path of the server's own endpoints, out of the site's way.
const Prefix = "/_wuxiao/"

// Server answers with the last site that passed the check; it is safe for concurrent use.
type Server struct {
	mu       sync.Mutex
	site     Site
	siteVer  int       // counts the sites published
	problems []Problem // of the last build; none when it passed
	subs     map[chan event]bool
}

// event is one server-sent event.
type event struct{ name, data string }

// New makes a server with no site yet.
func New() *Server { return &Server{subs: map[chan event]bool{}} }

// Publish records a build: a new site (problems empty) makes every open page reload; a
// failed build (site nil) keeps the old site and shows problems over the open pages.
func (s *Server) Publish(site Site, problems []Problem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.problems = problems
	ev := event{"problems", s.problemsJSON()}
	if site != nil {
		s.site = site
		s.siteVer++
		ev = event{"reload", fmt.Sprintf(`{"site":%d}`, s.siteVer)}
	}
	for ch := range s.subs {
		select {
		case ch <- ev:
		default: // a stalled browser misses this one; its next reconnect catches up
		}
	}
}

// problemsJSON is the overlay as an event's data; call with s.mu held.
func (s *Server) problemsJSON() string {
	data, _ := json.Marshal(struct {
		Site     int       `json:"site"`
		Problems []Problem `json:"problems"`
		HTML     string    `json:"html"`
	}{s.siteVer, s.problems, overlayHTML(s.problems)})
	return string(data)
}

// ServeHTTP serves the site, the reload script, the event stream and the status.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(liveJS)
		return
	case Prefix + "status":
		s.mu.Lock()
		data := s.problemsJSON()
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write([]byte(data))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "只支持 GET", http.StatusMethodNotAllowed)
		return
	}
	s.serveSite(w, r)
}

func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	site, problems := s.site, s.problems
	s.mu.Unlock()
	if site == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write(inject([]byte(waitingPage), problems))
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	data, err := site.File(name)
	if errors.Is(err, fs.ErrNotExist) && !strings.HasSuffix(r.URL.Path, "/") {
		if _, err2 := site.File(path.Join(name, "index.html")); err2 == nil {
			// the cleaned name: the path as asked (//units) would be another host's (//units/)
			http.Redirect(w, r, "/"+name+"/", http.StatusMovedPermanently)
			return
		}
	}
	status := http.StatusOK
	if errors.Is(err, fs.ErrNotExist) {
		status, name = http.StatusNotFound, "404.html"
		data, err = site.File(name)
	}
	if err != nil {
		http.Error(w, "生成页面失败："+err.Error(), http.StatusInternalServerError)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, problems)
	}
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// events streams reload and problems events until the browser goes away.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "不支持事件流", http.StatusInternalServerError)
		return
	}
	ch := make(chan event, 8)
	s.mu.Lock()
	s.subs[ch] = true
	hello := event{"hello", s.problemsJSON()}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	send := func(ev event) bool {
		_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
		flusher.Flush()
		return err == nil
	}
	if !send(hello) {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-ch:
			if !send(ev) {
				return
			}
		}
	}
}

//go:embed live.js
var liveJS []byte

// script is what every served page gets before </body>.
const script = `<script src="` + Prefix + `live.js"></script>`

// inject adds the reload script, and the overlay when the last build failed, to a page.
func inject(page []byte, problems []Problem) []byte {
	add := overlayHTML(problems) + script
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, add...)
	}
	out := make([]byte, 0, len(page)+len(add))
	out = append(out, page[:i]...)
	out = append(out, add...)
	return append(out, page[i:]...)
}

// maxShown is how many problems the overlay lists.
const maxShown = 50

var overlay = template.Must(template.New("overlay").Parse(`<div id="wuxiao-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(24,24,27,.94);color:#f4f4f5;font:15px/1.6 system-ui,sans-serif;padding:24px 32px">
<h2 style="margin:0 0 8px;color:#fca5a5;font-size:20px">内容检查未通过：{{.N}} 个错误</h2>
<p style="margin:0 0 16px">网站仍显示上一次通过检查的内容。改正后保存，页面会自动刷新。</p>
<ol style="padding-left:1.5em">{{range .Shown}}
<li style="margin-bottom:10px"><code style="color:#93c5fd">{{.File}}:{{.Line}}:{{.Col}}</code> <span style="color:#a1a1aa">{{.Rule}}</span><br><span class="wuxiao-msg">{{.Message}}</span></li>{{end}}
</ol>{{if .More}}
<p>还有 {{.More}} 个错误，运行 wuxiao check 查看全部。</p>{{end}}
<button type="button" onclick="this.parentNode.remove()" style="font:inherit;padding:4px 12px">暂时关闭</button>
</div>`))

// overlayHTML lists problems over the page; "" when there are none.
func overlayHTML(problems []Problem) string {
	if len(problems) == 0 {
		return ""
	}
	shown := problems[:min(len(problems), maxShown)]
	var b strings.Builder
	_ = overlay.Execute(&b, struct {
		N     int
		Shown []Problem
		More  int
	}{len(problems), shown, len(problems) - len(shown)})
	return b.String()
}

const waitingPage = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>wuxiao serve</title></head>
<body><p>还没有通过检查的网站可以显示。改正下面的错误后保存，页面会自动刷新。</p></body></html>`
