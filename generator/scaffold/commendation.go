package scaffold

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"wuxiao/generator/content"
)

// addCommendations adds to p the unit's own commendation of submission id, which must come
// before it is declared [五(三)], [六(四)]: appended to the unit's <year>-wuxiao.yaml when it
// exists, else that file created. The county's recommendation is the county's own change
// (wuxiao new commendation --unit <county>), so nothing is written outside the unit's folders.
func addCommendations(tree *content.Tree, y *content.Year, unit *content.Unit, id string, p *Plan) error {
	for _, level := range y.Competition.PriorCommendation {
		if level == "county" {
			name := unit.Parent
			for _, u := range tree.Units {
				if u.ID == unit.Parent {
					name = u.Name
				}
			}
			if unit.Parent == "" {
				p.Notes = append(p.Notes, fmt.Sprintf("注意：%s 没有上级单位，无法安排%s的推荐。", unit.Name, content.LevelName(level)))
				continue
			}
			p.Notes = append(p.Notes, fmt.Sprintf("本成果合并后，由%s在 %s 前推荐（表彰）：其管理员运行 wuxiao new commendation --unit %s --year %d。", name, y.Competition.Phases.Organize.To, unit.Parent, y.Year))
			continue
		}
		if listed(y, unit.ID, id) {
			continue
		}
		f, err := CommendationStub(tree, y.Year, unit.ID, id)
		if err != nil {
			return err
		}
		p.Files = append(p.Files, f)
		if f.Created {
			p.Notes = append(p.Notes, fmt.Sprintf("新建了%s的表彰文件 %s：请填写文号、日期和奖项（须先表彰后申报）。", content.LevelName(level), f.Path))
		} else {
			p.Notes = append(p.Notes, fmt.Sprintf("在%s已有的表彰文件 %s 末尾列出了本成果：请填写奖项，并确认该文件的日期不晚于申报日期。", content.LevelName(level), f.Path))
		}
	}
	return nil
}

// listed tells whether a commendation of issuer already names id.
func listed(y *content.Year, issuer, id string) bool {
	for _, c := range y.Commendations {
		if c.Issuer != issuer {
			continue
		}
		for _, a := range c.Awards {
			if a.Submission == id {
				return true
			}
		}
	}
	return false
}

// CommendationStub lists submission id, award to be filled, in issuer's <year>-wuxiao.yaml:
// appended as one line when the file ends with its awards list, rewritten through YAML
// otherwise, and created with every field explained when it does not exist.
func CommendationStub(tree *content.Tree, year int, issuer, id string) (File, error) {
	p := path.Join(yearDir(year), "commendations", issuer, strconv.Itoa(year)+"-wuxiao.yaml")
	line := fmt.Sprintf("{submission: %s, award: %s}", id, P)
	data, err := fs.ReadFile(tree.FS, p)
	if err != nil {
		return File{Path: p, Data: []byte(newCommendation(tree, year, issuer, line)), Created: true}, nil
	}
	out, err := appendAward(data, id)
	if err != nil {
		return File{}, fmt.Errorf("%s：%w", p, err)
	}
	return File{Path: p, Data: out}, nil
}

func newCommendation(tree *content.Tree, year int, issuer, line string) string {
	name := issuer
	for _, u := range tree.Units {
		if u.ID == issuer {
			name = u.Name
		}
	}
	d := &doc{fields: fieldsOf(content.Commendation{})}
	d.b.WriteString(modeline(SchemaURL(tree, "commendation")))
	d.comment("%s（%s）%d 年“五小”竞赛表彰文件。推荐市级评审的成果须先经基层工会、再经县（区）、产业或市直工会表彰 [五(三)]。", name, issuer, year)
	d.comment("把每个 %s 换成实际内容，填完后运行 wuxiao check 检查。", P)
	d.b.WriteString("\n")
	d.key("doc", "如 矿区工发〔"+strconv.Itoa(year)+"〕8号", P)
	d.key("date", "基层工会的表彰不晚于所列成果的申报日期（先表彰后申报）；县（区）、产业、市直工会的推荐不早于基层表彰、不晚于组织推进阶段的截止日", P)
	d.key("awards", "每项写成果（单位代码/文件名）和奖项："+content.AwardNames()+" 之一", "")
	d.b.WriteString("  - " + line + "\n")
	return d.b.String()
}

// appendAward adds {submission: id, award: placeholder} to the awards list of a
// commendation file, keeping the file's text and comments as they are when it can.
func appendAward(data []byte, id string) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("无法解析（%v），请先修正它", err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("不是键值映射，请先修正它")
	}
	m := root.Content[0]
	var awards *yaml.Node
	last := false
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "awards" {
			if m.Content[i+1].Kind != yaml.SequenceNode {
				m.Content[i+1] = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			}
			awards, last = m.Content[i+1], i+2 == len(m.Content)
		}
	}
	item := fmt.Sprintf("{submission: %s, award: %s}", id, P)
	if awards != nil && awards.Kind == yaml.SequenceNode && awards.Style&yaml.FlowStyle == 0 && last && len(awards.Content) > 0 && !bytes.Contains(data, []byte("\t")) {
		indent := strings.Repeat(" ", max(awards.Column-1, 0))
		out := bytes.TrimRight(data, " \n\r")
		out = append(out, '\n')
		return append(out, indent+"- "+item+"\n"...), nil
	}
	var node yaml.Node
	if err := yaml.Unmarshal([]byte(item), &node); err != nil {
		return nil, err
	}
	if awards == nil {
		awards = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "awards"}, awards)
	}
	awards.Content = append(awards.Content, node.Content[0])
	return yaml.Marshal(&root)
}
