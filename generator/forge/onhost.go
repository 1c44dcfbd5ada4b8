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
// proxy in front of it) would hand it to another host. Its answers are read no further
// than MaxAnswer (bounded).
func OnHost(client *http.Client) *http.Client {
	c := *client
	next := client.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		from, to := via[0].URL, req.URL
		sameHost := strings.EqualFold(to.Host, from.Host)
		upgrade := from.Scheme == "http" && to.Scheme == "https" && strings.EqualFold(to.Hostname(), from.Hostname())
		downgrade := from.Scheme == "https" && to.Scheme != "https"
		if !(sameHost || upgrade) || downgrade {
			return fmt.Errorf("代码托管平台把请求从 %s 重定向到了 %s://%s；为保护令牌没有跟随，请检查 --forge-url 是否是平台现在的地址", from.Host, to.Scheme, to.Host)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("代码托管平台重定向超过 10 次，没有再跟随")
		}
		return nil
	}
	return bounded(&c)
}
