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
	for _, y := range ctx.Tree.Years {
		if y.Competition != nil { // wuxiao new competition leaves the notice's 文号 to fill
			placeholderFields(reflect.ValueOf(y.Competition).Elem(), out)
		}
		for _, s := range y.Submissions {
			placeholderFields(reflect.ValueOf(s).Elem(), out)
			placeholderBody(s.File, s.BodyLine, s.Body, out)
		}
		for _, c := range y.Commendations {
			placeholderFields(reflect.ValueOf(c).Elem(), out)
		}
		for _, c := range y.Cases {
			placeholderFields(reflect.ValueOf(c).Elem(), out)
			placeholderBody(c.File, c.BodyLine, c.Body, out)
		}
		for _, b := range y.Bulletins {
			placeholderFields(reflect.ValueOf(b).Elem(), out)
			placeholderBody(b.File, b.BodyLine, b.Body, out)
		}
	}
	for _, p := range ctx.Tree.Pages {
		placeholderFields(reflect.ValueOf(p).Elem(), out)
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

// placeholderFields walks the yaml fields of a decoded struct, reporting at each value.
func placeholderFields(v reflect.Value, out *diag.List) {
	positions, _ := v.FieldByName("Pos").Interface().(content.Positions)
	t := v.Type()
	for i := range t.NumField() {
		key, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if key == "" || key == "-" {
			continue
		}
		placeholderValue(v.Field(i), positions, key, out)
	}
}

// placeholderValue reports a placeholder in f, the value of key in a struct with positions
// (looked up only for a finding).
func placeholderValue(f reflect.Value, positions content.Positions, key string, out *diag.List) {
	switch f.Kind() {
	case reflect.String:
		if hasPlaceholder(f.String()) >= 0 {
			out.Errorf(positions.At(key), "placeholder", "%s 还是占位的“%s”，请填写实际内容", key, content.Placeholder)
		}
	case reflect.Pointer:
		if !f.IsNil() {
			placeholderValue(f.Elem(), positions, key, out)
		}
	case reflect.Struct:
		if sf, ok := f.Type().FieldByName("Pos"); ok && sf.Type == reflect.TypeFor[content.Positions]() {
			placeholderFields(f, out)
		}
	case reflect.Slice:
		for j := range f.Len() {
			placeholderValue(f.Index(j), positions, key, out)
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
