package content

import (
	"reflect"
	"testing"
	"unsafe"

	"wuxiao/generator/testtree"
)

// TestReadReuseCutsTexts: the texts of the values ReadReuse decodes (bodies, titles,
// paths: every string longer than the interned ones) are cut from the bytes given, not
// copied, so that a cached rebuild maps no second copy of the kept parse (27 MB at 10,000
// results). It reads the demo content's and the base tree's kept parse.
func TestReadReuseCutsTexts(t *testing.T) {
	for _, root := range []string{"../..", testtree.Base()} {
		reuse := &Reuse{}
		if _, _, err := LoadReusing(memTree(t, root), reuse); err != nil {
			t.Fatal(err)
		}
		data, err := reuse.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		src := string(data)
		read, err := ReadReuse(src)
		if err != nil {
			t.Fatal(err)
		}
		lo := uintptr(unsafe.Pointer(unsafe.StringData(src)))
		hi := lo + uintptr(len(src))
		texts, copied := 0, 0
		var walk func(v reflect.Value)
		walk = func(v reflect.Value) {
			switch v.Kind() {
			case reflect.String:
				if s := v.String(); len(s) > internMax {
					texts++
					if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p < lo || p+uintptr(len(s)) > hi {
						copied++
					}
				}
			case reflect.Pointer, reflect.Interface:
				if !v.IsNil() {
					walk(v.Elem())
				}
			case reflect.Struct:
				for i := range v.NumField() {
					walk(v.Field(i))
				}
			case reflect.Slice, reflect.Array:
				for i := range v.Len() {
					walk(v.Index(i))
				}
			case reflect.Map:
				for it := v.MapRange(); it.Next(); {
					walk(it.Key())
					walk(it.Value())
				}
			}
		}
		for _, f := range read.old {
			walk(reflect.ValueOf(f.value))
		}
		if texts == 0 || copied > 0 {
			t.Errorf("%s: %d of the %d texts decoded are copies, not cut from the bytes read", root, copied, texts)
		}
	}
}
