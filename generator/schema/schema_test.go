package schema

import (
	"encoding/json"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"go.yaml.in/yaml/v3"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
)

// corpora are real content trees: the demo content and the rules' test base.
var corpora = []string{"../..", "../rules/testdata/base"}

// decodedSchemas returns every kind's schema as an editor sees it: parsed from the JSON.
func decodedSchemas(t *testing.T) map[string]Schema {
	t.Helper()
	files, err := All()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Schema{}
	for _, k := range content.FileKinds() {
		var s Schema
		if err := json.Unmarshal(files[FileName(k.Name)], &s); err != nil {
			t.Fatalf("%s：%v", k.Name, err)
		}
		out[k.Name] = s
	}
	if len(files) != len(out) {
		t.Errorf("%d 个 schema 文件，%d 种内容文件", len(files), len(out))
	}
	return out
}

// TestStructsAndSchemasAgree reads the struct tags on its own (not through content.Fields)
// and fails when a key, a required flag, an enum or a bound is in one and not the other.
func TestStructsAndSchemasAgree(t *testing.T) {
	schemas := decodedSchemas(t)
	for _, k := range content.FileKinds() {
		compareType(t, k.Name, k.Type, schemas[k.Name])
	}
}

func compareType(t *testing.T, at string, typ reflect.Type, s Schema) {
	t.Helper()
	if typ == reflect.TypeFor[content.Date]() {
		if s["pattern"] != DatePattern {
			t.Errorf("%s：日期应有 pattern %s", at, DatePattern)
		}
		return
	}
	if typ == reflect.TypeFor[content.Scores]() {
		if _, ok := s["additionalProperties"].(Schema); !ok {
			t.Errorf("%s：评分应为映射", at)
		}
		return
	}
	switch typ.Kind() {
	case reflect.Pointer:
		compareType(t, at, typ.Elem(), s)
	case reflect.Slice:
		wantType(t, at, s, "array")
		items, _ := s["items"].(Schema)
		compareType(t, at+"[]", typ.Elem(), items)
	case reflect.Map:
		wantType(t, at, s, "object")
		val, _ := s["additionalProperties"].(Schema)
		compareType(t, at+"{}", typ.Elem(), val)
	case reflect.Struct:
		wantType(t, at, s, "object")
		compareStruct(t, at, typ, s)
	case reflect.String:
		wantType(t, at, s, "string")
	case reflect.Int:
		wantType(t, at, s, "integer")
	case reflect.Float64:
		wantType(t, at, s, "number")
	case reflect.Bool:
		wantType(t, at, s, "boolean")
	default:
		t.Errorf("%s：测试不认识类型 %s", at, typ)
	}
}

func compareStruct(t *testing.T, at string, typ reflect.Type, s Schema) {
	t.Helper()
	if s["additionalProperties"] != false {
		t.Errorf("%s：未知的键在检查器中是错误，schema 应有 additionalProperties: false", at)
	}
	props, _ := s["properties"].(Schema)
	var keys, required []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		key := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if key == "" || key == "-" {
			continue
		}
		keys = append(keys, key)
		tag := map[string]string{}
		for _, part := range strings.Split(f.Tag.Get("check"), ",") {
			name, val, _ := strings.Cut(part, "=")
			tag[name] = val
		}
		if _, ok := tag["req"]; ok {
			required = append(required, key)
		}
		p, ok := props[key].(Schema)
		if !ok {
			t.Errorf("%s.%s：检查器有此键，schema 没有", at, key)
			continue
		}
		compareTag(t, at+"."+key, f.Type, tag, p)
		compareType(t, at+"."+key, f.Type, p)
	}
	for k := range props {
		if !slices.Contains(keys, k) {
			t.Errorf("%s.%s：schema 有此键，检查器没有", at, k)
		}
	}
	var got []string
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			got = append(got, r.(string))
		}
	}
	sort.Strings(got)
	sort.Strings(required)
	if !slices.Equal(got, required) {
		t.Errorf("%s：必填键不一致：schema %v，检查器 %v", at, got, required)
	}
}

// compareTag checks the enum and bounds of one field.
func compareTag(t *testing.T, at string, typ reflect.Type, tag map[string]string, s Schema) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if e, ok := tag["enum"]; ok {
		var holder Schema
		switch typ.Kind() {
		case reflect.Slice:
			holder, _ = s["items"].(Schema)
		case reflect.Map:
			holder, _ = s["propertyNames"].(Schema)
		default:
			holder = s
		}
		var got []string
		list, _ := holder["enum"].([]any)
		for _, v := range list {
			if v != nil {
				got = append(got, v.(string))
			}
		}
		if want := strings.Split(e, "|"); !slices.Equal(got, want) {
			t.Errorf("%s：可选值不一致：schema %v，检查器 %v", at, got, want)
		}
	}
	bound := map[reflect.Kind][2]string{
		reflect.String: {"minLength", "maxLength"}, reflect.Slice: {"minItems", "maxItems"},
		reflect.Int: {"minimum", "maximum"}, reflect.Float64: {"minimum", "maximum"},
	}[typ.Kind()]
	for i, name := range []string{"min", "max"} {
		val, ok := tag[name]
		got, has := s[bound[i]].(float64)
		if _, isID := tag["id"]; isID && name == "max" && !ok {
			continue // an id's 64-character limit comes from the id rule
		}
		want, _ := strconv.ParseFloat(val, 64)
		if ok != has || ok && want != got {
			t.Errorf("%s：%s 不一致：schema %s=%v，检查器 %q", at, name, bound[i], s[bound[i]], val)
		}
	}
	if _, ok := tag["id"]; ok && s["pattern"] != content.IDPattern.String() {
		t.Errorf("%s：代码应有 pattern %s", at, content.IDPattern)
	}
}

func wantType(t *testing.T, at string, s Schema, typ string) {
	t.Helper()
	if s == nil {
		t.Errorf("%s：schema 缺少此项", at)
		return
	}
	if !typeAllows(s["type"], typ) {
		t.Errorf("%s：类型为 %v，应为 %s", at, s["type"], typ)
	}
}

// corpusFile is one YAML-bearing file of a real tree.
type corpusFile struct {
	root string
	path string // root-relative
	kind content.FileKind
	data []byte
}

func readCorpus(t *testing.T) []corpusFile {
	t.Helper()
	var out []corpusFile
	for _, root := range corpora {
		fsys := os.DirFS(root)
		err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			k, ok := content.KindOf(p)
			if !ok {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			out = append(out, corpusFile{root, p, k, data})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// splitFile cuts a file into its YAML and (for Markdown) the rest after the front matter.
func splitFile(t *testing.T, f corpusFile) (yamlText, body string) {
	t.Helper()
	s := string(f.data)
	if !f.kind.Markdown {
		return s, ""
	}
	rest, ok := strings.CutPrefix(s, "---\n")
	i := strings.Index(rest, "\n---\n")
	if !ok || i < 0 {
		t.Fatalf("%s：front matter 不完整", f.path)
	}
	return rest[:i+1], rest[i+5:]
}

// checkerSchemaErrors loads one file alone and returns the loader's findings on it.
func checkerSchemaErrors(path string, data []byte) []string {
	_, diags, err := content.Load(fstest.MapFS{path: {Data: data}})
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, d := range diags.Items() {
		if d.Pos.File == path && d.Severity == 0 {
			out = append(out, d.String())
		}
	}
	return out
}

// checkers run the whole checker on a corpus with one file replaced. Each corpus is
// loaded once into a content.Cache; a replaced file is parsed again alone.
type checkers struct {
	trees    map[string]fstest.MapFS
	caches   map[string]*content.Cache
	baseline map[string]map[string]bool // root → its errors
}

func newCheckers(t *testing.T) *checkers {
	c := &checkers{trees: map[string]fstest.MapFS{}, caches: map[string]*content.Cache{}, baseline: map[string]map[string]bool{}}
	for _, root := range corpora {
		m := fstest.MapFS{}
		err := fs.WalkDir(os.DirFS(root), "content", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(root + "/" + p)
			m[p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		c.trees[root] = m
		c.caches[root] = content.NewCache(m)
		c.baseline[root] = c.errors(c.caches[root], nil)
	}
	return c
}

// errors reloads changed (nil: everything) into cache and returns the checker's errors.
func (c *checkers) errors(cache *content.Cache, changed []string) map[string]bool {
	tree, diags, err := cache.Reload(changed)
	if err != nil {
		return map[string]bool{err.Error(): true}
	}
	// The slow rule (duplicate) compares texts, which no mutation of a key or value
	// touches; leaving it out spares thousands of runs of the duplicate engine.
	fast := rules.Select(ruleset.All(nil), func(r rules.Rule) bool { return !r.Slow })
	rules.Run(tree, content.Date{Time: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}, fast, diags)
	out := map[string]bool{}
	for _, d := range diags.Items() {
		if d.Severity == diag.Error {
			out[d.String()] = true
		}
	}
	return out
}

// rejects tells whether the checker finds an error in f's tree once f holds data:
// the loader alone first (fast), else every rule over the whole tree.
func (c *checkers) rejects(f corpusFile, data []byte) bool {
	if len(checkerSchemaErrors(f.path, data)) > 0 {
		return true
	}
	m, cache := c.trees[f.root], c.caches[f.root]
	orig := m[f.path]
	m[f.path] = &fstest.MapFile{Data: data}
	found := c.errors(cache, []string{f.path})
	m[f.path] = orig
	if _, _, err := cache.Reload([]string{f.path}); err != nil {
		panic(err)
	}
	for e := range found {
		if !c.baseline[f.root][e] {
			return true
		}
	}
	return false
}

// TestCorpusPasses: every real file passes both the schema and the checker's loader.
func TestCorpusPasses(t *testing.T) {
	schemas := decodedSchemas(t)
	files := readCorpus(t)
	if len(files) < 20 {
		t.Fatalf("只找到 %d 个内容文件", len(files))
	}
	kinds := map[string]bool{}
	for _, f := range files {
		kinds[f.kind.Name] = true
		y, _ := splitFile(t, f)
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(y), &doc); err != nil {
			t.Fatalf("%s：%v", f.path, err)
		}
		for _, e := range validate(schemas[f.kind.Name], doc.Content[0]) {
			t.Errorf("%s：schema 不接受：%s", f.path, e)
		}
		for _, e := range checkerSchemaErrors(f.path, f.data) {
			t.Errorf("检查器不接受：%s", e)
		}
	}
	for _, k := range content.FileKinds() {
		if !kinds[k.Name] && k.Name != "cleared" {
			t.Errorf("语料里没有 %s 文件", k.Name)
		}
	}
}
