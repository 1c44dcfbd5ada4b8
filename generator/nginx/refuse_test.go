package nginx_test

import (
	"strings"
	"testing"

	"wuxiao/generator/nginx"
)

// TestConfigRefusesWhatNginxWouldRead: every value Config writes into the configuration
// comes from site.yaml's base_url (a file in the repository, changed by pull request) or
// from the command line; one that nginx would read as more than a value (a ';' ending the
// directive, braces opening a block, quotes, '$' variables, '#' comments, spaces, line
// breaks) is refused with a Chinese error naming the field, where it used to be written as
// it was: base_url https://example.org/a;}location/{alias /;}x/ served the server's whole
// file system. The usual values still pass.
func TestConfigRefusesWhatNginxWouldRead(t *testing.T) {
	ok := nginx.Options{ServerName: "wuxiao.example.cn", Prefix: "/", Dir: "/srv/wuxiao"}
	for _, good := range []nginx.Options{
		ok,
		{ServerName: "xn--fiq228c.xn--fiqs8s", Prefix: "/wu-xiao_2026/v1.0~a/", Dir: "/var/www/wuxiao+site@1", Listen: "127.0.0.1:8080"},
		{ServerName: "", Prefix: "", Dir: "/srv/五小/public", Listen: "[::1]:8443", TLSCert: "/etc/ssl/certs/wuxiao.pem", TLSKey: "/etc/ssl/private/wuxiao.key"},
		{ServerName: "10.0.0.7", Prefix: "/wuxiao", Dir: "/srv/wuxiao/", Listen: "80"},
	} {
		if _, err := nginx.Config(good); err != nil {
			t.Errorf("%+v refused: %v", good, err)
		}
	}
	for _, bad := range []struct {
		field string
		set   func(*nginx.Options)
	}{
		{"路径", func(o *nginx.Options) { o.Prefix = "/a;}location/{alias /;}x/" }},
		{"路径", func(o *nginx.Options) { o.Prefix = "/a b/" }},
		{"路径", func(o *nginx.Options) { o.Prefix = "/$host/" }},
		{"路径", func(o *nginx.Options) { o.Prefix = "/a\"b/" }},
		{"路径", func(o *nginx.Options) { o.Prefix = "/五小/" }},
		{"域名", func(o *nginx.Options) { o.ServerName = "ex$ample.org" }},
		{"域名", func(o *nginx.Options) { o.ServerName = "example.org;root" }},
		{"域名", func(o *nginx.Options) { o.ServerName = "工会.中国" }},
		{"目录", func(o *nginx.Options) { o.Dir = "/srv/w;autoindex on" }},
		{"目录", func(o *nginx.Options) { o.Dir = "/srv/w\n}" }},
		{"目录", func(o *nginx.Options) { o.Dir = "/srv/{w}" }},
		{"目录", func(o *nginx.Options) { o.Dir = "/srv/#w" }},
		{"目录", func(o *nginx.Options) { o.Dir = "/srv/'w'" }},
		{"监听", func(o *nginx.Options) { o.Listen = "80 default_server; root /" }},
		{"监听", func(o *nginx.Options) { o.Listen = "80;" }},
		{"证书", func(o *nginx.Options) { o.TLSCert, o.TLSKey = "/etc/c.pem; ssl_verify_client off", "/etc/k.pem" }},
		{"私钥", func(o *nginx.Options) { o.TLSCert, o.TLSKey = "/etc/c.pem", "/etc/k.pem\t#" }},
	} {
		o := ok
		bad.set(&o)
		text, err := nginx.Config(o)
		if err == nil {
			t.Errorf("%+v: written, want refused:\n%s", o, text)
			continue
		}
		if !strings.Contains(err.Error(), bad.field) {
			t.Errorf("%+v: error %q does not name the %s", o, err, bad.field)
		}
	}
}
