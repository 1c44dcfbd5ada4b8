package content

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"wuxiao/generator/diag"
)

// IDPattern is the form of every id and slug in the contract.
var IDPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidID tells whether s is a well-formed id: the pattern and at most 64 characters. It
// reads s byte by byte, as IDPattern says (TestValidIDMatchesPattern): the regular
// expression, asked for every id of every file, was a fiftieth of a load's instructions.
func ValidID(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// Positions records where a mapping and each of its values stand in their file.
type Positions struct {
	Start diag.Pos
	keys  []keyPos // in file order; a mapping has a handful, so a slice beats a map in time and memory
}

// keyPos is where one key's value stands, in the mapping's file.
type keyPos struct {
	key       string
	line, col int32
}

// At returns the position of key's value, or of the mapping when the key is absent.
func (m Positions) At(key string) diag.Pos {
	if k := m.find(key); k != nil {
		return diag.Pos{File: m.Start.File, Line: int(k.line), Col: int(k.col)}
	}
	return m.Start
}

// Has tells whether key was written (with a non-null value).
func (m Positions) Has(key string) bool { return m.find(key) != nil }

func (m Positions) find(key string) *keyPos {
	for i := range m.keys {
		if m.keys[i].key == key {
			return &m.keys[i]
		}
	}
	return nil
}

// Keys lists the keys written, in file order.
func (m Positions) Keys() []string {
	out := make([]string, len(m.keys))
	for i, k := range m.keys {
		out[i] = k.key
	}
	return out
}

// add records where key's value stands.
func (m *Positions) add(key string, at diag.Pos) {
	m.keys = append(m.keys, keyPos{key: key, line: int32(at.Line), col: int32(at.Col)})
}

// nodeDecoder is implemented by types that decode themselves from a YAML node.
type nodeDecoder interface {
	decodeNode(d *decoder, n *yaml.Node)
}

// decoder turns YAML nodes into typed values, reporting schema problems at their positions.
type decoder struct {
	file       string
	lineOffset int
	diags      *diag.List
	budget     int // nodes that may still be visited; guards against alias bombs
	exhausted  bool
	problems   int // schema problems told so far, at most MaxFileProblems
	infos      typeInfos
}

// MaxFileProblems is how many schema problems of one file are told: a file wrong on every
// line (a list of 8 million items that are not mappings fits in MaxYAML) is told its
// first ones and that the rest are not, not millions of lines.
const MaxFileProblems = 200

func newDecoder(file string, lineOffset int, diags *diag.List, size int, infos typeInfos) *decoder {
	return &decoder{file: file, lineOffset: lineOffset, diags: diags, budget: 1000 + size, infos: infos}
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line + d.lineOffset, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	if d.problems++; d.problems > MaxFileProblems {
		if !d.exhausted { // resolve stops the decoding from here on
			d.exhausted, d.budget = true, 0
			d.diags.Errorf(d.pos(n), "schema", "这个文件的格式问题超过 %d 个，其余的不再列出：请先改正上面的问题", MaxFileProblems)
		}
		return
	}
	d.diags.Errorf(d.pos(n), "schema", format, args...)
}

// resolve follows aliases and spends the node budget; nil means stop.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil {
		return nil
	}
	d.budget--
	if d.budget < 0 {
		if !d.exhausted {
			d.exhausted = true
			d.diags.Errorf(d.pos(n), "syntax", "YAML 别名展开后过大，超过文件大小限制")
		}
		return nil
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// decode fills v from n; what names the value in messages.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, what string) {
	n = d.resolve(n)
	if n == nil {
		return
	}
	if v.CanAddr() {
		if nd, ok := v.Addr().Interface().(nodeDecoder); ok {
			nd.decodeNode(d, n)
			return
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if isNull(n) {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		d.decode(n, v.Elem(), what)
	case reflect.Struct:
		d.decodeStruct(n, v, what)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "%s 应为列表", what)
			return
		}
		s := reflect.MakeSlice(v.Type(), 0, len(n.Content))
		for i, c := range n.Content {
			e := reflect.New(v.Type().Elem()).Elem()
			d.decode(c, e, what+" 第 "+strconv.Itoa(i+1)+" 项") // as Sprintf("%s 第 %d 项"), without its reflection: a name for each item of every list
			s = reflect.Append(s, e)
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "%s 应为键值映射", what)
			return
		}
		m := reflect.MakeMap(v.Type())
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := d.resolve(n.Content[i]), n.Content[i+1]
			if k == nil {
				return
			}
			if seen[k.Value] {
				d.errorf(k, "%s 中重复的键 %q", what, k.Value)
				continue
			}
			seen[k.Value] = true
			e := reflect.New(v.Type().Elem()).Elem()
			d.decode(val, e, what+"."+k.Value)
			m.SetMapIndex(reflect.ValueOf(k.Value), e)
		}
		v.Set(m)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || isNull(n) {
			d.errorf(n, "%s 应为文字", what)
			return
		}
		if r, bad := controlChar(n.Value); bad && (r == 0xfffe || r == 0xffff) {
			d.errorf(n, "%s 含有非字符 %U（XML 不允许它，含有它的表彰决定 Word 无法打开）；请删去", what, r)
		} else if bad {
			d.errorf(n, "%s 含有控制字符 %U（不可见，或会颠倒文字的显示顺序）；请删去", what, r)
		}
		v.SetString(n.Value)
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.errorf(n, "%s 应为整数，而不是 %q", what, shortValue(n))
			return
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil || i > math.MaxInt32 || i < math.MinInt32 {
			d.errorf(n, "%s 的整数 %q 超出范围", what, n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
			d.errorf(n, "%s 应为数字，而不是 %q", what, shortValue(n))
			return
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			d.errorf(n, "%s 应为有限的数字，而不是 %q", what, n.Value)
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, "%s 应为 true 或 false，而不是 %q", what, shortValue(n))
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	default:
		panic("content: cannot decode into " + v.Type().String())
	}
}

// shortValue is a node's text for messages, cut to a readable length.
func shortValue(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "映射"
	case yaml.SequenceNode:
		return "列表"
	}
	s := n.Value
	if utf8.RuneCountInString(s) > 30 {
		s = string([]rune(s)[:30]) + "…"
	}
	return s
}

// decodeStruct fills a struct from a mapping, checking keys against the struct's yaml and check tags.
func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, what string) {
	info := d.infos.of(v.Type())
	positions := Positions{Start: d.pos(n)}
	defer func() {
		if info.pos == nil {
			return
		}
		if mf := v.FieldByIndex(info.pos); mf.CanAddr() {
			*mf.Addr().Interface().(*Positions) = positions // as Set does, without boxing a copy
		} else {
			mf.Set(reflect.ValueOf(positions))
		}
	}()
	if n.Kind != yaml.MappingNode {
		if isNull(n) {
			d.errorf(n, "%s 为空，应为键值映射", what)
		} else {
			d.errorf(n, "%s 应为键值映射（key: value），而不是 %q", what, shortValue(n))
		}
		return
	}
	positions.keys = make([]keyPos, 0, len(n.Content)/2) // one a key, sized once
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := d.resolve(n.Content[i]), n.Content[i+1]
		if k == nil {
			return
		}
		f, ok := info.byKey[k.Value]
		if !ok {
			msg := fmt.Sprintf("未知的键 %q", k.Value)
			if s := suggest(k.Value, info.keys); s != "" {
				msg += fmt.Sprintf("，是否应为 %q？", s)
			} else {
				msg += fmt.Sprintf("（可用的键：%s）", strings.Join(info.keys, "、"))
			}
			d.errorf(k, "%s", msg)
			continue
		}
		if positions.Has(k.Value) {
			d.errorf(k, "重复的键 %q", k.Value)
			continue
		}
		rv := d.resolve(val)
		if rv == nil {
			return
		}
		if isNull(rv) {
			continue
		}
		positions.add(k.Value, d.pos(rv))
		fv := v.Field(f.index)
		label := k.Value
		d.decode(rv, fv, label)
		d.checkField(rv, fv, f, label)
	}
	for _, f := range info.fields {
		if f.rule.required {
			if !positions.Has(f.key) {
				d.diags.Errorf(positions.Start, "schema", "缺少必填的键 %q（%s）", f.key, f.rule.title)
			}
		}
	}
}

// checkField applies a field's check tag to its decoded value.
func (d *decoder) checkField(n *yaml.Node, v reflect.Value, f fieldInfo, label string) {
	r := f.rule
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if n.Kind != yaml.ScalarNode {
			return
		}
		if len(r.enum) > 0 && s != "" && !contains(r.enum, s) {
			msg := fmt.Sprintf("%s 的值 %q 不在可选范围内（%s）", label, s, strings.Join(r.enum, "、"))
			if sug := suggest(s, r.enum); sug != "" {
				msg = fmt.Sprintf("%s 的值 %q 不在可选范围内，是否应为 %q？（可选：%s）", label, s, sug, strings.Join(r.enum, "、"))
			}
			d.errorf(n, "%s", msg)
		}
		if r.id && !ValidID(s) {
			d.diags.Errorf(d.pos(n), "path", "%s 的值 %q 不是合规的代码（小写字母、数字和连字符，至多 64 个字符）", label, s)
		} else if r.id && WindowsDevice(s) { // a code names folders: units/aux/, submissions/aux/
			d.diags.Errorf(d.pos(n), "path", "%s 的值 %q 是 Windows 的设备名：它会成为网站和内容仓库中的文件夹名，Windows 无法保存（仓库在 Windows 上无法检出），请换一个代码", label, s)
		}
		if r.date {
			return
		}
		t := strings.TrimSpace(s)
		// A character is one to four bytes: the length alone mostly settles both bounds,
		// and the characters are counted only when it does not.
		if (!r.hasMin || float64((len(t)+3)/4) >= r.min) && (!r.hasMax || float64(len(t)) <= r.max) {
			return
		}
		cnt := utf8.RuneCountInString(t)
		if r.hasMin && float64(cnt) < r.min {
			if t == "" {
				d.errorf(n, "%s 不能为空", label)
			} else {
				d.errorf(n, "%s 太短：%d 个字符，至少 %g 个", label, cnt, r.min)
			}
		}
		if r.hasMax && float64(cnt) > r.max {
			d.errorf(n, "%s 太长：%d 个字符，至多 %g 个", label, cnt, r.max)
		}
	case reflect.Int, reflect.Float64:
		var x float64
		if v.Kind() == reflect.Int {
			x = float64(v.Int())
		} else {
			x = v.Float()
		}
		if r.hasMin && x < r.min {
			d.errorf(n, "%s 的值 %v 小于下限 %g", label, n.Value, r.min)
		}
		if r.hasMax && x > r.max {
			d.errorf(n, "%s 的值 %v 大于上限 %g", label, n.Value, r.max)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return
		}
		if r.hasMin && float64(v.Len()) < r.min {
			d.errorf(n, "%s 至少需要 %g 项", label, r.min)
		}
		if r.hasMax && float64(v.Len()) > r.max {
			d.errorf(n, "%s 至多 %g 项，现有 %d 项", label, r.max, v.Len())
		}
		if len(r.enum) > 0 && v.Type().Elem().Kind() == reflect.String {
			for i := 0; i < v.Len(); i++ {
				if s := v.Index(i).String(); !contains(r.enum, s) {
					d.errorf(n.Content[i], "%s 的值 %q 不在可选范围内（%s）", label, s, strings.Join(r.enum, "、"))
				}
			}
		}
	case reflect.Map:
		if len(r.enum) > 0 && n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k := n.Content[i]; !contains(r.enum, k.Value) {
					d.errorf(k, "%s 的键 %q 不在可选范围内（%s）", label, k.Value, strings.Join(r.enum, "、"))
				}
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// controlChar finds a character no text of the contract may hold: C0 and C1 controls
// (NUL, ESC…) other than tab and line ends, DEL, the bidirectional controls that
// reorder what a reader sees (RLO U+202E and the others), and the noncharacters U+FFFE
// and U+FFFF, which XML refuses (a YAML escape "\uFFFF" in a title made the 表彰决定's
// DOCX a file Word will not open). It reads bytes, where ranging
// over the runes decoded every character of every text: each of those characters starts
// with a byte no character continues with (below 0x80, C2, D8, E2, EF), so a byte found is
// the start of one (TestControlCharMatchesRunes).
func controlChar(s string) (rune, bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
			return rune(c), true
		case c == 0xef && i+2 < len(s) && s[i+1] == 0xbf && (s[i+2] == 0xbe || s[i+2] == 0xbf): // U+FFFE, U+FFFF
			return 0xfff0 | rune(s[i+2]&0x0f), true
		case c == 0xc2, c == 0xd8, c == 0xe2:
			if r, _ := utf8.DecodeRuneInString(s[i:]); isControl(r) {
				return r, true
			}
		}
	}
	return 0, false
}

// isControl tells whether r, above 0x7f, is one of controlChar's characters.
func isControl(r rune) bool {
	return r >= 0x80 && r <= 0x9f || r == 0x61c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// EncodeYAML writes doc, a YAML document read and edited as nodes (so that its comments
// and layout stay), as the contract's files are written: two spaces an indent.
func EncodeYAML(doc *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
