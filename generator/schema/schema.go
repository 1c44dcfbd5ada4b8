// Package schema derives one JSON Schema per kind of content file from the typed structs the checker decodes into.
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"wuxiao/generator/content"
)

// Draft is the JSON Schema dialect; draft-07 is the one editors' YAML support knows best.
const Draft = "http://json-schema.org/draft-07/schema#"

// Schema is a JSON Schema object; encoding/json sorts its keys, so output is deterministic.
type Schema = map[string]any

// FileName is the schema file of a kind, e.g. "submission.json".
func FileName(kind string) string { return kind + ".json" }

// All returns every kind's schema, keyed by file name, encoded as indented JSON.
func All() (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, k := range content.FileKinds() {
		s, err := For(k)
		if err != nil {
			return nil, err
		}
		data, err := Encode(s)
		if err != nil {
			return nil, err
		}
		out[FileName(k.Name)] = data
	}
	return out, nil
}

// Encode writes s as indented JSON without HTML escaping, ending in a newline.
func Encode(s Schema) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// For builds the schema of one kind of file (of the front matter for Markdown files).
func For(k content.FileKind) (Schema, error) {
	s, err := typeSchema(k.Type, content.Field{}, false)
	if err != nil {
		return nil, fmt.Errorf("%s：%w", k.Name, err)
	}
	s["$schema"] = Draft
	s["title"] = k.Title
	what := k.Path
	if k.Markdown {
		what += " 的 front matter（两行 --- 之间的 YAML）"
	}
	s["description"] = "五小竞赛内容文件：" + what + "。由 wuxiao schema 根据检查器的定义生成，请勿手工修改。"
	return s, nil
}

// Custom types that decode themselves, by name; a new one must be added here (a test checks).
var (
	dateType   = reflect.TypeFor[content.Date]()
	scoresType = reflect.TypeFor[content.Scores]()
)

// DatePattern is the form of a date, YYYY-MM-DD.
const DatePattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`

// typeSchema maps a Go type and the check tag of its field to a schema; nullable lets
// YAML's null through, which the checker treats as an absent key.
func typeSchema(t reflect.Type, f content.Field, nullable bool) (Schema, error) {
	switch t {
	case dateType:
		return withNull(Schema{"type": "string", "format": "date", "pattern": DatePattern}, nullable), nil
	case scoresType:
		return withNull(scoresSchema(), nullable), nil
	}
	if content.DecodesItself(t) {
		return nil, fmt.Errorf("类型 %s 自行解码，schema 包还不认识它", t)
	}
	switch t.Kind() {
	case reflect.Pointer:
		return typeSchema(t.Elem(), f, true)
	case reflect.Struct:
		s, err := structSchema(t)
		return withNull(s, nullable), err
	case reflect.Slice:
		item, err := typeSchema(t.Elem(), content.Field{Enum: f.Enum}, t.Elem().Kind() == reflect.Pointer)
		if err != nil {
			return nil, err
		}
		s := Schema{"type": "array", "items": item}
		if f.HasMin {
			s["minItems"] = int(f.Min)
		}
		if f.HasMax {
			s["maxItems"] = int(f.Max)
		}
		return withNull(s, nullable), nil
	case reflect.Map:
		val, err := typeSchema(t.Elem(), content.Field{}, false)
		if err != nil {
			return nil, err
		}
		s := Schema{"type": "object", "additionalProperties": val}
		if len(f.Enum) > 0 {
			s["propertyNames"] = Schema{"enum": f.Enum}
		}
		return withNull(s, nullable), nil
	case reflect.String:
		s := Schema{"type": "string"}
		if len(f.Enum) > 0 {
			s["enum"] = f.Enum
		}
		if f.ID {
			s["pattern"] = content.IDPattern.String()
			s["maxLength"] = 64
		}
		if f.HasMin {
			s["minLength"] = int(f.Min)
			if f.Min >= 1 && !f.ID {
				s["pattern"] = `\S` // the checker counts characters after trimming spaces
			}
		}
		if f.HasMax {
			s["maxLength"] = int(f.Max)
		}
		return withNull(s, nullable), nil
	case reflect.Int:
		return withNull(number("integer", f), nullable), nil
	case reflect.Float64:
		return withNull(number("number", f), nullable), nil
	case reflect.Bool:
		return withNull(Schema{"type": "boolean"}, nullable), nil
	}
	return nil, fmt.Errorf("不支持的类型 %s", t)
}

func number(typ string, f content.Field) Schema {
	s := Schema{"type": typ}
	if f.HasMin {
		s["minimum"] = f.Min
	}
	if f.HasMax {
		s["maximum"] = f.Max
	}
	return s
}

// structSchema is an object with the struct's keys; unknown keys are errors, as in the checker.
func structSchema(t reflect.Type) (Schema, error) {
	props := Schema{}
	var required []string
	for _, f := range content.Fields(t) {
		s, err := typeSchema(f.Type, f, !f.Required)
		if err != nil {
			return nil, fmt.Errorf("%s.%s：%w", t.Name(), f.Key, err)
		}
		if f.Doc != "" {
			s["description"] = f.Doc
		}
		props[f.Key] = s
		if f.Required {
			required = append(required, f.Key)
		}
	}
	s := Schema{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s, nil
}

// scoresSchema describes a review's scores: submission → {rubric key: number with at most one
// decimal (v2), comment?: text}.
func scoresSchema() Schema {
	line := Schema{
		"type":                 "object",
		"description":          "各评分项的分数（0 至该项满分，可有一位小数，如 8.5），可加 comment 评语（不公开）",
		"properties":           Schema{"comment": Schema{"type": "string", "description": "评语（不公开）"}},
		"additionalProperties": Schema{"type": "number", "minimum": 0},
	}
	return Schema{
		"type":                 "object",
		"description":          "成果（单位代码/文件名）→ 评分",
		"propertyNames":        Schema{"pattern": strings.TrimSuffix(content.IDPattern.String(), "$") + "/" + strings.TrimPrefix(content.IDPattern.String(), "^")},
		"additionalProperties": line,
	}
}

// withNull lets null through as well.
func withNull(s Schema, nullable bool) Schema {
	if !nullable {
		return s
	}
	switch typ := s["type"].(type) {
	case string:
		s["type"] = []string{typ, "null"}
	}
	if e, ok := s["enum"].([]string); ok {
		list := make([]any, 0, len(e)+1)
		for _, v := range e {
			list = append(list, v)
		}
		s["enum"] = append(list, nil)
	}
	return s
}
