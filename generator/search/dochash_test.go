package search

import (
	"reflect"
	"testing"
)

// TestDocHashHoldsEveryField: a change to any field of a Doc, exported or not, changes
// its hash, so that a field added to Doc later cannot leave a kept document standing in
// the index after it changed (the cache would serve the old one).
func TestDocHashHoldsEveryField(t *testing.T) {
	base := Doc{URL: "2023/results/u/s/", Kind: KindResult, Title: "标题", Unit: "单位", UnitShort: []string{"短名"},
		Authors: []string{"张三"}, Summary: "摘要", Body: "正文", Extra: []string{"标签"}, Year: 2023,
		Category: "小发明", Award: "一等奖", source: "## 正文"}
	want, _ := docHash(&base, nil, nil)
	typ := reflect.TypeFor[Doc]()
	for i := range typ.NumField() {
		changed := base
		f := reflect.ValueOf(&changed).Elem().Field(i)
		f = reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem() // unexported fields too
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "改")
		case reflect.Int:
			f.SetInt(f.Int() + 1)
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Slice:
			f.Set(reflect.Append(f, reflect.ValueOf("又一个")))
		default:
			t.Fatalf("Doc.%s is a %s: teach this test (and docHash) about it", typ.Field(i).Name, f.Kind())
		}
		if got, _ := docHash(&changed, nil, nil); got == want {
			t.Errorf("changing Doc.%s leaves docHash as it was", typ.Field(i).Name)
		}
	}
}
