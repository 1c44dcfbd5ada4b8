package nginx

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Every value Config writes into the configuration comes from site.yaml's base_url (a file
// changed by pull request) or from the command line. nginx reads a ';' as the end of a
// directive, braces as a block, quotes, '$' and '#' as strings, variables and comments, and
// whitespace as the next argument: a value holding one could add directives of its own
// (a base_url path of /a;}location/{alias /;}x/ would serve the server's whole file
// system). So each value is held to the characters its field needs.
var (
	hostChars   = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	prefixChars = regexp.MustCompile(`^[A-Za-z0-9._~/-]+$`)
	listenChars = regexp.MustCompile(`^[A-Za-z0-9.:\[\]]+$`)
)

// checkValues says, in Chinese, which of o's values nginx would read as more than a value.
func checkValues(o Options, prefix string) error {
	if o.ServerName != "_" && !hostChars.MatchString(o.ServerName) {
		return fmt.Errorf("base_url 的域名 %q 只能含字母、数字、点和连字符（中文域名请写成 xn-- 开头的 Punycode 形式）", o.ServerName)
	}
	if !prefixChars.MatchString(prefix) {
		return fmt.Errorf("base_url 的路径 %q 只能含字母、数字和 - . _ ~ /，其他字符会被 nginx 当作配置的一部分", prefix)
	}
	if !listenChars.MatchString(o.Listen) {
		return fmt.Errorf("监听地址 %q 只能是端口或“地址:端口”，如 80、127.0.0.1:8080、[::]:443", o.Listen)
	}
	for _, f := range []struct{ name, path string }{{"网站目录", o.Dir}, {"证书文件", o.TLSCert}, {"私钥文件", o.TLSKey}} {
		if strings.ContainsFunc(f.path, special) {
			return fmt.Errorf("%s %q 含空白、控制字符或 nginx 配置中有特殊含义的字符（; { } \" ' $ # \\），请换一个路径", f.name, f.path)
		}
	}
	return nil
}

// special is a rune that nginx reads as more than part of a path.
func special(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(";{}\"'$#\\", r)
}
