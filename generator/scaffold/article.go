package scaffold

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"wuxiao/generator/content"
)

// ArticleInput is what wuxiao new case and new bulletin start from.
type ArticleInput struct {
	Year  int
	Title string
	Today content.Date
}

// NewCase plans a typical case (典型案例) [六(五)].
func NewCase(tree *content.Tree, in ArticleInput) (*Plan, error) {
	y, dir, slug, err := article(tree, in, "cases", "anli")
	if err != nil {
		return nil, err
	}
	d := &doc{fields: fieldsOf(content.Case{})}
	d.b.WriteString("---\n" + modeline(SchemaURL(tree, "case")))
	d.comment("%d 年典型案例：及时发掘、培养、选树、宣传竞赛中涌现的先进典型 [六(五)]。", in.Year)
	d.comment("把每个 %s 换成实际内容；以 # 开头的可选项需要时去掉 # 启用。填完后运行 wuxiao check 检查。", P)
	d.b.WriteString("\n")
	d.key("title", "", scalar(in.Title))
	d.key("date", "", in.Today.String())
	d.key("submissions", "本案例涉及的成果，每项写“单位代码/文件名”，如 "+exampleID(y), "")
	d.b.WriteString("  - " + P + "\n")
	d.key("summary", "一段纯文字", P)
	d.optional("cover", "封面图片，jpg 或 png，与本文件放在同一目录", slug+".jpg")
	d.b.WriteString("---\n" + P + "（案例正文：人物、做法、成效，可用 ## 小标题分段）\n")
	return &Plan{Files: []File{{Path: path.Join(dir, slug+".md"), Data: []byte(d.b.String()), Created: true}}}, nil
}

// NewBulletin plans a work bulletin (工作简报) with the next issue number [六(二)].
func NewBulletin(tree *content.Tree, in ArticleInput) (*Plan, error) {
	y, dir, slug, err := article(tree, in, "bulletins", "jianbao")
	if err != nil {
		return nil, err
	}
	issue := 1
	for _, b := range y.Bulletins {
		issue = max(issue, b.Issue+1)
	}
	d := &doc{fields: fieldsOf(content.Bulletin{})}
	d.b.WriteString("---\n" + modeline(SchemaURL(tree, "bulletin")))
	d.comment("%d 年工作简报：日常工作通报、总结和经验交流 [六(二)]。", in.Year)
	d.comment("把 %s 换成实际内容，填完后运行 wuxiao check 检查。", P)
	d.b.WriteString("\n")
	d.key("title", "", scalar(in.Title))
	d.key("date", "", in.Today.String())
	d.key("issue", "本年第几期；已按现有简报排到下一期", strconv.Itoa(issue))
	d.b.WriteString("---\n" + P + "（简报正文，可用 ## 小标题分段）\n")
	return &Plan{Files: []File{{Path: path.Join(dir, slug+".md"), Data: []byte(d.b.String()), Created: true}}}, nil
}

// article checks the year and title and finds a free slug in the year's folder.
func article(tree *content.Tree, in ArticleInput, folder, fallback string) (*content.Year, string, string, error) {
	y, err := needCompetition(tree, in.Year)
	if err != nil {
		return nil, "", "", err
	}
	if strings.TrimSpace(in.Title) == "" {
		return nil, "", "", fmt.Errorf("请用 --title 给出标题")
	}
	dir := path.Join(y.Dir, folder)
	slug := Slug(in.Title, fallback, func(s string) bool { return exists(tree.FS, path.Join(dir, s+".md")) })
	return y, dir, slug, nil
}

// exampleID is a submission id of the year to show the form, or a made-up one.
func exampleID(y *content.Year) string {
	if len(y.Submissions) > 0 {
		return y.Submissions[0].ID()
	}
	return "kuangqu-mine1/pidai-jiupian"
}
