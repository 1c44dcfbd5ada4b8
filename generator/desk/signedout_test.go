package desk

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// keeping is a desk's sessions started at *now (read at each call) that keep their
// sign-outs in file.
func keeping(file string, now *time.Time) *sessions {
	ss := newSessions(bytes.Repeat([]byte("k"), 32), 8*time.Hour)
	ss.now = func() time.Time { return *now }
	ss.keepEnded(file)
	return ss
}

// TestSigningOutAppendsToTheFile: a session signed out is added to the end of the file of
// signed-out sessions, not the whole file written again (which grew with every sign-out of
// the last eight hours: ten thousand sign-outs wrote about 4 GB, 80 bytes a session each
// time); the file is written afresh only when most of its lines are of sessions that ended
// anyway, so that it stays within a few times what it must remember; a restart remembers
// every session signed out, from this file or from one in the earlier form (one JSON
// object).
func TestSigningOutAppendsToTheFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), signedOutFile)
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	ss := keeping(file, &now)
	var before []byte
	for i := range 3000 {
		ss.end("s" + strconv.Itoa(i))
		after, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(after, before) {
			t.Fatalf("sign-out %d wrote the file afresh (%d bytes before, %d after)", i, len(before), len(after))
		}
		before = after
	}
	if again := keeping(file, &now); len(again.ended) != 3000 {
		t.Fatalf("after a restart %d sessions remembered as signed out, want 3000", len(again.ended))
	}
	// Nine hours on, those sessions ended anyway: the next sign-outs write the file afresh
	// once, and it holds what it must remember.
	now = now.Add(9 * time.Hour)
	for i := range 10 {
		ss.end("t" + strconv.Itoa(i))
	}
	again := keeping(file, &now)
	if len(again.ended) != 10 {
		t.Errorf("after a restart %d sessions remembered, want 10", len(again.ended))
	}
	if info, _ := os.Stat(file); info.Size() > 2000 {
		t.Errorf("the file holds %d bytes for 10 sessions", info.Size())
	}
	// A file of the earlier form is read, and sign-outs go on from it.
	old, _ := json.Marshal(map[string]time.Time{"o1": now.Add(time.Hour), "o2": now.Add(-time.Hour)})
	os.WriteFile(file, old, 0o600)
	ss = keeping(file, &now)
	ss.end("n1")
	if again := keeping(file, &now); len(again.ended) != 2 || again.ended["o1"].IsZero() || again.ended["n1"].IsZero() {
		t.Errorf("from the earlier form: remembered %v", again.ended)
	}
}

// FuzzKeepEnded: whatever the file of signed-out sessions holds (cut short, damaged, of
// the earlier form or none), the desk starts, remembers no session that has run its time,
// and the sign-outs after it are remembered over a restart.
func FuzzKeepEnded(f *testing.F) {
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	line := func(id string, until time.Time) string {
		return string(appendEndedLine(nil, id, until))
	}
	old, _ := json.Marshal(map[string]time.Time{"o1": now.Add(time.Hour)})
	f.Add([]byte(line("a", now.Add(time.Hour)) + line("b", now.Add(-time.Hour))))
	f.Add([]byte(line("a", now.Add(time.Hour))[:20]))
	f.Add(old)
	f.Add([]byte("{\"id\":\"\",\"until\":\"2026-11-29T09:00:00Z\"}\n\xff\x00\n{}\n[]\nnull\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(t.TempDir(), signedOutFile)
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		ss := keeping(file, &now)
		for id, until := range ss.ended {
			if id == "" || !now.Before(until) {
				t.Fatalf("remembers %q until %v", id, until)
			}
		}
		ss.end("after-1", "after-2")
		again := keeping(file, &now)
		for id := range ss.ended {
			if _, ok := again.ended[id]; !ok {
				t.Fatalf("%q forgotten over a restart", id)
			}
		}
	})
}
