package scaffold

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"wuxiao/generator/content"
)

const rolesCompetition = `year: 2027
title: 2027年阳泉市职工“五小”竞赛
doc: 阳工发〔2027〕3号
phases:
  organize: {from: 2027-03-01, to: 2027-09-30}
  review: {from: 2027-10-01, to: 2027-11-30}
  award: {from: 2027-12-01, to: 2027-12-31}
prior_commendation: [grassroots, county]
quotas: {一等奖: 1}
rubric:
  - {key: innovation, name: 创新性, max: 50}
  - {key: benefit, name: 效益, max: 50}
min_reviews: 1
`

// rolesTree: county c over g1 and g2, county d over g3; g1/a is already recommended by c.
func rolesTree(t *testing.T, extra map[string]string) *content.Tree {
	t.Helper()
	files := map[string]string{
		"content/site.yaml": "title: t\nbase_url: https://example.org/\norganizers: [x]\n",
		"content/units.yaml": `- {id: yq, name: 市总工会, type: city}
- {id: c, name: 甲区总工会, type: county, parent: yq}
- {id: d, name: 乙区总工会, type: county, parent: yq}
- {id: g1, name: 一厂工会, type: grassroots, sector: enterprise, parent: c}
- {id: g2, name: 二厂工会, type: grassroots, sector: enterprise, parent: c}
- {id: g3, name: 三厂工会, type: grassroots, sector: enterprise, parent: d}
`,
		"content/experts.yaml":                         "- {id: e1, name: 王工, affiliation: d}\n- {id: e2, name: 李工}\n",
		"content/2027/competition.yaml":                rolesCompetition,
		"content/2027/submissions/g1/a.md":             "---\ntitle: 甲成果一号\nsubmitted: 2027-05-01\n---\n",
		"content/2027/submissions/g1/b.md":             "---\ntitle: 甲成果二号\nsubmitted: 2027-05-02\nauthors: [{name: 李工}]\n---\n",
		"content/2027/submissions/g2/c.md":             "---\ntitle: 乙成果\nsubmitted: 2027-05-03\n---\n",
		"content/2027/submissions/g3/d.md":             "---\ntitle: 丙成果\nsubmitted: 2027-05-04\n---\n",
		"content/2027/commendations/g1/2027.yaml":      "doc: x\ndate: 2027-04-01\nawards:\n  - {submission: g1/a, award: 一等奖}\n  - {submission: g1/b, award: 一等奖}\n",
		"content/2027/commendations/g2/2027.yaml":      "doc: x\ndate: 2027-04-01\nawards:\n  - {submission: g2/c, award: 一等奖}\n",
		"content/2027/commendations/g3/2027.yaml":      "doc: x\ndate: 2027-04-01\nawards:\n  - {submission: g3/d, award: 一等奖}\n",
		"content/2027/commendations/c/2027-first.yaml": "doc: y\ndate: 2027-06-01\nawards:\n  - {submission: g1/a, award: 一等奖}\n",
		"content/2027/commendations/d/2027-first.yaml": "doc: y\ndate: 2027-06-01\nawards:\n  - {submission: g3/d, award: 一等奖}\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	tree, _, err := content.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func ids(subs []*content.Submission) string {
	var out []string
	for _, s := range subs {
		out = append(out, s.ID())
	}
	return strings.Join(out, " ")
}

func TestPendingAndNewCommendation(t *testing.T) {
	tree := rolesTree(t, nil)
	for issuer, want := range map[string]string{"c": "g1/b g2/c", "d": "", "g1": "", "g2": ""} {
		got, err := Pending(tree, 2027, issuer)
		if err != nil || ids(got) != want {
			t.Errorf("Pending(%s) = %q, %v; want %q", issuer, ids(got), err, want)
		}
	}
	if _, err := Pending(tree, 2027, "yq"); err == nil {
		t.Error("the city has no commendation documents")
	}
	p, err := NewCommendation(tree, CommendationInput{Year: 2027, Unit: "c"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 1 || p.Files[0].Path != "content/2027/commendations/c/2027-tuijian.yaml" {
		t.Fatalf("files %+v", p.Files)
	}
	text := string(p.Files[0].Data)
	for _, want := range []string{"- {submission: g1/b, award: 【待填】}  # 甲成果二号\n", "- {submission: g2/c, award: 【待填】}  # 乙成果\n", "doc: 【待填】", "date: 【待填】"} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "g1/a") || strings.Contains(text, "g3/d") {
		t.Errorf("document lists a result that is not pending for c:\n%s", text)
	}
	if _, err := NewCommendation(tree, CommendationInput{Year: 2027, Unit: "d"}); err == nil || !strings.Contains(err.Error(), "没有等待") {
		t.Errorf("nothing pending: %v", err)
	}
}

func TestNewCompetition(t *testing.T) {
	tree := rolesTree(t, nil)
	read := func(p string) ([]byte, error) { return fs.ReadFile(tree.FS, p) }
	p, err := NewCompetition(tree, read, CompetitionInput{Year: 2028})
	if err != nil {
		t.Fatal(err)
	}
	text := string(p.Files[0].Data)
	for _, want := range []string{"year: 2028\n", "title: 2028年阳泉市职工“五小”竞赛\n", "organize: {from: 2028-03-01, to: 2028-09-30}", "award: {from: 2028-12-01, to: 2028-12-31}", "doc: 【待填】", "quotas: {一等奖: 1}"} {
		if !strings.Contains(text, want) {
			t.Errorf("competition lacks %q:\n%s", want, text)
		}
	}
	if p.Files[0].Path != "content/2028/competition.yaml" || strings.Contains(text, "2027") && !strings.Contains(text, "沿用 2027 年") {
		t.Errorf("path %s or a 2027 date left:\n%s", p.Files[0].Path, text)
	}
	if _, err := NewCompetition(tree, read, CompetitionInput{Year: 2027}); err == nil {
		t.Error("an existing competition.yaml is not replaced")
	}
	if _, err := NewCompetition(tree, read, CompetitionInput{Year: 2020}); err == nil {
		t.Error("no earlier year to start from")
	}
}

func TestNewReview(t *testing.T) {
	tree := rolesTree(t, nil)
	ix := content.NewIndex(tree)
	// e1 works for d: not g3/d; g1/b and g2/c still lack c's recommendation; only g1/a is eligible.
	p, err := NewReview(tree, ReviewInput{Year: 2027, Expert: "e1"}, ix.Eligible, ix.Conflict)
	if err != nil {
		t.Fatal(err)
	}
	text := string(p.Files[0].Data)
	if !strings.Contains(text, "  g1/a:\n    innovation: 【待填】\n    benefit: 【待填】\n") || strings.Contains(text, "g3/d") || strings.Contains(text, "g1/b") {
		t.Errorf("e1's sheet:\n%s", text)
	}
	// With assignments.yaml, exactly what is assigned.
	tree = rolesTree(t, map[string]string{"content/2027/assignments.yaml": "e2: [g2/c, g3/d]\n"})
	ix = content.NewIndex(tree)
	p, err = NewReview(tree, ReviewInput{Year: 2027, Expert: "e2"}, ix.Eligible, ix.Conflict)
	if err != nil || p.Files[0].Path != "content/2027/reviews/e2.yaml" {
		t.Fatal(err)
	}
	text = string(p.Files[0].Data)
	if !strings.Contains(text, "  g2/c:\n") || !strings.Contains(text, "  g3/d:\n") || strings.Contains(text, "g1/a") {
		t.Errorf("e2's assigned sheet:\n%s", text)
	}
	if _, err := NewReview(tree, ReviewInput{Year: 2027, Expert: "nobody"}, ix.Eligible, ix.Conflict); err == nil {
		t.Error("unknown expert")
	}
}
