package generator

import (
	"bytes"
	"encoding/hex"
	"io/fs"
	"path/filepath"
	"sort"
	"time"

	"wuxiao/generator/digest"
	"wuxiao/generator/record"
)

// fileStamp is what a content file was when a build read it: its stamp, with its ctime
// and device, which git's index compares too (a file whose bytes changed with its size
// and mtime put back has a new ctime), and the digest (package digest) of its bytes.
type fileStamp struct {
	stamp
	ctime, dev int64
	sum        [32]byte
}

// same tells whether now, a stamp just taken, is the recorded s.
func (s fileStamp) same(now fileStamp) bool {
	return s.stamp.same(now.stamp) && s.ctime == now.ctime && s.dev == now.dev
}

// settled is s as a record keeps it: racy when its mtime or its ctime is too close to
// vouch for it.
func (s fileStamp) settled(l racyLimits) fileStamp {
	s.stamp = s.stamp.settled(l)
	if l.racy(s.ctime) {
		s.mtime = racy
	}
	return s
}

// KnownSum makes sumFS a content.KnownSums: a file whose stamp is as recorded has the
// recorded hash, and is not read. Every file asked about is stamped, for the record.
func (s *sumFS) KnownSum(name string, info fs.FileInfo) ([32]byte, bool) {
	st, ok := infoStamp(info)
	if !ok {
		return [32]byte{}, false
	}
	s.waitRecall()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen[name] = st
	if was, ok := s.was[name]; ok && was.same(st) {
		s.sums[name] = was.sum
		return was.sum, true
	}
	return [32]byte{}, false
}

// stampsKey names in the cache the stamps recorded by the last build of the content
// under root (an absolute path).
func stampsKey(root string) string {
	sum := digest.Sum([]byte(root))
	return "stamps-" + hex.EncodeToString(sum[:16])
}

// recall takes the stamps the last build of root recorded in cache (none when it has
// none, or a damaged record), on a goroutine of its own: they are read and decoded
// (10,000 files: 0.7 MB) while the loader walks the tree, before which no file is read,
// and asked for (KnownSum waits for them) once it parses.
func (s *sumFS) recall(cache Cache, root string) {
	if cache == nil {
		return
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return
	}
	s.recalled = make(chan struct{})
	go func() {
		defer close(s.recalled)
		var was map[string]fileStamp
		if data, ok := cache.Get(stampsKey(root)); ok {
			was, _ = decodeStamps(data, root)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.was = was
		if n := len(was); n > 0 && len(s.sums) == 0 && len(s.seen) == 0 { // as many files as the last build, most likely: grown once
			s.sums, s.seen = make(map[string][32]byte, n), make(map[string]fileStamp, n)
		}
	}()
}

// waitRecall waits for the stamps recall takes, if it was asked to.
func (s *sumFS) waitRecall() {
	if s.recalled != nil {
		<-s.recalled
	}
}

// record keeps in cache, for the next build of root, the stamps of the files this
// build's load looked at and hashed, with their hashes as loaded (snapshot, taken once
// the content has loaded: the renderer reads other files through s meanwhile).
func (s *sumFS) record(cache Cache, root string, loaded map[string][32]byte) {
	if s == nil || cache == nil || !stampsTrusted {
		return
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return
	}
	s.waitRecall()
	s.mu.Lock()
	seen := s.seen // written by the load alone (KnownSum)
	s.mu.Unlock()
	data := encodeStamps(root, seen, loaded, s.since)
	cache.Put(stampsKey(root), data)
}

const stampsHead = "wuxiao content stamps v1\n"

// encodeStamps is the record of the files of seen that sums has a hash of, their
// stamps taken from since on: the root, then the files sorted, a name sharing its start
// with the name before it.
func encodeStamps(root string, seen map[string]fileStamp, sums map[string][32]byte, since time.Time) []byte {
	names := make([]string, 0, len(seen))
	for n := range seen {
		if _, ok := sums[n]; ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	limit := racyLimit(since)
	w := record.NewWriter(append(make([]byte, 0, 64+len(root)+110*len(names)), stampsHead...))
	w.String(root)
	w.Uvarint(uint64(len(names)))
	prev := ""
	for _, n := range names {
		st := seen[n].settled(limit)
		sum := sums[n]
		w.FrontCoded(prev, n)
		w.Fixed(sum[:])
		for _, v := range [...]int64{st.size, st.mtime, st.inode, st.ctime, st.dev} {
			w.Varint(v)
		}
		w.Uvarint(uint64(st.mode))
		prev = n
	}
	return w.Data()
}

// decodeStamps reads what encodeStamps wrote for root.
func decodeStamps(data []byte, root string) (map[string]fileStamp, error) {
	if !bytes.HasPrefix(data, []byte(stampsHead)) {
		return nil, errRecord
	}
	r := record.NewReader(data[len(stampsHead):])
	if string(r.Bytes()) != root {
		return nil, errRecord
	}
	count := r.Count(40)
	if r.Err() != nil {
		return nil, errRecord
	}
	out := make(map[string]fileStamp, count)
	prev := ""
	for range count {
		name := r.FrontCoded(prev)
		var st fileStamp
		copy(st.sum[:], r.Fixed(len(st.sum)))
		st.size, st.mtime, st.inode, st.ctime, st.dev = r.Varint(), r.Varint(), r.Varint(), r.Varint(), r.Varint()
		mode := r.Uvarint()
		if r.Err() != nil || mode > 1<<32-1 {
			return nil, errRecord
		}
		st.mode = uint32(mode)
		out[name] = st
		prev = name
	}
	if r.End() != nil {
		return nil, errRecord
	}
	return out, nil
}
