package nginx_test

import (
	"strings"
	"testing"

	"wuxiao/generator/nginx"
)

// FuzzConfigValues: whatever the server name, path, folder, listen address and TLS files,
// Config either refuses them or writes a configuration of the same structure as one with
// plain values (the same lines, statements, blocks, strings, variables and comments): no
// value ends a directive, opens a block or starts a comment of its own.
func FuzzConfigValues(f *testing.F) {
	f.Add("wuxiao.example.cn", "/", "/srv/wuxiao", "", "", "")
	f.Add("example.org", "/a;}location/{alias /;}x/", "/srv/w", "80", "", "")
	f.Add("ex$ample.org", "/wuxiao/", "/srv/w;autoindex on", "127.0.0.1:8080", "/etc/c.pem", "/etc/k.pem")
	f.Add("a\nb", "/#/", "/srv/\"w\"", "[::]:443", "/c {", "/k }")
	f.Fuzz(func(t *testing.T, host, prefix, dir, listen, cert, key string) {
		o := nginx.Options{ServerName: host, Prefix: prefix, Dir: dir, Listen: listen, TLSCert: cert, TLSKey: key}
		text, err := nginx.Config(o)
		if err != nil {
			return
		}
		plain := o
		plain.ServerName, plain.Dir = "example.org", "/srv/wuxiao"
		if host == "" {
			plain.ServerName = ""
		}
		if p := strings.Trim(prefix, "/"); p != "" {
			plain.Prefix = "/wuxiao/"
		}
		if listen != "" {
			plain.Listen = "8080"
			if strings.Contains(listen, ":") {
				plain.Listen = "127.0.0.1:8080"
			}
		}
		if cert != "" {
			plain.TLSCert = "/etc/c.pem"
		}
		if key != "" {
			plain.TLSKey = "/etc/k.pem"
		}
		want, err := nginx.Config(plain)
		if err != nil {
			t.Fatalf("plain values refused: %v", err)
		}
		for _, c := range []string{"\n", ";", "{", "}", "\"", "'", "$", "#", "\\"} {
			if got, w := strings.Count(text, c), strings.Count(want, c); got != w {
				t.Fatalf("%+v: %d of %q, want %d as with plain values:\n%s", o, got, c, w, text)
			}
		}
	})
}
