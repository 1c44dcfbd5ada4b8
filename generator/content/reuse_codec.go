package content

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"time"

	"wuxiao/generator/diag"
	"wuxiao/generator/record"
)

// codec writes and reads the values of one type of the model for Reuse, over package
// record: made once per type from its fields (compile), as gob does, but with no type
// descriptions in the stream, nil and empty lists told apart, and every string read
// cut from the shard's bytes taken as one string, where gob made one string each (a
// kept parse of 10,000 results holds about 900,000).
type codec struct {
	enc func(w *shardWriter, v reflect.Value)
	dec func(d *shardReader, v reflect.Value)
}

// shardWriter writes one shard of an encoded Reuse. A string of up to internMax bytes
// is written once, and after as the number it was given then: a kept parse of 10,000
// results repeats its paths in every mapping's positions, the keys of every mapping, the
// rubric's keys in every line of scores (about 10 MB of its 39).
type shardWriter struct {
	record.Writer
	seen map[string]uint64 // the short strings written, by number
}

// internMax is the length of the longest string written once per shard.
const internMax = 64

// str writes s: 0 for "", 1 and s for a string written the first time, or 2 and more
// for the string of that number less 2.
func (w *shardWriter) str(s string) {
	if s == "" {
		w.Uvarint(0)
		return
	}
	if n, ok := w.seen[s]; ok {
		w.Uvarint(n + 2)
		return
	}
	w.Uvarint(1)
	w.String(s)
	if len(s) <= internMax {
		if w.seen == nil {
			w.seen = map[string]uint64{}
		}
		w.seen[s] = uint64(len(w.seen))
	}
}

// shardReader reads one shard of an encoded Reuse.
type shardReader struct {
	r     record.StringReader // the strings read are cut from the shard's
	table []string            // the short strings read so far, by number (shardWriter)
}

// str reads a string shardWriter.str wrote, cut from the shard or taken from the table.
func (d *shardReader) str() string {
	switch t := d.r.Uvarint(); {
	case t == 0:
		return ""
	case t == 1:
		s := d.r.String()
		if len(s) <= internMax {
			d.table = append(d.table, s)
		}
		return s
	case t-2 < uint64(len(d.table)):
		return d.table[t-2]
	}
	d.damaged()
	return ""
}

// damaged makes d bad, as a read past the end does: what follows reads as zeros, and
// d.r.Err tells.
func (d *shardReader) damaged() {
	d.r = record.NewStringReader("")
	d.r.Byte()
}

// count reads the length of a list or mapping written by writeCount: false for nil.
// Each item takes a byte at least, so that a damaged length allocates no more than the
// shard's size.
func (d *shardReader) count() (int, bool) {
	n := d.r.Uvarint()
	if n == 0 {
		return 0, false
	}
	if n-1 > uint64(d.r.Len()) {
		d.damaged()
		return 0, false
	}
	return int(n - 1), true
}

// writeCount writes the length of a list or mapping, 0 for nil.
func writeCount(w *shardWriter, v reflect.Value) {
	if v.IsNil() {
		w.Uvarint(0)
		return
	}
	w.Uvarint(uint64(v.Len()) + 1)
}

// modelCodecs holds the codec of every type a kind's value, or a finding, is made of
// (made once, read only after), or why one could not be made: a type compile does not
// know, which a test of every kind would show (TestReuseCodecEveryField).
var modelCodecs, modelCodecsErr = func() (map[reflect.Type]*codec, error) {
	c := map[reflect.Type]*codec{}
	types := []reflect.Type{reflect.TypeFor[[]diag.Diagnostic]()}
	for _, ki := range kinds {
		if ki.newValue != nil {
			types = append(types, reflect.TypeOf(ki.newValue()).Elem())
		}
	}
	for _, t := range types {
		if _, err := compile(c, t); err != nil {
			return nil, err
		}
	}
	return c, nil
}()

// codecOf is the codec of type t (modelCodecs).
func codecOf(t reflect.Type) (*codec, error) {
	if modelCodecsErr != nil {
		return nil, modelCodecsErr
	}
	c, ok := modelCodecs[t]
	if !ok {
		return nil, fmt.Errorf("类型 %v 无法写入缓存", t)
	}
	return c, nil
}

var (
	positionsType = reflect.TypeFor[Positions]()
	timeType      = reflect.TypeFor[time.Time]()
)

// compile makes the codec of type t, and of the types it is made of, into c.
func compile(c map[reflect.Type]*codec, t reflect.Type) (*codec, error) {
	if k, ok := c[t]; ok {
		return k, nil
	}
	k := &codec{}
	c[t] = k // a type made of itself finds its codec, filled below
	switch {
	case t == positionsType:
		k.enc = func(w *shardWriter, v reflect.Value) { encodePositions(w, v.Addr().Interface().(*Positions)) }
		k.dec = func(d *shardReader, v reflect.Value) { decodePositions(d, v.Addr().Interface().(*Positions)) }
		return k, nil
	case t == timeType:
		k.enc = func(w *shardWriter, v reflect.Value) {
			b, err := v.Interface().(time.Time).MarshalBinary()
			if err != nil {
				b = nil // a time gob could not write either; read back as an error
			}
			w.Bytes(b)
		}
		k.dec = func(d *shardReader, v reflect.Value) {
			if err := v.Addr().Interface().(*time.Time).UnmarshalBinary([]byte(d.r.String())); err != nil {
				d.damaged()
			}
		}
		return k, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		k.enc = func(w *shardWriter, v reflect.Value) {
			if v.Bool() {
				w.Byte(1)
			} else {
				w.Byte(0)
			}
		}
		k.dec = func(d *shardReader, v reflect.Value) { v.SetBool(d.r.Byte() != 0) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		k.enc = func(w *shardWriter, v reflect.Value) { w.Varint(v.Int()) }
		k.dec = func(d *shardReader, v reflect.Value) { v.SetInt(d.r.Varint()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		k.enc = func(w *shardWriter, v reflect.Value) { w.Uvarint(v.Uint()) }
		k.dec = func(d *shardReader, v reflect.Value) { v.SetUint(d.r.Uvarint()) }
	case reflect.Float32, reflect.Float64:
		k.enc = func(w *shardWriter, v reflect.Value) { w.Uint64(math.Float64bits(v.Float())) }
		k.dec = func(d *shardReader, v reflect.Value) { v.SetFloat(math.Float64frombits(d.r.Uint64())) }
	case reflect.String:
		k.enc = func(w *shardWriter, v reflect.Value) { w.str(v.String()) }
		k.dec = func(d *shardReader, v reflect.Value) { v.SetString(d.str()) }
	case reflect.Pointer:
		elem, err := compile(c, t.Elem())
		if err != nil {
			return nil, err
		}
		k.enc = func(w *shardWriter, v reflect.Value) {
			if v.IsNil() {
				w.Byte(0)
				return
			}
			w.Byte(1)
			elem.enc(w, v.Elem())
		}
		k.dec = func(d *shardReader, v reflect.Value) {
			if d.r.Byte() == 0 {
				return
			}
			p := reflect.New(t.Elem())
			elem.dec(d, p.Elem())
			v.Set(p)
		}
	case reflect.Slice:
		elem, err := compile(c, t.Elem())
		if err != nil {
			return nil, err
		}
		k.enc = func(w *shardWriter, v reflect.Value) {
			writeCount(w, v)
			for i := range v.Len() {
				elem.enc(w, v.Index(i))
			}
		}
		k.dec = func(d *shardReader, v reflect.Value) {
			n, ok := d.count()
			if !ok {
				return
			}
			s := reflect.MakeSlice(t, n, n)
			for i := range n {
				elem.dec(d, s.Index(i))
			}
			v.Set(s)
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("类型 %v 的键不是字符串，无法写入缓存", t)
		}
		key, err := compile(c, t.Key())
		if err != nil {
			return nil, err
		}
		elem, err := compile(c, t.Elem())
		if err != nil {
			return nil, err
		}
		k.enc = func(w *shardWriter, v reflect.Value) {
			writeCount(w, v)
			keys := v.MapKeys()
			slices.SortFunc(keys, func(a, b reflect.Value) int { // the same bytes for the same value
				switch {
				case a.String() < b.String():
					return -1
				case a.String() > b.String():
					return 1
				}
				return 0
			})
			for _, kv := range keys {
				key.enc(w, kv)
				elem.enc(w, v.MapIndex(kv))
			}
		}
		k.dec = func(d *shardReader, v reflect.Value) {
			n, ok := d.count()
			if !ok {
				return
			}
			if decodeNumbers(d, v, n) {
				return
			}
			m := reflect.MakeMapWithSize(t, n)
			kv, ev := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			for range n {
				key.dec(d, kv)
				ev.SetZero()
				elem.dec(d, ev)
				m.SetMapIndex(kv, ev)
			}
			v.Set(m)
		}
	case reflect.Struct:
		var fields []*codec
		var index []int
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				return nil, fmt.Errorf("%v.%s 未导出，无法写入缓存", t, f.Name)
			}
			fc, err := compile(c, f.Type)
			if err != nil {
				return nil, err
			}
			fields, index = append(fields, fc), append(index, i)
		}
		if len(fields) == 0 { // each value takes a byte at least (count)
			return nil, fmt.Errorf("%v 没有字段，无法写入缓存", t)
		}
		k.enc = func(w *shardWriter, v reflect.Value) {
			for j, fc := range fields {
				fc.enc(w, v.Field(index[j]))
			}
		}
		k.dec = func(d *shardReader, v reflect.Value) {
			for j, fc := range fields {
				fc.dec(d, v.Field(index[j]))
			}
		}
	default:
		return nil, fmt.Errorf("类型 %v 无法写入缓存", t)
	}
	return k, nil
}

// decodeNumbers reads, as the codec of a mapping reads them, the n entries of v when it
// is a map[string]float64 (scores) or a map[string]int (quotas), without reflection for
// each: a kept parse of 10,000 results holds some 30,000 such mappings. false for any
// other type.
func decodeNumbers(d *shardReader, v reflect.Value, n int) bool {
	switch v.Type() {
	case reflect.TypeFor[map[string]float64]():
		m := make(map[string]float64, n)
		for range n {
			key := d.str()
			m[key] = math.Float64frombits(d.r.Uint64())
		}
		v.Set(reflect.ValueOf(m))
	case reflect.TypeFor[map[string]int]():
		m := make(map[string]int, n)
		for range n {
			key := d.str()
			m[key] = int(d.r.Varint())
		}
		v.Set(reflect.ValueOf(m))
	default:
		return false
	}
	return true
}

// encodePositions writes m: where its mapping starts, then its keys (none apart from
// nil).
func encodePositions(w *shardWriter, m *Positions) {
	w.str(m.Start.File)
	w.Varint(int64(m.Start.Line))
	w.Varint(int64(m.Start.Col))
	n := uint64(0) // nil
	if m.keys != nil {
		n = uint64(len(m.keys)) + 1
	}
	w.Uvarint(n)
	for _, k := range m.keys {
		w.str(k.key)
		w.Varint(int64(k.line))
		w.Varint(int64(k.col))
	}
}

// decodePositions reads what encodePositions wrote into m.
func decodePositions(d *shardReader, m *Positions) {
	m.Start.File = d.str()
	m.Start.Line, m.Start.Col = int(d.r.Varint()), int(d.r.Varint())
	m.keys = nil
	n := d.r.Uvarint()
	if n == 0 {
		return
	}
	if n-1 > uint64(d.r.Len())/3 { // a key takes 3 bytes at least
		d.damaged()
		return
	}
	m.keys = make([]keyPos, n-1)
	for i := range m.keys {
		m.keys[i] = keyPos{key: d.str(), line: int32(d.r.Varint()), col: int32(d.r.Varint())}
	}
}
