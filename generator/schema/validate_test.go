package schema

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// validate checks a YAML node against a schema decoded from the JSON that For produces
// (the subset of draft-07 it uses), reading the node as an editor's YAML support does
// (YAML 1.2: an unquoted date is a string). It returns one line per problem.
func validate(s Schema, n *yaml.Node) []string {
	var errs []string
	validateAt(s, n, "", &errs)
	return errs
}

func validateAt(s Schema, n *yaml.Node, at string, errs *[]string) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	fail := func(format string, args ...any) {
		*errs = append(*errs, fmt.Sprintf("%d: %s: %s", n.Line, at, fmt.Sprintf(format, args...)))
	}
	typ := jsonType(n)
	if t, ok := s["type"]; ok && !typeAllows(t, typ) {
		fail("类型为 %s，应为 %v", typ, t)
		return
	}
	if e, ok := s["enum"]; ok && !enumHas(e, n) {
		fail("值 %q 不在 %v 中", n.Value, e)
	}
	switch typ {
	case "string":
		cnt := utf8.RuneCountInString(n.Value)
		if v, ok := num(s["minLength"]); ok && float64(cnt) < v {
			fail("太短")
		}
		if v, ok := num(s["maxLength"]); ok && float64(cnt) > v {
			fail("太长")
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(n.Value) {
			fail("不符合 %s", p)
		}
	case "integer", "number":
		x, _ := strconv.ParseFloat(n.Value, 64)
		if v, ok := num(s["minimum"]); ok && x < v {
			fail("小于 %g", v)
		}
		if v, ok := num(s["maximum"]); ok && x > v {
			fail("大于 %g", v)
		}
	case "array":
		if v, ok := num(s["minItems"]); ok && float64(len(n.Content)) < v {
			fail("项数太少")
		}
		if v, ok := num(s["maxItems"]); ok && float64(len(n.Content)) > v {
			fail("项数太多")
		}
		if items, ok := s["items"].(Schema); ok {
			for i, c := range n.Content {
				validateAt(items, c, fmt.Sprintf("%s[%d]", at, i), errs)
			}
		}
	case "object":
		validateObject(s, n, at, errs, fail)
	}
}

func validateObject(s Schema, n *yaml.Node, at string, errs *[]string, fail func(string, ...any)) {
	props, _ := s["properties"].(Schema)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		seen[k.Value] = true
		if pn, ok := s["propertyNames"].(Schema); ok {
			validateAt(pn, k, at+"."+k.Value+"（键）", errs)
		}
		if p, ok := props[k.Value].(Schema); ok {
			validateAt(p, v, at+"."+k.Value, errs)
			continue
		}
		switch ap := s["additionalProperties"].(type) {
		case bool:
			if !ap {
				fail("未知的键 %q", k.Value)
			}
		case Schema:
			validateAt(ap, v, at+"."+k.Value, errs)
		}
	}
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			if !seen[r.(string)] {
				fail("缺少 %q", r)
			}
		}
	}
}

// jsonType is the JSON type of a YAML node under the YAML 1.2 core schema.
func jsonType(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "object"
	case yaml.SequenceNode:
		return "array"
	}
	switch n.Tag {
	case "!!null":
		return "null"
	case "!!bool":
		return "boolean"
	case "!!int":
		return "integer"
	case "!!float":
		return "number"
	}
	return "string" // !!str, and !!timestamp, which YAML 1.2 does not have
}

func typeAllows(t any, typ string) bool {
	var list []string
	switch x := t.(type) {
	case string:
		list = []string{x}
	case []any:
		for _, v := range x {
			list = append(list, v.(string))
		}
	}
	return slices.Contains(list, typ) || (typ == "integer" && slices.Contains(list, "number"))
}

func enumHas(e any, n *yaml.Node) bool {
	list, _ := e.([]any)
	for _, v := range list {
		if v == nil && n.Tag == "!!null" || v != nil && n.Tag != "!!null" && v == n.Value {
			return true
		}
	}
	return false
}

func num(v any) (float64, bool) {
	x, ok := v.(float64)
	return x, ok && !math.IsNaN(x)
}
