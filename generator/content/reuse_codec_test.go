package content

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"wuxiao/generator/diag"
	"wuxiao/generator/record"
)

// TestReuseCodecEveryField: every kind's value, and the findings, read back as they were
// written, each field of each type of the model set at random (nil, empty and full lists
// and mappings, absent and present pointers, strings of any characters, numbers of any
// sign), so that a field the codec left out, or a type it told apart wrongly, shows.
func TestReuseCodecEveryField(t *testing.T) {
	types := []reflect.Type{reflect.TypeFor[[]diag.Diagnostic]()}
	for _, ki := range kinds {
		if ki.newValue != nil {
			types = append(types, reflect.TypeOf(ki.newValue()).Elem())
		}
	}
	rnd := rand.New(rand.NewPCG(17, 8))
	for _, typ := range types {
		c, err := codecOf(typ)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 200 {
			want := reflect.New(typ).Elem()
			fillRandom(want, rnd, 0)
			var w shardWriter
			c.enc(&w, want)
			data := w.Data()
			got := reflect.New(typ).Elem()
			d := &shardReader{r: record.NewStringReader(string(data))}
			c.dec(d, got)
			if err := d.r.End(); err != nil {
				t.Fatalf("%v %d: %v", typ, i, err)
			}
			if !reflect.DeepEqual(got.Interface(), want.Interface()) {
				t.Fatalf("%v %d: read back\n%#v\nwrote\n%#v", typ, i, got.Interface(), want.Interface())
			}
		}
	}
}

// fillRandom sets v, and what it is made of, at random.
func fillRandom(v reflect.Value, rnd *rand.Rand, depth int) {
	switch {
	case v.Type() == positionsType:
		m := Positions{Start: diag.Pos{File: randomString(rnd), Line: rnd.IntN(1000) - 5, Col: rnd.IntN(100) - 5}}
		switch rnd.IntN(3) {
		case 1:
			m.keys = []keyPos{}
		case 2:
			for range 1 + rnd.IntN(4) {
				m.add(randomString(rnd), diag.Pos{Line: rnd.IntN(1 << 20), Col: rnd.IntN(300) - 1})
			}
		}
		v.Set(reflect.ValueOf(m))
		return
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(time.Unix(rnd.Int64N(1<<34)-1<<33, 0).UTC()))
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(rnd.IntN(2) == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(rnd.Uint64()) >> (rnd.IntN(64)) >> (64 - v.Type().Bits()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(rnd.Uint64() >> (64 - v.Type().Bits()))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(rnd.IntN(2000000)-1000000) / 10)
	case reflect.String:
		v.SetString(randomString(rnd))
	case reflect.Pointer:
		if depth < 6 && rnd.IntN(3) > 0 {
			p := reflect.New(v.Type().Elem())
			fillRandom(p.Elem(), rnd, depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		n := rnd.IntN(4) - 1 // -1: nil
		if depth >= 6 {
			n = -1
		}
		if n >= 0 {
			s := reflect.MakeSlice(v.Type(), n, n)
			for i := range n {
				fillRandom(s.Index(i), rnd, depth+1)
			}
			v.Set(s)
		}
	case reflect.Map:
		n := rnd.IntN(4) - 1
		if depth >= 6 {
			n = -1
		}
		if n >= 0 {
			m := reflect.MakeMap(v.Type())
			for range n {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				fillRandom(k, rnd, depth+1)
				fillRandom(e, rnd, depth+1)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fillRandom(v.Field(i), rnd, depth+1)
		}
	default:
		panic("fillRandom: " + v.Type().String())
	}
}

func randomString(rnd *rand.Rand) string {
	pieces := []string{"", "a", "标题", "content/2023/submissions/x/y.md", "\x00", "\xff", "title", " "}
	s := ""
	for range rnd.IntN(4) {
		s += pieces[rnd.IntN(len(pieces))]
	}
	return s
}
