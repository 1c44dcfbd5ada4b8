package desk

import (
	"bytes"
	"encoding/json"
	"os"
	"time"
)

// The sessions signed out before their time are remembered until that time, in a file of
// one line a sign-out, added to at its end: writing the whole file at each sign-out cost
// as much as the sign-outs of the last session lifetime. The file is written afresh only
// once most of its lines are of sessions that have run their time anyway.

// keptEnded is how far the memory and the file of signed-out sessions have grown.
type keptEnded struct {
	lines     int       // lines in the file
	rewrite   bool      // the file is not in lines that can be added to
	added     int       // sessions ended since the last sweep
	sweepAt   int       // additions that call for the next sweep
	lastSweep time.Time // sweeps are at least this often: an hour
}

// endedLine is a line of the file of signed-out sessions.
type endedLine struct {
	ID    string    `json:"id"`
	Until time.Time `json:"until"`
}

// keepEnded makes ss remember its signed-out sessions in file, reading those it holds (in
// lines, or as one JSON object as the desk wrote them before).
func (ss *sessions) keepEnded(file string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.file = file
	now := ss.now()
	ss.kept = keptEnded{sweepAt: 1024, lastSweep: now}
	data, err := os.ReadFile(file)
	if err != nil {
		return
	}
	remember := func(id string, until time.Time) {
		if id != "" && now.Before(until) {
			ss.ended[id] = until
		}
	}
	var object map[string]time.Time
	if json.Unmarshal(data, &object) == nil {
		for id, until := range object {
			remember(id, until)
		}
		ss.kept.rewrite = true
	} else {
		for line := range bytes.Lines(data) {
			var l endedLine
			if json.Unmarshal(line, &l) == nil {
				remember(l.ID, l.Until)
			}
			ss.kept.lines++
		}
		ss.kept.rewrite = len(data) > 0 && data[len(data)-1] != '\n' // a write cut short
	}
	ss.kept.sweepAt = len(ss.ended) + 1024
}

// end signs sessions out.
func (ss *sessions) end(ids ...string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	now := ss.now()
	until := now.Add(ss.ttl)
	for _, id := range ids {
		ss.ended[id] = until
	}
	k := &ss.kept
	if k.added += len(ids); k.added >= k.sweepAt || now.Sub(k.lastSweep) >= time.Hour {
		for id, u := range ss.ended { // forget those that ran their time anyway
			if now.After(u) {
				delete(ss.ended, id)
			}
		}
		k.added, k.sweepAt, k.lastSweep = 0, len(ss.ended)+1024, now
	}
	if ss.file == "" {
		return
	}
	if k.rewrite || k.lines > 2*len(ss.ended)+1024 {
		ss.writeEnded()
		return
	}
	var b []byte
	for _, id := range ids {
		b = appendEndedLine(b, id, until)
	}
	f, err := os.OpenFile(ss.file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err == nil {
		_, err = f.Write(b)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		ss.logf("desk: keeping the signed-out sessions: %v", err)
		k.rewrite = true // a line may be cut short: the next sign-out writes the file whole
		return
	}
	k.lines += len(ids)
}

// writeEnded writes the file of signed-out sessions afresh from what ss remembers.
func (ss *sessions) writeEnded() {
	var b []byte
	for id, until := range ss.ended {
		b = appendEndedLine(b, id, until)
	}
	tmp := ss.file + ".tmp"
	err := os.WriteFile(tmp, b, 0o600)
	if err == nil {
		err = os.Rename(tmp, ss.file)
	}
	if err != nil {
		ss.logf("desk: keeping the signed-out sessions: %v", err)
		return
	}
	ss.kept.lines, ss.kept.rewrite = len(ss.ended), false
}

func appendEndedLine(b []byte, id string, until time.Time) []byte {
	line, _ := json.Marshal(endedLine{ID: id, Until: until})
	return append(append(b, line...), '\n')
}
