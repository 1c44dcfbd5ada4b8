package rules

import (
	"reflect"
	"strings"
	"unicode/utf8"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// checkPlaceholders refuses values that wuxiao new left as 【待填】: a declaration must be
// complete and true before it is submitted [六(三)].
func checkPlaceholders(ctx *Context, out *diag.List) {
	types := placeholderTypes{}
	for _, y := range ctx.Tree.Years {
		if y.Competition != nil { // wuxiao new competition leaves the notice's 文号 to fill
			placeholderFields(types, reflect.ValueOf(y.Competition).Elem(), out)
		}
		for _, s := range y.Submissions {
			placeholderFields(types, reflect.ValueOf(s).Elem(), out)
			placeholderBody(s.File, s.BodyLine, s.Body, out)
		}
		for _, c := range y.Commendations {
			placeholderFields(types, reflect.ValueOf(c).Elem(), out)
		}
		for _, c := range y.Cases {
			placeholderFields(types, reflect.ValueOf(c).Elem(), out)
			placeholderBody(c.File, c.BodyLine, c.Body, out)
		}
		for _, b := range y.Bulletins {
			placeholderFields(types, reflect.ValueOf(b).Elem(), out)
			placeholderBody(b.File, b.BodyLine, b.Body, out)
		}
	}
	for _, p := range ctx.Tree.Pages {
		placeholderFields(types, reflect.ValueOf(p).Elem(), out)
		placeholderBody(p.File, p.BodyLine, p.Body, out)
	}
}

// hasPlaceholder also catches a placeholder whose brackets were half deleted.
func hasPlaceholder(s string) int {
	if !strings.Contains(s, "待填") { // in every mark: the common case, one search
		return -1
	}
	for _, mark := range []string{content.Placeholder, "【待填", "待填】"} {
		if i := strings.Index(s, mark); i >= 0 {
			return i
		}
	}
	return -1
}

// placeholderTypes holds, by struct type, what placeholderFields reads of it: each
// struct's tags were read (and unquoted) as it was met, a twentieth of a second a build
// at 10,000 results.
type placeholderTypes map[reflect.Type]*placeholderType

// placeholderType is a struct type's Pos field (its index path; nil for none), whether
// that is a content.Positions, and its fields with a yaml key.
type placeholderType struct {
	pos        []int
	positioned bool
	fields     []placeholderField
}

type placeholderField struct {
	index int
	key   string
}

func (ts placeholderTypes) of(t reflect.Type) *placeholderType {
	if pt := ts[t]; pt != nil {
		return pt
	}
	pt := &placeholderType{}
	if sf, ok := t.FieldByName("Pos"); ok {
		pt.pos, pt.positioned = sf.Index, sf.Type == reflect.TypeFor[content.Positions]()
	}
	for i := range t.NumField() {
		key, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if key == "" || key == "-" {
			continue
		}
		pt.fields = append(pt.fields, placeholderField{i, key})
	}
	ts[t] = pt
	return pt
}

// placeholderFields walks the yaml fields of a decoded struct, reporting at each value.
func placeholderFields(types placeholderTypes, v reflect.Value, out *diag.List) {
	pt := types.of(v.Type())
	var positions content.Positions
	if pt.pos != nil {
		positions, _ = v.FieldByIndex(pt.pos).Interface().(content.Positions)
	} else {
		positions, _ = v.FieldByName("Pos").Interface().(content.Positions) // as it always did: a struct without one is no caller's
	}
	for _, f := range pt.fields {
		placeholderValue(types, v.Field(f.index), positions, f.key, out)
	}
}

// placeholderValue reports a placeholder in f, the value of key in a struct with positions
// (looked up only for a finding).
func placeholderValue(types placeholderTypes, f reflect.Value, positions content.Positions, key string, out *diag.List) {
	switch f.Kind() {
	case reflect.String:
		if hasPlaceholder(f.String()) >= 0 {
			out.Errorf(positions.At(key), "placeholder", "%s 还是占位的“%s”，请填写实际内容", key, content.Placeholder)
		}
	case reflect.Pointer:
		if !f.IsNil() {
			placeholderValue(types, f.Elem(), positions, key, out)
		}
	case reflect.Struct:
		if types.of(f.Type()).positioned {
			placeholderFields(types, f, out)
		}
	case reflect.Slice:
		for j := range f.Len() {
			placeholderValue(types, f.Index(j), positions, key, out)
		}
	}
}

func placeholderBody(file string, first int, body string, out *diag.List) {
	if !strings.Contains(body, "待填") {
		return
	}
	for i, line := range strings.Split(body, "\n") {
		if at := hasPlaceholder(line); at >= 0 {
			col := utf8.RuneCountInString(line[:at]) + 1
			out.Errorf(diag.Pos{File: file, Line: first + i, Col: col}, "placeholder", "正文中还有占位的“%s”，请写成实际内容", content.Placeholder)
		}
	}
}
