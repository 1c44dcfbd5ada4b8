package search

import (
	"slices"

	"wuxiao/generator/record"
)

// patch changes old, the state of the last index, into the state of the index of docs
// (in index order, with their hashes), where the documents that changed are few and
// the documents are as many as they were (else shift): it reads those documents alone
// (their bodies, and their old fields from their parts in the cache) and changes the
// lists of the keys they gained or lost, in the shards that hold them. It gives nil
// when a build from the documents' text is needed instead: too many changes, a part
// missing from the cache, or a bigram that became frequent or ceased to be (whose
// trigrams every document that has it gains or loses). It also gives the number of
// documents it read.
func patch(old *state, docs []Doc, hashes [][32]byte, opt Options) (*state, int) {
	if len(old.hashes) != len(docs) {
		return shift(old, docs, hashes, opt)
	}
	var changed []int
	keep, _ := opt.Cache.(interface{ Keep(string) })
	for i, h := range hashes {
		if h != old.hashes[i] {
			changed = append(changed, i)
		} else if keep != nil {
			keep.Keep(partKey(h)) // still of use to a later build, though not read
		}
	}
	if len(changed) > max(8, len(docs)/64) {
		return nil, 0
	}
	if len(changed) == 0 {
		return old, 0
	}
	st := *old
	st.records = slices.Clone(old.records)
	st.shards = slices.Clone(old.shards)
	changes := map[uint64][]change{} // by key
	plain := NewPlain()
	for _, i := range changed {
		was, ok := keptPart(opt.Cache, old.hashes[i])
		if !ok {
			return nil, 0
		}
		fields := readDoc(&docs[i], hashes[i], opt.Cache, plain)
		before, after := keyMasks(was.fields, old.freq), keyMasks(fields, old.freq)
		for k, m := range before {
			if after[k] != m {
				changes[k] = append(changes[k], change{doc: i, mask: after[k]})
			}
		}
		for k, m := range after {
			if _, ok := before[k]; !ok {
				changes[k] = append(changes[k], change{doc: i, mask: m})
			}
		}
		var err error
		if st.records[i], err = marshal(docs[i].record()); err != nil {
			return nil, 0
		}
		st.countPairs(was.fields, -1)
		st.countPairs(fields, 1)
	}
	if !st.apply(changes, len(docs)) {
		return nil, 0
	}
	if n := shardCount(st.total, opt); n != len(st.shards) {
		keys, blobs, ok := st.lists()
		if !ok {
			return nil, 0
		}
		st.shards = shards(keys, blobs, n)
	}
	return &st, len(changed)
}

// keptPart is the part the cache keeps of the document with hash h.
func keptPart(cache Cache, h [32]byte) (part, bool) {
	data, ok := cache.Get(partKey(h))
	if !ok {
		return part{}, false
	}
	p, err := readPart(data)
	return p, err == nil
}

// readDoc gives d its Body, from the part the cache keeps under its hash h or else
// from its Markdown, keeps its part, and returns its fields.
func readDoc(d *Doc, h [32]byte, cache Cache, plain *Plain) [3]string {
	if p, ok := keptPart(cache, h); ok {
		d.Body, d.source = p.body, ""
	}
	if d.source != "" {
		d.Body, d.source = plain.Text(d.source), ""
	}
	fields := d.Fields()
	cache.Put(partKey(h), (&part{body: d.Body, fields: fields}).marshal())
	return fields
}

// countPairs adds by to the count of every pair of words of a document with fields f.
func (st *state) countPairs(f [3]string, by int) {
	for p := range pairsOf(f) {
		if st.pairs[p] += by; st.pairs[p] <= 0 {
			delete(st.pairs, p)
		}
	}
}

// shift is patch where documents were added or removed. The documents before the
// first that differs from the last index's, and those after the last, are the last
// index's, in its order; the few between are its removed and this index's added ones.
// Every list is read and written again, without the removed documents, the documents
// after the added ones renumbered, and the added ones in the lists of their keys:
// none but those is tokenised.
func shift(old *state, docs []Doc, hashes [][32]byte, opt Options) (*state, int) {
	n, m := len(old.hashes), len(docs)
	p := 0
	for p < n && p < m && old.hashes[p] == hashes[p] {
		p++
	}
	s := 0
	for s < n-p && s < m-p && old.hashes[n-1-s] == hashes[m-1-s] {
		s++
	}
	if (n-s-p)+(m-s-p) > max(8, m/64) {
		return nil, 0
	}
	if keep, ok := opt.Cache.(interface{ Keep(string) }); ok {
		for _, h := range slices.Concat(hashes[:p], hashes[m-s:]) {
			keep.Keep(partKey(h))
		}
	}
	st := &state{freq: old.freq, pairs: old.pairs, records: slices.Clone(old.records[:p])}
	for _, h := range old.hashes[p : n-s] { // removed
		was, ok := keptPart(opt.Cache, h)
		if !ok {
			return nil, 0
		}
		st.countPairs(was.fields, -1)
	}
	added := map[uint64][]change{} // by key, in document order
	plain := NewPlain()
	for i := p; i < m-s; i++ {
		fields := readDoc(&docs[i], hashes[i], opt.Cache, plain)
		for k, mask := range keyMasks(fields, old.freq) {
			added[k] = append(added[k], change{doc: i, mask: mask})
		}
		rec, err := marshal(docs[i].record())
		if err != nil {
			return nil, 0
		}
		st.records = append(st.records, rec)
		st.countPairs(fields, 1)
	}
	st.records = append(st.records, old.records[n-s:]...)
	keys, blobs, ok := old.lists()
	if !ok {
		return nil, 0
	}
	for k := range added {
		if _, ok := blobs[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := keys[:0]
	for _, k := range keys {
		var lists [3][]byte
		count := 0
		for j := range lists {
			list, err := decodeList(blobs[k][j], n)
			if err != nil {
				return nil, 0
			}
			moved := list[:0]
			for _, d := range list {
				switch {
				case d < p:
					moved = append(moved, d)
				case d >= n-s:
					moved = append(moved, d+m-n)
				}
			}
			at, _ := slices.BinarySearch(moved, p)
			var in []int
			for _, c := range added[k] {
				if c.mask&(1<<j) != 0 {
					in = append(in, c.doc)
				}
			}
			moved = slices.Insert(moved, at, in...)
			lists[j] = encodeList(nil, moved)
			if j == 0 {
				count = len(moved)
			}
		}
		if k >= 1<<16 && k < 1<<32 && !surrogate(uint16(k>>16)) && !surrogate(uint16(k)) &&
			(count >= minFrequent && count*frequentShare >= m) != st.freq[k] {
			return nil, 0 // trigrams after it in every document that has it
		}
		if count == 0 {
			continue
		}
		blobs[k] = lists
		out = append(out, k)
		st.total += len(lists[0]) + len(lists[1]) + len(lists[2]) + 8
	}
	st.shards = shards(out, blobs, shardCount(st.total, opt))
	return st, m - s - p
}

// change says which of a key's lists doc is in: mask bit j for list j (all fields,
// title, names).
type change struct {
	doc  int
	mask uint8
}

// keyMasks are the keys of a document's fields, each with the lists it is in.
func keyMasks(fields [3]string, freq frequentSet) map[uint64]uint8 {
	m := map[uint64]uint8{}
	kr := newKeyer(freq, allGrams)
	for j, s := range fields {
		bits := uint8(1)
		if j < 2 {
			bits |= 2 << j
		}
		kr.keys(s, j, func(k uint64, _ int) { m[k] |= bits })
	}
	return m
}

// entry is one key of a shard and its three lists.
type entry struct {
	key  uint64
	list [3][]byte
}

// readShard reads a shard written by shards; its lists share data's bytes.
func readShard(data []byte) ([]entry, bool) {
	r := record.NewReader(data)
	n := r.Count(4)
	out := make([]entry, n)
	lens := make([][3]int, n)
	key := uint64(0)
	for i := range out {
		key += r.Uvarint()
		out[i].key = key
		for j := range lens[i] {
			lens[i][j] = int(r.Uvarint())
		}
	}
	for i := range out {
		for j, l := range lens[i] {
			out[i].list[j] = r.Fixed(l)
		}
	}
	return out, r.End() == nil
}

// writeShard lays out a shard's entries, in ascending key order, as shards does.
func writeShard(es []entry) []byte {
	w := record.NewWriter(make([]byte, 0, shardSize(es))) // one allocation, where appending made a dozen
	appendShard(&w, es)
	return w.Data()
}

// appendShard appends the layout of a shard's entries to w.
func appendShard(w *record.Writer, es []entry) {
	w.Uvarint(uint64(len(es)))
	prev := uint64(0)
	for _, e := range es {
		w.Uvarint(e.key - prev)
		for _, l := range e.list {
			w.Uvarint(uint64(len(l)))
		}
		prev = e.key
	}
	for _, e := range es {
		for _, l := range e.list {
			w.Fixed(l)
		}
	}
}

// shardSize is the length of writeShard's shard of es.
func shardSize(es []entry) int {
	n := uvarintLen(uint64(len(es)))
	prev := uint64(0)
	for _, e := range es {
		n += uvarintLen(e.key - prev)
		for _, l := range e.list {
			n += uvarintLen(uint64(len(l))) + len(l)
		}
		prev = e.key
	}
	return n
}

// apply makes the changes to the lists of their keys, in the shards that hold them,
// and keeps total; false when a shard cannot be read or a bigram's frequency changed.
func (st *state) apply(changes map[uint64][]change, docs int) bool {
	byShard := map[int][]uint64{}
	for k := range changes {
		s := shardOf(k, len(st.shards))
		byShard[s] = append(byShard[s], k)
	}
	for s, keys := range byShard {
		es, ok := readShard(st.shards[s])
		if !ok {
			return false
		}
		for _, k := range keys {
			i, found := slices.BinarySearchFunc(es, k, func(e entry, k uint64) int {
				switch {
				case e.key < k:
					return -1
				case e.key > k:
					return 1
				}
				return 0
			})
			if !found {
				es = slices.Insert(es, i, entry{key: k})
			} else {
				st.total -= len(es[i].list[0]) + len(es[i].list[1]) + len(es[i].list[2]) + 8
			}
			e := &es[i]
			n := 0
			for j := range e.list {
				list, err := decodeList(e.list[j], docs)
				if err != nil {
					return false
				}
				for _, c := range changes[k] {
					at, in := slices.BinarySearch(list, c.doc)
					switch want := c.mask&(1<<j) != 0; {
					case want && !in:
						list = slices.Insert(list, at, c.doc)
					case !want && in:
						list = slices.Delete(list, at, at+1)
					}
				}
				e.list[j] = encodeList(nil, list)
				if j == 0 {
					n = len(list)
				}
			}
			if k >= 1<<16 && k < 1<<32 && !surrogate(uint16(k>>16)) && !surrogate(uint16(k)) &&
				(n >= minFrequent && n*frequentShare >= docs) != st.freq[k] {
				return false // trigrams after it in every document that has it
			}
			if n == 0 {
				es = slices.Delete(es, i, i+1)
				continue
			}
			st.total += len(e.list[0]) + len(e.list[1]) + len(e.list[2]) + 8
		}
		st.shards[s] = writeShard(es)
	}
	return true
}

// lists reads every key's lists from the shards, in ascending key order.
func (st *state) lists() ([]uint64, map[uint64][3][]byte, bool) {
	var keys []uint64
	blobs := map[uint64][3][]byte{}
	for _, data := range st.shards {
		es, ok := readShard(data)
		if !ok {
			return nil, nil, false
		}
		for _, e := range es {
			keys = append(keys, e.key)
			blobs[e.key] = e.list
		}
	}
	slices.Sort(keys)
	return keys, blobs, true
}
