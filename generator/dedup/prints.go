package dedup

import "wuxiao/generator/record"

// printSet is the fingerprints of a run's docs, each decoded or still as a saved memo
// holds it: a build through a memo decodes only those of the texts that changed, and
// saves the others as it read them.
type printSet struct {
	fp  []fpset  // per doc, nil where not decoded yet
	raw [][]byte // per doc, as saved (appendPrint), nil where not saved; nil for none
}

// get returns doc i's fingerprints, decoding them if need be (not safe for use by
// several goroutines at once).
func (p *printSet) get(i int) fpset {
	if p.fp[i] == nil && p.raw != nil && p.raw[i] != nil {
		p.fp[i] = decodePrint(p.raw[i])
	}
	return p.fp[i]
}

// count returns the number of doc i's fingerprints.
func (p *printSet) count(i int) int {
	if p.fp[i] == nil && p.raw != nil && p.raw[i] != nil {
		r := record.NewReader(p.raw[i])
		return int(r.Uvarint()) // 0 when damaged
	}
	return len(p.fp[i])
}

// all decodes every doc's fingerprints and returns them.
func (p *printSet) all() []fpset {
	for i := range p.fp {
		p.get(i)
	}
	return p.fp
}

// appendRaw appends doc i's fingerprints as saved.
func (p *printSet) appendRaw(buf []byte, i int) []byte {
	if p.raw != nil && p.raw[i] != nil {
		return append(buf, p.raw[i]...)
	}
	return appendPrint(buf, p.fp[i])
}

// appendPrint appends fp as its length and the differences of its sorted values, as uvarints.
func appendPrint(buf []byte, fp fpset) []byte {
	w := record.NewWriter(buf)
	w.Uvarint(uint64(len(fp)))
	var prev uint32
	for _, v := range fp {
		w.Uvarint(uint64(v - prev))
		prev = v
	}
	return w.Data()
}

// decodePrint decodes what appendPrint wrote; damaged data gives fewer fingerprints.
func decodePrint(b []byte) fpset {
	r := record.NewReader(b)
	fp := make(fpset, r.Count(1))
	var prev uint64
	for j := range fp {
		d := r.Uvarint()
		if r.Err() != nil {
			return fp[:j]
		}
		prev += d
		fp[j] = uint32(prev)
	}
	return fp
}

// decodeWholePrint decodes what appendPrint wrote, reporting whether b was that whole:
// no value past 32 bits, nothing cut short, nothing left over.
func decodeWholePrint(b []byte) (fpset, bool) {
	r := record.NewReader(b)
	fp := make(fpset, r.Count(1))
	var prev uint64
	for j := range fp {
		d := r.Uvarint()
		if d > 1<<32-1-prev {
			return nil, false
		}
		prev += d
		fp[j] = uint32(prev)
	}
	return fp, r.End() == nil
}
