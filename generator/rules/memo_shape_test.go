package rules

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
)

// TestShapeHoldsEveryField: a change to any value inside a submission (every field, its
// authors, attachments, dates and the positions of its keys, unexported ones too) changes
// its shape, so that a field added later cannot leave the tree rules' findings standing
// in the memo after it changed; a change to the free text the tree rules do not see
// (blankSubmission) leaves it as it was.
func TestShapeHoldsEveryField(t *testing.T) {
	tree, _, err := content.Load(content.DirFS(testtree.Base()))
	if err != nil {
		t.Fatal(err)
	}
	var s *content.Submission
	for _, y := range tree.Years {
		for _, x := range y.Submissions {
			if len(x.Authors) > 0 && len(x.Attachments) > 0 {
				s = x
			}
		}
	}
	if s == nil {
		t.Fatal("no submission with authors and attachments in the base tree")
	}
	blanked := map[string]bool{"Title": true, "Summary": true, "Body": true, "Benefit.Social": true, "Studio": true, "Tags": true}
	want := shapeOf(s)
	leaves := 0
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		v = reflect.NewAt(v.Type(), v.Addr().UnsafePointer()).Elem() // unexported fields too
		check := func(change, undo func()) {
			t.Helper()
			leaves++
			change()
			got := shapeOf(s)
			undo()
			top := strings.SplitN(path, "[", 2)[0]
			switch {
			case blanked[top] && got != want:
				t.Errorf("changing %s (blanked) changes the shape", path)
			case !blanked[top] && got == want:
				t.Errorf("changing %s leaves the shape as it was", path)
			}
		}
		switch v.Kind() {
		case reflect.String:
			old := v.String()
			check(func() { v.SetString(old + "改") }, func() { v.SetString(old) })
		case reflect.Int, reflect.Int32, reflect.Int64:
			old := v.Int()
			check(func() { v.SetInt(old + 1) }, func() { v.SetInt(old) })
		case reflect.Float64:
			old := v.Float()
			check(func() { v.SetFloat(old + 1) }, func() { v.SetFloat(old) })
		case reflect.Bool:
			old := v.Bool()
			check(func() { v.SetBool(!old) }, func() { v.SetBool(old) })
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[time.Time]() {
				old := v.Interface().(time.Time)
				check(func() { v.Set(reflect.ValueOf(old.AddDate(0, 0, 1))) }, func() { v.Set(reflect.ValueOf(old)) })
				return
			}
			for i := range v.NumField() {
				name := v.Type().Field(i).Name
				if v.Type().Field(i).Anonymous {
					walk(path, v.Field(i))
					continue
				}
				if path != "" {
					name = path + "." + name
				}
				walk(name, v.Field(i))
			}
		case reflect.Slice:
			if v.Len() == 0 {
				if !v.IsNil() || v.Type().Elem().Kind() != reflect.String {
					return
				}
				check(func() { v.Set(reflect.Append(v, reflect.ValueOf("又一个"))) }, func() { v.Set(reflect.Zero(v.Type())) })
				return
			}
			old := v.Slice(0, v.Len())
			check(func() { v.Set(old.Slice(0, v.Len()-1)) }, func() { v.Set(old) }) // one fewer
			for i := range v.Len() {
				walk(path+"["+itoa(i)+"]", v.Index(i))
			}
		case reflect.Pointer:
			if !v.IsNil() {
				walk(path, v.Elem())
			}
		default:
			t.Errorf("%s is a %s: teach this test (and hashValue) about it", path, v.Kind())
		}
	}
	walk("", reflect.ValueOf(s).Elem())
	if leaves < 40 {
		t.Errorf("only %d values changed", leaves)
	}
}
