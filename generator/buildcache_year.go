package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"sync"

	"wuxiao/generator/render"
)

// yearKey is the cache key of file name made of year y's results (its open data, its
// decision): as a result page, it depends on everything but the submissions and the
// commendations, and on each result's submission and ladder, in the year's order.
func (k *pageKeys) yearKey(y *render.Year, name string) string {
	if key, ok := k.yearKeys.Load(name); ok {
		return key.(string)
	}
	h := sha256.New()
	fmt.Fprintf(h, "year file %q %d\x00%s", name, y.Year, k.base)
	for _, r := range y.Results {
		sum, ok := k.resultSum(r)
		if !ok {
			h.Reset()
			fmt.Fprintf(h, "year file %q %d\x00%s", name, y.Year, k.all)
			break
		}
		io.WriteString(h, "\x00result "+strconv.Quote(r.URL)+" "+sum)
	}
	key := "year-" + hex.EncodeToString(h.Sum(nil))
	k.yearKeys.Store(name, key)
	return key
}

// resultSum hashes what a result page of the default theme shows of the submissions and
// commendations: result r's submission (its hash line) and ladder. It is made once per
// result, for its page and its year's files; false when r has no submission file.
func (k *pageKeys) resultSum(r *render.Result) (string, bool) {
	if sum, ok := k.results.Load(r); ok {
		return sum.(string), true
	}
	sub, ok := k.subOf(r)
	if !ok {
		return "", false
	}
	b := append(make([]byte, 0, 512), sub...)
	b = append(b, "\x00ladder"...)
	b = binary.AppendUvarint(b, uint64(len(r.Ladder)))
	for _, s := range r.Ladder {
		s := stepFields(s) // every field: one more in render.Step fails to compile here
		for _, f := range [...]string{s.Level, s.Issuer, s.IssuerURL, s.Doc, s.Date, s.Award, s.Note} {
			b = binary.AppendUvarint(b, uint64(len(f)))
			b = append(b, f...)
		}
	}
	h := sha256.Sum256(b)
	sum := hex.EncodeToString(h[:])
	k.results.Store(r, sum)
	return sum, true
}

// stepFields is render.Step's fields, for resultSum.
type stepFields struct{ Level, Issuer, IssuerURL, Doc, Date, Award, Note string }

// YearFile and YearFileMade make pageKeys the renderer's render.YearFiles: the file is
// left in place as a page is (placement), else read from the cache.
func (k *pageKeys) YearFile(y *render.Year, name string) ([]byte, int64, bool) {
	key := k.yearKey(y, name)
	if k.placed != nil {
		if size, ok := k.placed.place(name, key); ok {
			if c, ok := k.cache.(interface{ Keep(string) }); ok {
				c.Keep(key)
			}
			return nil, size, true
		}
	}
	data, ok := k.cache.Get(key)
	return data, int64(len(data)), ok
}

func (k *pageKeys) YearFileMade(y *render.Year, name string, data []byte) {
	k.cache.Put(k.yearKey(y, name), data)
}

// linesKey names the open data's lines in the cache (dataLines): one entry for all, of
// the last build's lines, each under its key.
const linesKey = "data-lines"

// dataLines keeps each result's line of the open data between builds, so that a year in
// which one result changed is assembled from the kept lines of the others.
type dataLines struct {
	once sync.Once
	old  map[[32]byte][]byte // the last build's kept lines, by lineKey
	mu   sync.Mutex
	used [][32]byte          // this build's lines, in order
	made map[[32]byte][]byte // of those, the ones made anew
}

// lineKey is the key of result r's line: what its result page depends on, its address
// and the rest of the content (its units, its year's results.yaml, the base address).
func (k *pageKeys) lineKey(r *render.Result) ([32]byte, bool) {
	sum, ok := k.resultSum(r)
	if !ok {
		return [32]byte{}, false
	}
	return sha256.Sum256([]byte("data line\x00" + k.base + "\x00" + r.URL + "\x00" + sum)), true
}

// DataLine and DataLineMade make pageKeys the renderer's render.DataLines.
func (k *pageKeys) DataLine(r *render.Result) ([]byte, bool) {
	key, ok := k.lineKey(r)
	if !ok {
		return nil, false
	}
	k.lines.once.Do(func() {
		if data, ok := k.cache.Get(linesKey); ok {
			k.lines.old = readLines(data)
		}
	})
	line, ok := k.lines.old[key]
	if ok {
		k.lines.keep(key, line, false)
	}
	return line, ok
}

func (k *pageKeys) DataLineMade(r *render.Result, line []byte) {
	if key, ok := k.lineKey(r); ok {
		k.lines.keep(key, line, true)
	}
}

// keep adds a line to this build's.
func (l *dataLines) keep(key [32]byte, line []byte, made bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.used = append(l.used, key)
	if made {
		if l.made == nil {
			l.made = map[[32]byte][]byte{}
		}
		l.made[key] = bytes.Clone(line)
	}
}

// saveLines keeps this build's lines in the cache for the next, once more than a few
// of the kept ones are stale (staleFiles): writing all (30 MB at 10,000 results) costs
// more than making a few lines again at each build until then.
func (k *pageKeys) saveLines() {
	l := &k.lines
	if len(l.used) == 0 {
		return
	}
	if len(l.made) <= staleFiles(len(l.used)) && l.old != nil {
		if c, ok := k.cache.(interface{ Keep(string) }); ok {
			c.Keep(linesKey)
		}
		return
	}
	size := 0
	for _, key := range l.used {
		size += 32 + binary.MaxVarintLen64 + len(l.old[key]) + len(l.made[key])
	}
	b := make([]byte, 0, size)
	for _, key := range l.used {
		line, ok := l.made[key]
		if !ok {
			line = l.old[key]
		}
		b = append(b, key[:]...)
		b = binary.AppendUvarint(b, uint64(len(line)))
		b = append(b, line...)
	}
	k.cache.Put(linesKey, b)
}

// readLines reads what saveLines kept: nothing if any of it is not a line.
func readLines(data []byte) map[[32]byte][]byte {
	out := map[[32]byte][]byte{}
	for len(data) > 0 {
		if len(data) < 32 {
			return nil
		}
		key := [32]byte(data[:32])
		n, w := binary.Uvarint(data[32:])
		if w <= 0 || n > uint64(len(data)-32-w) {
			return nil
		}
		out[key] = data[32+w : 32+w+int(n)]
		data = data[32+w+int(n):]
	}
	return out
}
