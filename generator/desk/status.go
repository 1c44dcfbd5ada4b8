package desk

import (
	"errors"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/pullreq"
)

// statusFields is what the city office sets on results.yaml: the status, the public-notice
// window and the commendation decision's 文号.
type statusFields struct {
	Status, From, To, Doc string
}

// statusNames are the statuses in Chinese.
var statusNames = map[string]string{"draft": "草稿", "notice": "公示中", "final": "已表彰"}

// resultsForm is the form's starting values: what results.yaml says now, moved one step on.
func resultsForm(r *content.Results) statusFields {
	var f statusFields
	if r == nil {
		return f
	}
	f.Status, f.Doc = r.Status, r.Doc
	if r.Notice != nil {
		f.From, f.To = r.Notice.From.String(), r.Notice.To.String()
	}
	switch r.Status {
	case "draft":
		f.Status = "notice"
	case "notice":
		f.Status = "final"
	}
	return f
}

// setStatus returns results.yaml with status, notice and doc as f says (notice and doc left
// out where empty); every other key, comment and line is kept.
func setStatus(old []byte, f statusFields) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(old, &doc); err != nil {
		return nil, fmt.Errorf("无法解析现有的 results.yaml：%v", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("现有的 results.yaml 不是“键: 值”的映射，无法改写")
	}
	root := doc.Content[0]
	scalar := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }
	put := func(key string, v *yaml.Node, after string) {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == key {
				if v == nil {
					root.Content = append(root.Content[:i], root.Content[i+2:]...)
				} else {
					v.HeadComment, v.LineComment = root.Content[i+1].HeadComment, root.Content[i+1].LineComment
					root.Content[i+1] = v
				}
				return
			}
		}
		if v == nil {
			return
		}
		at := len(root.Content)
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == after {
				at = i + 2
			}
		}
		root.Content = append(root.Content[:at], append([]*yaml.Node{scalar(key), v}, root.Content[at:]...)...)
	}
	put("status", scalar(f.Status), "")
	var notice *yaml.Node
	if f.From != "" || f.To != "" {
		notice = &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle, Content: []*yaml.Node{
			scalar("from"), scalar(orPlaceholder(f.From)), scalar("to"), scalar(orPlaceholder(f.To))}}
	}
	put("notice", notice, "status")
	var docNode *yaml.Node
	if f.Doc != "" {
		// tagged as text: YAML reads a plain null, ~, true or 68 as something else, and the
		// checker would then see no decision's number at all (the encoder quotes those)
		docNode = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.Doc, Style: yaml.DoubleQuotedStyle}
		if !strings.ContainsAny(f.Doc, ":#'\"{}[],&*!|>%@`\n") {
			docNode.Style = 0
		}
	}
	put("doc", docNode, "notice")
	return content.EncodeYAML(&doc)
}

func orPlaceholder(s string) string {
	if s == "" {
		return content.Placeholder
	}
	return s
}

// statusPost moves results.yaml draft → notice → final (or back) as the city admin's pull
// request, after the real checker (the results rule: notice window, notice_days, doc) has
// found nothing in it.
func (s *Server) statusPost(w http.ResponseWriter, r *http.Request, v *visit) {
	if !s.cityOf(w, r, v) {
		return
	}
	if !s.readForm(w, r, 1<<16) {
		return
	}
	y := s.currentYear(w, r, v)
	if y == nil {
		return
	}
	if y.Results == nil {
		s.fail(w, r, http.StatusConflict, "本年度还没有评选结果（results.yaml），请先写出拟授奖项。")
		return
	}
	f := statusFields{Status: r.PostFormValue("status"), From: strings.TrimSpace(r.PostFormValue("notice_from")),
		To: strings.TrimSpace(r.PostFormValue("notice_to")), Doc: strings.TrimSpace(r.PostFormValue("doc"))}
	if statusNames[f.Status] == "" {
		s.fail(w, r, http.StatusBadRequest, "请选择评选结果的状态。")
		return
	}
	file := path.Join(y.Dir, "results.yaml")
	old, err := readResults(v.fsys, file, false)
	if err != nil {
		s.fail(w, r, http.StatusConflict, resultsUnread(err))
		return
	}
	data, err := setStatus(old, f)
	if err != nil {
		s.fail(w, r, http.StatusConflict, "results.yaml 无法改写："+err.Error())
		return
	}
	name := statusNames[f.Status]
	found, pr, msg := s.propose(r, v, "results-status", strconv.Itoa(y.Year), Change{
		Branch: "desk/results/" + strconv.Itoa(y.Year) + "-" + f.Status + "-" + stamp(), Title: fmt.Sprintf("评选：%d 年评选结果改为%s", y.Year, name),
		Body:    fmt.Sprintf("市总工会通过申报工作台把 %d 年评选结果的状态改为%s（公示期 %s 至 %s，文号 %s）。", y.Year, name, pullreq.MarkdownText(f.From), pullreq.MarkdownText(f.To), pullreq.MarkdownText(f.Doc)),
		Message: fmt.Sprintf("%d 年评选结果改为%s", y.Year, name),
		Files:   map[string][]byte{file: data},
	}, func(d diag.Diagnostic) string {
		k := d.About // a missing notice or doc is reported at status, about that key
		if k == "" {
			k = keyAt("---\n"+string(data), d.Pos.Line+1) // keyAt reads front matter; the file is all front matter
		}
		switch k {
		case "status", "notice", "doc":
			return k
		}
		return ""
	})
	if pr == nil {
		found = nameStatuses(found)
		s.showCity(w, r, v, y, f, found, msg, http.StatusUnprocessableEntity)
		return
	}
	s.done(w, r, v, "评选结果状态", pr, s.path("city/"))
}

var statusWord = regexp.MustCompile(`\b(draft|notice|final)\b`)

// nameStatuses names the statuses in the results rule's findings in Chinese.
func nameStatuses(found findings) findings {
	words := map[string]string{"draft": "草稿", "notice": "公示", "final": "已表彰"}
	out := findings{ByField: map[string][]finding{}, Errors: found.Errors}
	for _, fs := range found.ByField {
		for _, f := range fs {
			f.Message = statusWord.ReplaceAllStringFunc(f.Message, func(w string) string { return words[w] })
			out.ByField[f.Field] = append(out.ByField[f.Field], f)
		}
	}
	return out
}
