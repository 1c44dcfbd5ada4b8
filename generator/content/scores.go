package content

import (
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Scores is the scores mapping of a review file, in file order.
type Scores []ScoreLine

func (s *Scores) decodeNode(d *decoder, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		if !isNull(n) {
			d.errorf(n, "scores 应为“成果: {评分项: 分数}”的映射")
		}
		return
	}
	seen := make(map[string]bool, len(n.Content)/2)
	*s = slices.Grow(*s, len(n.Content)/2) // a review's lines, sized once: a review file holds hundreds
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.resolve(n.Content[i]), d.resolve(n.Content[i+1])
		if k == nil || v == nil {
			return
		}
		if seen[k.Value] {
			d.errorf(k, "重复评分：成果 %q 已在本文件中出现", k.Value)
			continue
		}
		seen[k.Value] = true
		line := ScoreLine{Submission: k.Value, Pos: d.pos(k), ValuePos: d.pos(v), ScorePos: Positions{Start: d.pos(v)}}
		if v.Kind != yaml.MappingNode {
			d.errorf(v, "成果 %q 的评分应为“评分项: 分数”的映射", k.Value)
			line.Scores = RubricScores{}
			*s = append(*s, line)
			continue
		}
		line.Scores = make(RubricScores, 0, len(v.Content)/2)
		line.ScorePos.keys = make([]keyPos, 0, len(v.Content)/2)
		for j := 0; j+1 < len(v.Content); j += 2 {
			sk, sv := d.resolve(v.Content[j]), d.resolve(v.Content[j+1])
			if sk == nil || sv == nil {
				return
			}
			if sk.Value == "comment" {
				if sv.Kind != yaml.ScalarNode {
					d.errorf(sv, "comment 应为文字")
				} else {
					line.Comment = sv.Value
				}
				continue
			}
			if line.ScorePos.Has(sk.Value) {
				d.errorf(sk, "重复的评分项 %q", sk.Value)
				continue
			}
			line.ScorePos.add(sk.Value, d.pos(sk))
			if sv.Kind == yaml.ScalarNode && strings.TrimSpace(sv.Value) == Placeholder {
				d.diags.Errorf(d.pos(sv), "placeholder", "评分项 %q 还没有打分：把 %s 换成分数", sk.Value, Placeholder)
				continue
			}
			if sv.Kind != yaml.ScalarNode || (sv.Tag != "!!int" && sv.Tag != "!!float") {
				d.errorf(sv, "评分项 %q 的分数应为数字（可有一位小数，如 8.5），而不是 %q", sk.Value, shortValue(sv))
				continue
			}
			var x float64
			d.decode(sv, reflect.ValueOf(&x).Elem(), sk.Value)
			line.Scores = append(line.Scores, RubricScore{Key: sk.Value, Value: x})
		}
		*s = append(*s, line)
	}
}

func (a *Assignments) decodeNode(d *decoder, n *yaml.Node) {
	a.Pos.Start = d.pos(n)
	if n.Kind != yaml.MappingNode {
		if !isNull(n) {
			d.errorf(n, "assignments.yaml 应为“专家代码: [成果, ...]”的映射")
		}
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.resolve(n.Content[i]), d.resolve(n.Content[i+1])
		if k == nil || v == nil {
			return
		}
		if a.Pos.Has(k.Value) {
			d.errorf(k, "专家 %q 在本文件中重复出现", k.Value)
			continue
		}
		a.Pos.add(k.Value, d.pos(k))
		line := Assignment{Expert: k.Value, Pos: d.pos(k)}
		if v.Kind != yaml.SequenceNode {
			if !isNull(v) {
				d.errorf(v, "专家 %q 的评审任务应为成果列表，如 [kuangqu-mine1/pidai-jiupian]", k.Value)
			}
			a.Lines = append(a.Lines, line)
			continue
		}
		for _, e := range v.Content {
			if e = d.resolve(e); e == nil {
				return
			}
			if e.Kind != yaml.ScalarNode || e.Tag != "!!str" {
				d.errorf(e, "成果应写作“单位代码/文件名”，而不是 %q", shortValue(e))
				continue
			}
			line.Submissions = append(line.Submissions, e.Value)
			line.SubPos = append(line.SubPos, d.pos(e))
		}
		a.Lines = append(a.Lines, line)
	}
}
