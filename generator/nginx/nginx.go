// Package nginx writes the nginx configuration that serves a built wuxiao site: security headers, content types, caching, the 404 page and the pre-compressed files of build --compress.
//
// The output is one file for nginx's http context (Debian: /etc/nginx/conf.d/wuxiao.conf,
// or sites-available/ linked from sites-enabled/): a map choosing each response's
// Cache-Control and one server block. Every decision is written as a comment beside it.
package nginx

import (
	"fmt"
	"regexp"
	"strings"
)

// Options describe where and how the site is served.
type Options struct {
	ServerName string // the host of site.yaml's base_url, e.g. wuxiao.yqzgh.org.cn
	Prefix     string // the path of base_url: "/" or "/wuxiao/"
	Dir        string // the folder on the server holding the built site (public/'s contents)
	Listen     string // nginx's listen address, e.g. "80" (the default) or "127.0.0.1:8080"; with TLS it is 443
	TLSCert    string // certificate chain file; with TLSKey, serve HTTPS and redirect port 80
	TLSKey     string
	Brotli     bool // serve .br copies (Debian: libnginx-mod-http-brotli-static)
}

// CSP is the Content-Security-Policy: only this site's own files. Scripts: no inline
// script at all (the theme has none) and no WebAssembly. Styles: the statistics' bars set their width
// in a style attribute, hence 'unsafe-inline' for styles only. Images: also data: URLs, the
// certificates' QR codes inlined in their pages (a PNG each). frame-ancestors 'none':
// no other site may frame these pages.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'none'"

// types are the content types of everything a built site holds. A server-level types
// block replaces nginx's own list, so it names them all (the theme ships no .wasm; one a
// site adds under layouts/static still gets its proper type).
var types = [][2]string{
	{"text/html", "html htm"},
	{"text/css", "css"},
	{"text/javascript", "js mjs"},
	{"application/json", "json map"},
	{"application/xml", "xml"},
	{"application/atom+xml", "atom"},
	{"application/manifest+json", "webmanifest"},
	{"application/wasm", "wasm"},
	{"image/svg+xml", "svg"},
	{"image/png", "png"},
	{"image/jpeg", "jpg jpeg"},
	{"image/gif", "gif"},
	{"image/webp", "webp"},
	{"image/x-icon", "ico"},
	{"application/pdf", "pdf"},
	{"text/plain", "txt"},
	{"text/csv", "csv"},
	{"font/woff2", "woff2"},
	{"font/woff", "woff"},
}

var nameChars = regexp.MustCompile(`[^a-z0-9]+`)

// Config returns the configuration for o.
func Config(o Options) (string, error) {
	if o.Dir == "" || !strings.HasPrefix(o.Dir, "/") {
		return "", fmt.Errorf("网站目录应为服务器上的绝对路径，而不是 %q", o.Dir)
	}
	if o.ServerName == "" {
		o.ServerName = "_"
	}
	prefix := "/" + strings.Trim(o.Prefix, "/") + "/"
	if prefix == "//" {
		prefix = "/"
	}
	tls := o.TLSCert != "" && o.TLSKey != ""
	if o.Listen == "" {
		o.Listen = "80"
		if tls {
			o.Listen = "443"
		}
	}
	if err := checkValues(o, prefix); err != nil {
		return "", err
	}
	v := "wuxiao_cache_" + strings.Trim(nameChars.ReplaceAllString(strings.ToLower(o.ServerName+prefix), "_"), "_")
	dir := strings.TrimRight(o.Dir, "/")
	q := regexp.QuoteMeta(prefix)

	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# 由 wuxiao nginx 生成：%s%s 的网站，文件在 %s（wuxiao build --compress 的输出）。\n", o.ServerName, prefix, dir)
	w("# 放在 nginx 的 http 层（Debian：/etc/nginx/conf.d/），nginx -t 检查后 systemctl reload nginx。\n\n")
	w("# 缓存：带 ?v= 指纹的 static/ 文件内容永不变（改动即换指纹），缓存一年；\n")
	w("# 证明材料和图片缓存一天；页面、数据和检索索引每次向服务器确认（有变化才重新下载）。\n")
	w("map \"$arg_v:$uri\" $%s {\n", v)
	w("    \"~^[0-9a-f]+:%sstatic/\"  \"public, max-age=31536000, immutable\";\n", q)
	w("    \"~\\.(pdf|png|jpe?g|gif|webp|svg)$\"  \"public, max-age=86400\";\n")
	w("    default  \"no-cache\";\n}\n\n")
	if tls {
		w("server {\n    listen 80;\n    listen [::]:80;\n    server_name %s;\n    return 301 https://$host$request_uri;\n}\n\n", o.ServerName)
	}
	w("server {\n")
	if tls {
		// "listen … http2" rather than "http2 on": Debian 12's nginx is 1.22.
		w("    listen %s ssl http2;\n", o.Listen)
		if !strings.Contains(o.Listen, ":") {
			w("    listen [::]:%s ssl http2;\n", o.Listen)
		}
		w("    ssl_certificate %s;\n    ssl_certificate_key %s;\n", o.TLSCert, o.TLSKey)
		w("    ssl_protocols TLSv1.2 TLSv1.3;\n")
	} else {
		w("    listen %s;\n", o.Listen)
	}
	w("    server_name %s;\n", o.ServerName)
	w("    server_tokens off;\n    charset utf-8;\n")
	w("    charset_types text/css text/javascript application/json application/xml application/atom+xml image/svg+xml text/plain text/csv application/manifest+json;\n\n")
	w("    types {\n")
	for _, t := range types {
		w("        %-26s %s;\n", t[0], t[1])
	}
	w("    }\n    default_type application/octet-stream;\n\n")
	w("    # 预先压缩的 .gz（和 .br）副本直接发送，不在每次请求时压缩。\n")
	w("    gzip_static on;\n    gzip_vary on;\n")
	if o.Brotli {
		w("    brotli_static on;  # Debian：apt install libnginx-mod-http-brotli-static；没有该模块时删去此行\n")
	}
	w("\n    # 安全响应头（always：404 等错误页也带上）。\n")
	w("    add_header Content-Security-Policy \"%s\" always;\n", CSP)
	w("    add_header X-Content-Type-Options nosniff always;\n")
	w("    add_header Referrer-Policy strict-origin-when-cross-origin always;\n")
	w("    add_header X-Frame-Options DENY always;\n")
	w("    add_header Cross-Origin-Opener-Policy same-origin always;\n")
	w("    add_header Permissions-Policy \"camera=(), microphone=(), geolocation=()\" always;\n")
	if tls {
		w("    add_header Strict-Transport-Security \"max-age=31536000\" always;\n")
	}
	w("    add_header Cache-Control $%s always;\n\n", v)
	w("    error_page 404 %s404.html;\n\n", prefix)
	if prefix == "/" {
		w("    root %s;\n    location / {\n        index index.html;\n    }\n", dir)
	} else {
		w("    location = %s {\n        return 301 %s;\n    }\n", strings.TrimSuffix(prefix, "/"), prefix)
		w("    location %s {\n        alias %s/;\n        index index.html;\n    }\n", prefix, dir)
	}
	w("    # 隐藏文件（如 rsync 的临时文件）不对外；.well-known/ 留给证书申请。\n")
	w("    location ~ /\\.(?!well-known/) {\n        return 404;\n    }\n")
	w("}\n")
	return b.String(), nil
}
