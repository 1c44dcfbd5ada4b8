package desk

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// limiter is a token bucket per key (a person's login, or an address before sign-in).
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	now     func() time.Time
	pruned  time.Time // when buckets full again were last forgotten
}

type bucket struct {
	tokens float64
	last   time.Time
	told   time.Time // when a refusal was last told (allow's tell)
	full   time.Time // when it is full again if unused: from then on it is as good as none
}

// A bucket's size and refill per class of request.
type rate struct {
	burst  float64
	perSec float64
}

var (
	rateRead  = rate{burst: 60, perSec: 1}        // pages: 60 at once, one a second after
	rateWrite = rate{burst: 10, perSec: 1.0 / 6}  // posts: 10 at once, ten a minute after
	rateLogin = rate{burst: 10, perSec: 1.0 / 30} // sign-ins: 10 at once, two a minute after
)

func newLimiter() *limiter { return &limiter{buckets: map[string]*bucket{}, now: time.Now} }

// allow takes one token from key's bucket of class rt. When there is none, tell says
// whether to write the refusal in the audit log: once a minute per bucket, so that a flood
// of refused requests, which costs its sender nothing, does not fill the desk's disk.
func (l *limiter) allow(key string, rt rate) (ok, tell bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.pruned) > time.Minute { // forget the buckets full again, however few (a scan a minute at most)
		l.pruned = now
		for k, b := range l.buckets {
			if now.After(b.full) {
				delete(l.buckets, k)
			}
		}
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: rt.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(rt.burst, b.tokens+now.Sub(b.last).Seconds()*rt.perSec)
	b.last = now
	ok = b.tokens >= 1
	if ok {
		b.tokens--
	} else if tell = now.Sub(b.told) >= time.Minute; tell {
		b.told = now
	}
	b.full = now.Add(time.Duration((rt.burst - b.tokens) / rt.perSec * float64(time.Second)))
	if untold := b.told.Add(time.Minute); untold.After(b.full) { // kept while its refusals are not told again
		b.full = untold
	}
	return ok, tell
}

// fromAnotherSite tells whether r is a request that a page of another site made the
// browser send, other than by following a link to a page of the desk (Fetch Metadata): an
// image, a script, a style, a frame, a fetch. No page elsewhere needs one, and counted
// they would spend the limits of the visitor's address, which everyone behind it shares.
func fromAnotherSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		dest := r.Header.Get("Sec-Fetch-Dest") // not sent by browsers of 2019 (Chrome 76-79)
		return r.Header.Get("Sec-Fetch-Mode") != "navigate" || dest != "" && dest != "document"
	}
	return false
}

// limitKey is what the limits count an address as: an IPv4 address itself, an IPv6 one by
// its /64, which one client may send from whole.
func limitKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil || ip.To4() != nil {
		return addr
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// addressFrom returns how to tell a request's client address: the peer's, or, behind a
// proxy configured to pass it in header, the last address the header holds (the one the
// proxy wrote; X-Forwarded-For lists the ones a client claimed before it).
func addressFrom(header string) func(*http.Request) string {
	return func(r *http.Request) string {
		if header != "" {
			vals := r.Header.Values(header)
			if len(vals) > 0 {
				list := strings.Split(vals[len(vals)-1], ",")
				if ip := net.ParseIP(strings.TrimSpace(list[len(list)-1])); ip != nil {
					return ip.String()
				}
			}
		}
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			return r.RemoteAddr
		}
		return host
	}
}
