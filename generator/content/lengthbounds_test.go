package content

import (
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"wuxiao/generator/diag"
)

// TestLengthBounds: a text's min and max are in characters, whatever their bytes: ASCII,
// Chinese and characters of four bytes at and around each bound, with spaces trimmed.
func TestLengthBounds(t *testing.T) {
	type bounded struct {
		Both    string `yaml:"both" check:"min=3,max=5"`
		MinOnly string `yaml:"min_only" check:"min=3"`
		MaxOnly string `yaml:"max_only" check:"max=5"`
	}
	for _, tc := range []struct {
		text string
		want string // the message's telling part, "" for none
	}{
		{"ab", "太短：2 个字符"}, {"abc", ""}, {"abcde", ""}, {"abcdef", "太长：6 个字符"},
		{"中文", "太短：2 个字符"}, {"中文字", ""}, {"中文字很好", ""}, {"中文字很好啊", "太长：6 个字符"},
		{"😀😀", "太短：2 个字符"}, {"😀😀😀", ""}, {"😀😀😀😀😀", ""}, {"😀😀😀😀😀😀", "太长：6 个字符"},
		{"  ab  ", "太短：2 个字符"}, {"   abcde   ", ""}, {"a中😀", ""}, {"a中😀é\u00a0x", "太长：6 个字符"},
		{"\"   \"", "不能为空"},
	} {
		var root yaml.Node
		if err := yaml.Unmarshal([]byte("both: "+tc.text+"\nmin_only: "+tc.text+"\nmax_only: "+tc.text+"\n"), &root); err != nil {
			t.Fatal(err)
		}
		var diags diag.List
		var v bounded
		d := newDecoder("t.yaml", 0, &diags, 100, newTypeInfos(&v))
		d.decode(root.Content[0], reflect.ValueOf(&v).Elem(), "测试")
		got := map[int]string{} // by line: both, min_only, max_only
		for _, it := range diags.Items() {
			got[it.Pos.Line] += it.Msg
		}
		wantMin, wantMax := tc.want, "" // what min_only and max_only say
		if strings.Contains(tc.want, "太长") {
			wantMin, wantMax = "", tc.want
		}
		for line, want := range map[int]string{1: tc.want, 2: wantMin, 3: wantMax} {
			if g := got[line]; want == "" && g != "" || want != "" && !strings.Contains(g, want) {
				t.Errorf("text %q, line %d: got %q, want %q", tc.text, line, g, want)
			}
		}
	}
}
