package schema

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// mutation breaks one rule of a schema at one place of a document.
type mutation struct {
	name  string
	path  []int // indices into Content from the document's root to the node
	apply func(n *yaml.Node)
}

// TestMutationsAgree breaks every real file in every way its schema forbids, one place at a
// time (drop a required key, add an unknown one, a value outside its enum, of the wrong
// type, out of bounds) and requires the checker to refuse each broken file as well.
func TestMutationsAgree(t *testing.T) {
	schemas := decodedSchemas(t)
	trees := newCheckers(t)
	done := map[string]int{}
	total := 0
	for _, f := range readCorpus(t) {
		if done[f.kind.Name] >= 3 { // three files of each kind cover every key they hold
			continue
		}
		done[f.kind.Name]++
		y, body := splitFile(t, f)
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(y), &doc); err != nil {
			t.Fatal(err)
		}
		s := schemas[f.kind.Name]
		for _, m := range mutations(s, doc.Content[0], nil, "") {
			total++
			root := clone(doc.Content[0])
			m.apply(nodeAt(root, m.path))
			if errs := validate(s, root); len(errs) == 0 {
				t.Errorf("%s %s：schema 竟然接受", f.path, m.name)
			}
			out, err := yaml.Marshal(root)
			if err != nil {
				t.Fatal(err)
			}
			data := out
			if f.kind.Markdown {
				data = []byte("---\n" + string(out) + "---\n" + body)
			}
			if !trees.rejects(f, data) {
				t.Errorf("%s %s：schema 不接受，检查器却接受：\n%s", f.path, m.name, out)
			}
		}
	}
	if total < 200 {
		t.Errorf("只试了 %d 种改动", total)
	}
	t.Logf("%d 种改动，schema 与检查器都拒绝", total)
}

// mutations lists the ways to break n under schema s; at names the place in messages.
func mutations(s Schema, n *yaml.Node, path []int, at string) []mutation {
	var out []mutation
	add := func(name string, apply func(n *yaml.Node)) {
		out = append(out, mutation{at + "：" + name, append([]int(nil), path...), apply})
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		add("不在可选范围的值", func(n *yaml.Node) { setScalar(n, "!!str", "不存在的值") })
	}
	switch jsonType(n) {
	case "object":
		add("映射换成列表", func(n *yaml.Node) { *n = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"} })
		if s["additionalProperties"] == false {
			add("未知的键", func(n *yaml.Node) { n.Content = append(n.Content, scalar("!!str", "zz_unknown"), scalar("!!str", "x")) })
		}
		req, _ := s["required"].([]any)
		props, _ := s["properties"].(Schema)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, i := n.Content[i].Value, i
			for _, r := range req {
				if r == key {
					add("删去必填的 "+key, func(n *yaml.Node) { n.Content = append(n.Content[:i:i], n.Content[i+2:]...) })
				}
			}
			sub := props[key]
			if sub == nil {
				sub = s["additionalProperties"]
			}
			if ps, ok := sub.(Schema); ok {
				out = append(out, mutations(ps, n.Content[i+1], append(path, i+1), at+"."+key)...)
			}
		}
	case "array":
		add("列表换成文字", func(n *yaml.Node) { setScalar(n, "!!str", "文字") })
		if v, ok := num(s["minItems"]); ok && v > 0 {
			add("空列表", func(n *yaml.Node) { n.Content = nil })
		}
		if v, ok := num(s["maxItems"]); ok && len(n.Content) > 0 {
			add("项数过多", func(n *yaml.Node) {
				for len(n.Content) <= int(v) {
					n.Content = append(n.Content, clone(n.Content[0]))
				}
			})
		}
		if items, ok := s["items"].(Schema); ok {
			for i, c := range n.Content {
				out = append(out, mutations(items, c, append(path, i), fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case "string":
		add("文字换成映射", func(n *yaml.Node) {
			*n = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{scalar("!!str", "a"), scalar("!!int", "1")}}
		})
		if v, ok := num(s["minLength"]); ok && v > 0 {
			add("空白文字", func(n *yaml.Node) { setScalar(n, "!!str", "  ") })
		}
		if v, ok := num(s["maxLength"]); ok {
			add("文字过长", func(n *yaml.Node) { setScalar(n, "!!str", strings.Repeat("长", int(v)+1)) })
		}
		if p, _ := s["pattern"].(string); p != "" && p != `\S` {
			add("格式不符", func(n *yaml.Node) { setScalar(n, "!!str", "Bad Value!") })
		}
	case "integer", "number":
		add("数字换成文字", func(n *yaml.Node) { setScalar(n, "!!str", "abc") })
		if v, ok := num(s["minimum"]); ok {
			add("小于下限", func(n *yaml.Node) { setScalar(n, "!!int", fmt.Sprint(int(v)-1)) })
		}
		if v, ok := num(s["maximum"]); ok {
			add("大于上限", func(n *yaml.Node) { setScalar(n, "!!int", fmt.Sprint(int(v)+1)) })
		}
	case "boolean":
		add("布尔值换成文字", func(n *yaml.Node) { setScalar(n, "!!str", "是") })
	}
	return out
}

func scalar(tag, value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
}

func setScalar(n *yaml.Node, tag, value string) { *n = *scalar(tag, value) }

func nodeAt(n *yaml.Node, path []int) *yaml.Node {
	for _, i := range path {
		n = n.Content[i]
	}
	return n
}

func clone(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = clone(x)
	}
	return &c
}
