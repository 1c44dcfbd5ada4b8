package generator

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// hostGuard answers only requests whose Host is a loopback name (localhost, *.localhost),
// an IP address or the host of addr, the address serve listens on. A page served from
// another name that its owner points at 127.0.0.1 (DNS rebinding) would otherwise read the
// preview, unpublished results included, as if it were the same site.
func hostGuard(addr string, next http.Handler) http.Handler {
	configured, _, err := net.SplitHostPort(addr)
	if err != nil {
		configured = addr
	}
	configured = strings.ToLower(strings.Trim(configured, "[]"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowedHost(r.Host, configured) {
			http.Error(w, "wuxiao serve 只接受以 localhost、127.0.0.1 或 --addr 指定的地址访问的请求", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func allowedHost(host, configured string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	switch {
	case host == "":
		return false
	case host == "localhost" || strings.HasSuffix(host, ".localhost"):
		return true
	case configured != "" && host == configured:
		return true
	}
	_, err := netip.ParseAddr(host)
	return err == nil // an address cannot be rebound to another one
}
