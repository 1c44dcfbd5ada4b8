package render

import (
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"

	"wuxiao/generator/content"
)

// referenceResultJSON is what encoding/json writes for rd in the open data (no HTML
// escaping, no newline), or false where it refuses rd.
func referenceResultJSON(t testing.TB, rd *resultData) ([]byte, bool) {
	data, err := marshalJSON(rd) // encoding/json, as appendResult falls back to
	return data, err == nil
}

// checkResultJSON fails t when appendResultJSON differs from encoding/json for rd.
func checkResultJSON(t testing.TB, rd *resultData) {
	t.Helper()
	want, wantOK := referenceResultJSON(t, rd)
	got, ok := appendResultJSON([]byte("x"), rd)
	if ok != wantOK {
		t.Fatalf("appendResultJSON ok %v, encoding/json %v, for %+v", ok, wantOK, rd)
	}
	if ok && string(got[1:]) != string(want) {
		t.Fatalf("appendResultJSON differs from encoding/json:\n%s", firstDiff(string(want), string(got[1:])))
	}
	if !ok && string(got) != "x" {
		t.Fatalf("appendResultJSON declined but wrote %q", got[1:])
	}
}

// TestResultJSONMatches: appendResultJSON writes what encoding/json writes for the open
// data of every result of the demo, the minimal example and its escaped variant, and for
// 20,000 generated ones that fill every field of resultData by reflection (so that a
// field added to the struct without the typed writer fails here): strings with quotes,
// backslashes, control characters, invalid UTF-8, U+2028/2029 and HTML's characters,
// slices nil, empty or full, pointers nil or set, numbers of every magnitude and the
// infinities and NaN (which encoding/json refuses, and appendResultJSON declines).
func TestResultJSONMatches(t *testing.T) {
	special := func(s string) string {
		s = strings.Replace(s, "title: 供热管网漏点快速定位方法", `title: "供热<管网> & 'A+B' \"漏点\"\t\\"`, 1)
		return strings.Replace(s, "summary: 利用", "summary: <i>&利用'+\u2028", 1)
	}
	trees := map[string]fs.FS{"demo": os.DirFS("../../content/.."), "minimal": os.DirFS(minimalRoot), "escaped": edited(t, minimalRoot, special)}
	results := 0
	for name, fsys := range trees {
		tree, _, err := content.Load(fsys)
		if err != nil {
			t.Fatal(name, err)
		}
		site := NewSite(tree, "https://example.org/wuxiao/", date("2026-11-25"))
		for _, y := range site.Years {
			for _, res := range y.Results {
				rd := resultDataOf(res, site.BaseURL)
				checkResultJSON(t, &rd)
				results++
			}
		}
	}
	if results < 20 {
		t.Fatalf("only %d results in the example sites", results)
	}
	r := rand.New(rand.NewPCG(17, 8))
	for range 20000 {
		var rd resultData
		fill(r, reflect.ValueOf(&rd).Elem())
		checkResultJSON(t, &rd)
	}
}

// fill sets v, and everything in it, to random values.
func fill(r *rand.Rand, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(randomJSONText(r))
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Float64:
		v.SetFloat(randomFloat(r))
	case reflect.Pointer:
		if r.IntN(3) > 0 {
			v.Set(reflect.New(v.Type().Elem()))
			fill(r, v.Elem())
		}
	case reflect.Slice:
		switch n := r.IntN(5); n {
		case 0: // nil
		default:
			v.Set(reflect.MakeSlice(v.Type(), n-1, n-1))
			for i := range n - 1 {
				fill(r, v.Index(i))
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(r, v.Field(i))
		}
	default:
		panic("fill: " + v.Kind().String())
	}
}

// randomJSONText is empty a fifth of the time, else a few pieces of what JSON escapes
// and what it leaves.
func randomJSONText(r *rand.Rand) string {
	if r.IntN(5) == 0 {
		return ""
	}
	pieces := []string{"工", "a", " ", `"`, `\`, "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "<", ">", "&",
		"\u2028", "\u2029", "\u2027", "\xff", "\xe4\xb8", "\xed\xa0\x80", "😀", "\u00e9", "＆", "\ufffd", "/", "'"}
	var b strings.Builder
	for range 1 + r.IntN(8) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// randomFloat is a number of a random magnitude, now and then one encoding/json refuses.
func randomFloat(r *rand.Rand) float64 {
	switch r.IntN(12) {
	case 0:
		return 0
	case 1:
		return math.Inf(1 - 2*r.IntN(2))
	case 2:
		return math.NaN()
	case 3:
		return math.Copysign(0, -1)
	case 4:
		return float64(r.IntN(1000)) / 10
	}
	f := math.Pow(10, float64(r.IntN(60)-30)) * r.Float64()
	if r.IntN(2) == 0 {
		f = -f
	}
	return f
}

// FuzzResultJSON: appendResultJSON writes what encoding/json writes for any strings in
// the fields and any number as the economic benefit.
func FuzzResultJSON(f *testing.F) {
	f.Add("工\u2028\"", "\xff\\\n", 1.5e-7, true)
	f.Add("", "<&>", math.Inf(1), false)
	f.Fuzz(func(t *testing.T, s1, s2 string, e float64, flag bool) {
		rd := resultData{ID: s1, Title: s2, Summary: s1 + s2, Description: s2 + s1, Economic: &e, Provisional: flag,
			Authors: []authorData{{Name: s1, Role: s2}}, Tags: []string{s2}, Commendations: []Step{{Level: s1, Note: s2}}}
		if flag {
			rd.Economic, rd.Authors = nil, nil
		}
		checkResultJSON(t, &rd)
	})
}
