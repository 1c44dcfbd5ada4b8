package rules

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// placeholderFieldsRef is placeholderFields as it was: each struct's tags read as it is met.
func placeholderFieldsRef(v reflect.Value, out *diag.List) {
	positions, _ := v.FieldByName("Pos").Interface().(content.Positions)
	t := v.Type()
	for i := range t.NumField() {
		key, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if key == "" || key == "-" {
			continue
		}
		placeholderValueRef(v.Field(i), positions, key, out)
	}
}

func placeholderValueRef(f reflect.Value, positions content.Positions, key string, out *diag.List) {
	switch f.Kind() {
	case reflect.String:
		if hasPlaceholder(f.String()) >= 0 {
			out.Errorf(positions.At(key), "placeholder", "%s 还是占位的“%s”，请填写实际内容", key, content.Placeholder)
		}
	case reflect.Pointer:
		if !f.IsNil() {
			placeholderValueRef(f.Elem(), positions, key, out)
		}
	case reflect.Struct:
		if sf, ok := f.Type().FieldByName("Pos"); ok && sf.Type == reflect.TypeFor[content.Positions]() {
			placeholderFieldsRef(f, out)
		}
	case reflect.Slice:
		for j := range f.Len() {
			placeholderValueRef(f.Index(j), positions, key, out)
		}
	}
}

// placeholderTexts are a placeholder (whole or half deleted), text and nothing.
var placeholderTexts = []string{"", "文字", content.Placeholder, "【待填", "前待填】后"}

// fillPlaceholders sets v's strings, and those of everything in it, to one of texts at
// random; slices get up to three elements.
func fillPlaceholders(r *rand.Rand, v reflect.Value, texts []string) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(texts[r.IntN(len(texts))])
		}
	case reflect.Pointer:
		if v.CanSet() && r.IntN(3) > 0 && v.Type().Elem().Kind() == reflect.Struct {
			v.Set(reflect.New(v.Type().Elem()))
			fillPlaceholders(r, v.Elem(), texts)
		}
	case reflect.Slice:
		if v.CanSet() && v.Type().Elem().Kind() != reflect.Uint8 {
			n := r.IntN(4)
			v.Set(reflect.MakeSlice(v.Type(), n, n))
			for i := range n {
				fillPlaceholders(r, v.Index(i), texts)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillPlaceholders(r, v.Field(i), texts)
			}
		}
	}
}

// TestPlaceholderFieldsMatchesRef: the fields and keys placeholderFields finds through its
// types, read once, report what reading each struct's tags reported, on every kind that
// checkPlaceholders walks filled with placeholders at random (nested authors, benefits,
// attachments, contacts and steps included).
func TestPlaceholderFieldsMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 4))
	kinds := []any{&content.Submission{}, &content.Commendation{}, &content.Case{}, &content.Bulletin{}, &content.Page{}, &content.Competition{}}
	found := 0
	types := placeholderTypes{}
	for range 300 {
		for _, k := range kinds {
			v := reflect.New(reflect.TypeOf(k).Elem())
			fillPlaceholders(r, v.Elem(), placeholderTexts)
			var got, want diag.List
			placeholderFields(types, v.Elem(), &got)
			placeholderFieldsRef(v.Elem(), &want)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%T: %v, want %v", k, got, want)
			}
			found += want.Len()
		}
	}
	if found < 1000 {
		t.Fatalf("only %d findings", found)
	}
}

// BenchmarkPlaceholderFields walks 10,000 submissions filled with text (no placeholder),
// through the types read once and, to compare, as before.
func BenchmarkPlaceholderFields(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	subs := make([]reflect.Value, 10000)
	for i := range subs {
		subs[i] = reflect.New(reflect.TypeFor[content.Submission]())
		fillPlaceholders(r, subs[i].Elem(), []string{"", "文字"})
	}
	b.Run("types", func(b *testing.B) {
		for b.Loop() {
			var out diag.List
			types := placeholderTypes{}
			for _, v := range subs {
				placeholderFields(types, v.Elem(), &out)
			}
		}
	})
	b.Run("ref", func(b *testing.B) {
		for b.Loop() {
			var out diag.List
			for _, v := range subs {
				placeholderFieldsRef(v.Elem(), &out)
			}
		}
	})
}
