package forge

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// OnHost returns a copy of client that follows a redirect only on the host the request
// was sent to (http to https there too): the token, or the OAuth application's secret,
// rides on every request GitHub's client makes, a redirect's included, and Go's own client
// keeps it for a subdomain, so a redirect elsewhere (a moved or compromised forge, a
// proxy in front of it) would hand it to another host.
func OnHost(client *http.Client) *http.Client {
	c := *client
	next := client.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		from := via[0].URL
		if !strings.EqualFold(req.URL.Host, from.Host) && !(from.Scheme == "http" && req.URL.Scheme == "https" && strings.EqualFold(req.URL.Hostname(), from.Hostname())) ||
			from.Scheme == "https" && req.URL.Scheme != "https" {
			return fmt.Errorf("代码托管平台把请求从 %s 重定向到了 %s://%s；为保护令牌没有跟随，请检查 --forge-url 是否是平台现在的地址", from.Host, req.URL.Scheme, req.URL.Host)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("代码托管平台重定向超过 10 次，没有再跟随")
		}
		return nil
	}
	return &c
}
