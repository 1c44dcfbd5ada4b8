package dedup

import "encoding/binary"

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
		n, w := binary.Uvarint(p.raw[i])
		if w <= 0 {
			return 0
		}
		return int(n)
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
	buf = binary.AppendUvarint(buf, uint64(len(fp)))
	var prev uint32
	for _, v := range fp {
		buf = binary.AppendUvarint(buf, uint64(v-prev))
		prev = v
	}
	return buf
}

// decodePrint decodes what appendPrint wrote; damaged data gives fewer fingerprints.
func decodePrint(b []byte) fpset {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)) {
		return fpset{}
	}
	b = b[w:]
	fp := make(fpset, 0, n)
	var prev uint64
	for range n {
		d, w := binary.Uvarint(b)
		if w <= 0 {
			break
		}
		b = b[w:]
		prev += d
		fp = append(fp, uint32(prev))
	}
	return fp
}
