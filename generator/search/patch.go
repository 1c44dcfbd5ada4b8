package search

import (
	"encoding/binary"
	"slices"
)

// patch changes old, the state of the last index, into the state of the index of docs
// (in index order, with their hashes), where the documents that changed are few and
// the documents are as many as they were: it reads those documents alone (their
// bodies, and their old fields from their parts in the cache) and changes the lists
// of the keys they gained or lost, in the shards that hold them. It gives nil when a
// build from the documents' text is needed instead: too many changes, another number
// of documents, a part missing from the cache, or a bigram that became frequent or
// ceased to be (whose trigrams every document that has it gains or loses).
func patch(old *state, docs []Doc, hashes [][32]byte, opt Options) (*state, int) {
	if len(old.hashes) != len(docs) {
		return nil, 0
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
		data, ok := opt.Cache.Get(partKey(old.hashes[i]))
		if !ok {
			return nil, 0
		}
		was, err := readPart(data)
		if err != nil {
			return nil, 0
		}
		d := &docs[i]
		if data, ok := opt.Cache.Get(partKey(hashes[i])); ok {
			if pt, err := readPart(data); err == nil {
				d.Body, d.source = pt.body, ""
			}
		}
		if d.source != "" {
			d.Body, d.source = plain.Text(d.source), ""
		}
		fields := d.Fields()
		opt.Cache.Put(partKey(hashes[i]), (&part{body: d.Body, fields: fields}).marshal())
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
		if st.records[i], err = marshal(d.record()); err != nil {
			return nil, 0
		}
		wasPairs, pairs := pairsOf(was.fields), pairsOf(fields)
		for p := range wasPairs {
			if !pairs[p] {
				if st.pairs[p]--; st.pairs[p] <= 0 {
					delete(st.pairs, p)
				}
			}
		}
		for p := range pairs {
			if !wasPairs[p] {
				st.pairs[p]++
			}
		}
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
	r := reader{b: data}
	n := r.count(4)
	out := make([]entry, n)
	lens := make([][3]int, n)
	key := uint64(0)
	for i := range out {
		key += r.uvarint()
		out[i].key = key
		for j := range lens[i] {
			lens[i][j] = int(r.uvarint())
		}
	}
	for i := range out {
		for j, l := range lens[i] {
			out[i].list[j] = r.fixed(l)
		}
	}
	return out, r.err == nil && len(r.b) == 0
}

// writeShard lays out a shard's entries, in ascending key order, as shards does.
func writeShard(es []entry) []byte {
	b := binary.AppendUvarint(nil, uint64(len(es)))
	prev := uint64(0)
	for _, e := range es {
		b = binary.AppendUvarint(b, e.key-prev)
		for _, l := range e.list {
			b = binary.AppendUvarint(b, uint64(len(l)))
		}
		prev = e.key
	}
	for _, e := range es {
		b = append(append(append(b, e.list[0]...), e.list[1]...), e.list[2]...)
	}
	return b
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
