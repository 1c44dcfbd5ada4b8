package award

import (
	"bytes"
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"

	"wuxiao/generator/content"
)

// Rewrite returns results.yaml with its awards replaced by lines. Every other key, every
// comment and the layout of unchanged lines are kept; a line is written as a flow mapping
// {submission, award, override?} like the contract's examples. With old empty it starts a
// new file in draft status. The output is stable: Rewrite(Rewrite(x, l), l) == Rewrite(x, l).
func Rewrite(old []byte, lines []Line) ([]byte, error) {
	var doc yaml.Node
	if len(bytes.TrimSpace(old)) > 0 {
		if err := yaml.Unmarshal(old, &doc); err != nil {
			return nil, fmt.Errorf("无法解析现有的 results.yaml：%v", err)
		}
	}
	if doc.Kind == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}}
		root := doc.Content[0]
		root.Content = append(root.Content, str("status"), str("draft"))
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("现有的 results.yaml 不是“键: 值”的映射，无法改写")
	}
	root := doc.Content[0]
	var seq *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "awards" {
			seq = root.Content[i+1]
			if seq.Kind != yaml.SequenceNode {
				*seq = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			}
		}
	}
	if seq == nil {
		seq = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		root.Content = append(root.Content, str("awards"), seq)
	}
	seq.Content = awardNodes(seq.Content, lines)
	seq.Style = 0
	if len(seq.Content) == 0 {
		seq.Style = yaml.FlowStyle
	}
	return content.EncodeYAML(&doc)
}

// awardNodes builds the sequence items for lines, reusing an old item of the same submission
// (with its comments and layout) when there is one.
func awardNodes(old []*yaml.Node, lines []Line) []*yaml.Node {
	bySub := map[string]*yaml.Node{}
	for _, n := range old {
		if n.Kind == yaml.MappingNode {
			if v := field(n, "submission"); v != nil && bySub[v.Value] == nil {
				bySub[v.Value] = n
			}
		}
	}
	out := make([]*yaml.Node, 0, len(lines))
	for _, l := range lines {
		n := bySub[l.Submission]
		delete(bySub, l.Submission)
		if n == nil {
			n = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
			n.Content = append(n.Content, str("submission"), str(l.Submission))
		}
		set(n, "award", l.Award)
		if l.Override != "" {
			set(n, "override", l.Override)
		} else {
			remove(n, "override")
		}
		out = append(out, n)
	}
	return out
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func field(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// set gives key the string value v, keeping the node (and its comments) when it is already v.
func set(m *yaml.Node, key, v string) {
	if n := field(m, key); n != nil {
		if n.Kind != yaml.ScalarNode || n.Value != v {
			*n = *str(v)
		}
		return
	}
	m.Content = append(m.Content, str(key), str(v))
}

func remove(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}
