package nginx_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"wuxiao/generator"
	"wuxiao/generator/nginx"
)

func TestConfigShapes(t *testing.T) {
	root, err := nginx.Config(nginx.Options{ServerName: "wuxiao.example.cn", Prefix: "/", Dir: "/srv/wuxiao/", Brotli: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"    root /srv/wuxiao;\n", "    listen 80;\n", "error_page 404 /404.html;", "brotli_static on;", "gzip_static on;",
		"application/wasm           wasm;", `"~^[0-9a-f]+:/static/"  "public, max-age=31536000, immutable";`,
		"add_header X-Content-Type-Options nosniff always;", "frame-ancestors 'none'", "add_header Referrer-Policy "} {
		if !strings.Contains(root, want) {
			t.Errorf("config lacks %q:\n%s", want, root)
		}
	}
	if strings.Contains(nginx.CSP, "script-src 'self' 'unsafe-inline'") || !strings.Contains(nginx.CSP, "script-src 'self';") || strings.Contains(nginx.CSP, "wasm") {
		t.Errorf("CSP must allow no inline script: %s", nginx.CSP)
	}
	tls, _ := nginx.Config(nginx.Options{ServerName: "wuxiao.example.cn", Prefix: "/wuxiao", Dir: "/srv/wuxiao", TLSCert: "/etc/ssl/c.pem", TLSKey: "/etc/ssl/k.pem"})
	for _, want := range []string{"return 301 https://$host$request_uri;", "listen 443 ssl http2;", "ssl_certificate /etc/ssl/c.pem;", "Strict-Transport-Security",
		"location /wuxiao/ {\n        alias /srv/wuxiao/;", "error_page 404 /wuxiao/404.html;"} {
		if !strings.Contains(tls, want) {
			t.Errorf("TLS config lacks %q:\n%s", want, tls)
		}
	}
	if strings.Contains(tls, "brotli_static") {
		t.Error("brotli_static without Brotli")
	}
	if _, err := nginx.Config(nginx.Options{Dir: "public"}); err == nil {
		t.Error("a relative folder must be refused")
	}
}

// TestNginxServesSite builds the demo site with --compress, serves it with Debian's
// nginx and the generated configuration on loopback, and requests every page.
func TestNginxServesSite(t *testing.T) {
	bin := os.Getenv("WUXIAO_NGINX")
	if bin == "" {
		t.Skip("needs nginx: WUXIAO_NGINX=/usr/sbin/nginx (apt install nginx-light libnginx-mod-http-brotli-static; .ci/run does)")
	}
	repo, _ := filepath.Abs(filepath.Join("..", ".."))
	site := filepath.Join(t.TempDir(), "public")
	if _, _, err := generator.Build(generator.Config{Root: repo}, generator.BuildOptions{Out: site, Compress: true}); err != nil {
		t.Fatalf("build: %v", err)
	}
	// The theme ships no .wasm; one a site adds still gets its type.
	os.WriteFile(filepath.Join(site, "static", "probe.wasm"), []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	brotliModule := "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
	_, err := os.Stat(brotliModule)
	withBrotli := err == nil
	if !withBrotli {
		t.Logf("no %s: .br copies not served", brotliModule)
	}
	port := freePort(t)
	conf, err := generator.Nginx(generator.Config{Root: repo}, generator.NginxOptions{Options: nginx.Options{Dir: site, Listen: "127.0.0.1:" + port, Brotli: withBrotli}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wuxiao.conf"), []byte(conf), 0o644)
	user, load := "", ""
	if os.Geteuid() == 0 {
		user = "user root;\n" // the site lies in the test's private temporary folder
	}
	if withBrotli {
		load = "load_module " + brotliModule + ";\n"
	}
	main := fmt.Sprintf("%s%sdaemon off;\nworker_processes 1;\npid %[3]s/nginx.pid;\nerror_log %[3]s/error.log;\nevents {}\nhttp {\n"+
		"  access_log off;\n  client_body_temp_path %[3]s/body;\n  proxy_temp_path %[3]s/proxy;\n  fastcgi_temp_path %[3]s/fastcgi;\n"+
		"  uwsgi_temp_path %[3]s/uwsgi;\n  scgi_temp_path %[3]s/scgi;\n  include %[3]s/wuxiao.conf;\n}\n", user, load, dir)
	os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(main), 0o644)
	if out, err := exec.Command(bin, "-t", "-p", dir, "-c", filepath.Join(dir, "nginx.conf")).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s\n%s", err, out, conf)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// SIGQUIT: the master stops its workers, then itself (a killed master leaves them running).
	defer func() { cmd.Process.Signal(syscall.SIGQUIT); cmd.Wait() }()
	base := "http://127.0.0.1:" + port + "/wuxiao/"
	waitFor(t, base)

	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path, enc string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Accept-Encoding", enc) // set by hand: Go then leaves the body compressed
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r io.Reader = resp.Body
		switch resp.Header.Get("Content-Encoding") {
		case "gzip":
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			r = zr
		case "br":
			r = brotli.NewReader(resp.Body)
		}
		body, _ := io.ReadAll(r)
		return resp, string(body)
	}
	secure := func(where string, h http.Header) {
		t.Helper()
		if h.Get("Content-Security-Policy") != nginx.CSP || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Referrer-Policy") != "strict-origin-when-cross-origin" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: security headers missing: %v", where, h)
		}
	}

	pages := 0
	filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || filepath.Base(p) == "404.html" {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		path := strings.TrimSuffix(filepath.ToSlash(rel), "index.html")
		resp, body := get(path, "gzip")
		pages++
		want, _ := os.ReadFile(p)
		if resp.StatusCode != 200 || body != string(want) {
			t.Errorf("%s: %d, body matches: %v", path, resp.StatusCode, body == string(want))
		}
		if resp.Header.Get("Content-Type") != "text/html; charset=utf-8" || resp.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: Content-Type %q, Cache-Control %q", path, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
		}
		if _, err := os.Stat(p + ".gz"); err == nil && resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: not served from its .gz copy", path)
		}
		secure(path, resp.Header)
		return nil
	})
	if pages < 50 {
		t.Fatalf("only %d pages served", pages)
	}
	t.Logf("%d pages served with 200, the security headers and gzip", pages)

	if withBrotli {
		if resp, body := get("", "br, gzip"); resp.Header.Get("Content-Encoding") != "br" || !strings.Contains(body, "</html>") {
			t.Errorf("home page with br: Content-Encoding %q", resp.Header.Get("Content-Encoding"))
		}
	}
	for path, typ := range map[string]string{
		"static/probe.wasm": "application/wasm", "data/2026.json": "application/json", "sitemap.xml": "application/xml",
		"feed.xml": "application/xml", "static/style.css": "text/css", "2026/attachments/kuangqu-mine1/yingyong-zhengming.pdf": "application/pdf",
	} {
		resp, _ := get(path, "")
		if resp.StatusCode != 200 || strings.Split(resp.Header.Get("Content-Type"), ";")[0] != typ || resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: %d %q %q, want 200 %s unencoded", path, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"), typ)
		}
	}
	if resp, _ := get("static/style.css?v=0123abcd", "gzip"); resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("fingerprinted static file: Cache-Control %q, Content-Encoding %q", resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Encoding"))
	}
	if resp, _ := get("static/style.css", ""); resp.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("static file without fingerprint: Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
	notFound, _ := os.ReadFile(filepath.Join(site, "404.html"))
	for _, path := range []string{"no/such/page/", "2026/results/nope.html", ".hidden"} {
		resp, body := get(path, "")
		if resp.StatusCode != 404 || body != string(notFound) {
			t.Errorf("%s: %d, 404 page: %v", path, resp.StatusCode, body == string(notFound))
		}
		secure(path, resp.Header)
	}
	if resp, _ := get("../wuxiao", ""); resp.StatusCode != 301 && resp.StatusCode != 400 && resp.StatusCode != 404 {
		t.Errorf("/wuxiao: %d", resp.StatusCode)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

func waitFor(t *testing.T, url string) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("nginx did not answer at %s", url)
}
