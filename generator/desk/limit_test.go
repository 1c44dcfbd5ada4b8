package desk

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// A bucket left idle until it is full again is as good as none: the limiter forgets such
// buckets within a minute or so, however few there are. It kept them an hour, and swept
// only past 50,000, so that a client with an IPv6 /48 (65,536 networks of /64), sending
// from a new /64 a hundred times a second, grew the map without end for that hour.
func TestRateLimitForgetsBucketsFullAgain(t *testing.T) {
	l := newLimiter()
	clock := time.Date(2026, 9, 15, 9, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return clock }
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	most := 0
	for i := range 120000 { // 20 minutes at 100 a second, each from a new /64 of 2001:db8::/32
		clock = clock.Add(10 * time.Millisecond)
		key := "signin:" + limitKey(fmt.Sprintf("2001:db8:%x:%x::1", i>>16, i&0xffff))
		if ok, _ := l.allow(key, rateLogin); !ok {
			t.Fatalf("the first sign-in from a new network is refused")
		}
		most = max(most, len(l.buckets))
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	// A sign-in bucket is full again at most 300 s after its last use (10 tokens at one per
	// 30 s; 30 s after one sign-in): with a sweep a minute, at most 6 minutes of networks.
	t.Logf("at most %d buckets, %d at the end, heap grown by %d bytes", most, len(l.buckets), int64(after.HeapAlloc)-int64(before.HeapAlloc))
	if most > 36000+100 {
		t.Errorf("the limiter held %d buckets for 120,000 networks each used once in 20 minutes; want at most 36,100", most)
	}
	// Quiet for ten minutes: one request leaves one bucket.
	clock = clock.Add(10 * time.Minute)
	l.allow("ip:192.0.2.1", rateRead)
	if len(l.buckets) != 1 {
		t.Errorf("after ten quiet minutes the limiter still holds %d buckets", len(l.buckets))
	}
}
