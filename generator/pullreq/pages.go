package pullreq

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/urls"
)

// Page is one public page that a change adds, changes or removes.
type Page struct {
	URL    string // site-relative, as in generator/render's URL scheme
	Title  string
	Change string // 新增, 修改 or 删除
	File   string // the content file that causes it
}

// Hidden is a changed content file that shows on no page of its own, and why.
type Hidden struct {
	File, Why string
}

// Pages maps changed content files to the public pages they touch, judged on head,
// the tree after the change, at the addresses of package urls (the site's URL scheme)
// and by the contract's "What is public": a submission has a page only once it is
// awarded in results that are in notice or final. Files outside content/ are skipped.
func Pages(changes []Change, head *content.Tree) (pages []Page, hidden []Hidden) {
	m := newPageMap(head)
	add := func(file, change string) {
		if !strings.HasPrefix(file, "content/") {
			return
		}
		ps, why := m.pages(file, change)
		if why != "" {
			hidden = append(hidden, Hidden{file, why})
		}
		pages = append(pages, ps...)
	}
	for _, c := range changes {
		switch c.Status {
		case 'A', 'C':
			add(c.Path, "新增")
		case 'D':
			add(c.Path, "删除")
		case 'R':
			add(c.From, "删除")
			add(c.Path, "新增")
		default:
			add(c.Path, "修改")
		}
	}
	sort.SliceStable(pages, func(i, j int) bool { return pages[i].URL < pages[j].URL })
	out := pages[:0]
	for i, p := range pages {
		if i > 0 && p.URL == out[len(out)-1].URL {
			continue // one line per page: the first change that touches it
		}
		out = append(out, p)
	}
	return out, hidden
}

// pageMap indexes the head tree by file.
type pageMap struct {
	tree      *content.Tree
	years     map[int]*content.Year
	subs      map[string]*content.Submission // by file
	published map[string]bool                // global submission ids awarded in public results
	comms     map[string]*content.Commendation
	titles    map[string]string // a page's, case's or bulletin's title, by file
}

func newPageMap(t *content.Tree) *pageMap {
	m := &pageMap{tree: t, years: map[int]*content.Year{}, subs: map[string]*content.Submission{}, published: map[string]bool{},
		comms: map[string]*content.Commendation{}, titles: map[string]string{}}
	if t == nil {
		return m
	}
	for _, p := range t.Pages {
		m.titles[p.File] = p.Title
	}
	for _, y := range t.Years {
		m.years[y.Year] = y
		for _, s := range y.Submissions {
			m.subs[s.File] = s
		}
		for _, c := range y.Commendations {
			m.comms[c.File] = c
		}
		for _, c := range y.Cases {
			m.titles[c.File] = c.Title
		}
		for _, b := range y.Bulletins {
			m.titles[b.File] = b.Title
		}
		if y.Results.Public() {
			for _, a := range y.Results.Awards {
				m.published[strconv.Itoa(y.Year)+"/"+a.Submission] = true
			}
		}
	}
	return m
}

// pages lists the pages of one file, or says why it has none: the page it is the source
// of (package urls) when that is public, the pages of the files it serves otherwise, and
// for a private kind the kinds table's reason.
func (m *pageMap) pages(file, change string) ([]Page, string) {
	pl := content.Classify(file)
	one := func(url, title string) []Page { return []Page{{URL: url, Title: title, Change: change, File: file}} }
	if change == "删除" {
		if url, ok := urls.OfFile(pl); ok {
			return one(url, m.title(pl, "")), ""
		}
		return nil, "已删除；它不单独对应页面"
	}
	if ki, ok := content.InfoOf(pl.Kind); ok && ki.Private != "" {
		return nil, ki.Private
	}
	switch pl.Kind { // the kinds whose pages depend on the results
	case content.KindResults:
		y := m.years[pl.Year]
		if y == nil || !y.Results.Public() {
			return nil, "评选结果尚未公示（status 为 draft），网站不公开"
		}
		ps := append(one(urls.Year(pl.Year), m.title(pl, file)), one(urls.Awards(pl.Year), strconv.Itoa(pl.Year)+" 年表彰名单")...)
		if y.Results.Status == "notice" || y.Results.Notice != nil {
			ps = append(ps, one(urls.Notice(pl.Year), strconv.Itoa(pl.Year)+" 年公示")...)
		}
		return ps, ""
	case content.KindSubmission:
		if s := m.subs[file]; s == nil || !m.published[s.GlobalID()] {
			return nil, "申报成果尚未获奖或结果尚未公示，网站不单独公开（只计入统计）"
		}
	case content.KindAttachment:
		return m.attachment(pl, file, change)
	case content.KindCommendation:
		var ps []Page
		if c := m.comms[file]; c != nil {
			for _, a := range c.Awards {
				if m.published[strconv.Itoa(pl.Year)+"/"+a.Submission] {
					ps = append(ps, one(urls.Result(pl.Year, a.Submission), a.Submission+" 的表彰经历")...)
				}
			}
		}
		if len(ps) == 0 {
			return nil, "表彰文件只显示在已公开成果的表彰经历中，它表彰的成果都尚未公开"
		}
		return ps, ""
	case content.KindCaseImage:
		var ps []Page
		if y := m.years[pl.Year]; y != nil {
			for _, c := range y.Cases {
				if name := path.Base(file); c.Cover == name || slices.Contains(content.BodyImages(c.Body), name) {
					ps = append(ps, one(urls.Case(pl.Year, c.Slug), c.Title)...)
				}
			}
		}
		if len(ps) == 0 {
			return nil, "没有典型案例以这张图片为封面，或在正文中显示它"
		}
		return ps, ""
	case content.KindBulletinImage:
		var ps []Page
		if y := m.years[pl.Year]; y != nil {
			for _, b := range y.Bulletins {
				if b != nil && slices.Contains(content.BodyImages(b.Body), path.Base(file)) {
					ps = append(ps, one(urls.Bulletin(pl.Year, b.Slug), b.Title)...)
				}
			}
		}
		if len(ps) == 0 {
			return nil, "没有工作简报在正文中显示这张图片"
		}
		return ps, ""
	case content.KindPageImage:
		var ps []Page
		for _, p := range m.tree.Pages {
			if p != nil && slices.Contains(content.BodyImages(p.Body), path.Base(file)) {
				ps = append(ps, one(urls.Page(p.Slug), p.Title)...)
			}
		}
		if len(ps) == 0 {
			return nil, "没有页面在正文中显示这张图片"
		}
		return ps, ""
	}
	if url, ok := urls.OfFile(pl); ok {
		return one(url, m.title(pl, file)), ""
	}
	return nil, "不是内容约定中的文件，网站不使用"
}

// title names the page a file is the source of: its own title when the head tree has the
// file (file is "" for a deleted one), else what its path says.
func (m *pageMap) title(pl content.Place, file string) string {
	switch pl.Kind {
	case content.KindSite:
		return "首页（站点设置影响每一页）"
	case content.KindUnits:
		return "组织体系"
	case content.KindCompetition, content.KindResults:
		return strconv.Itoa(pl.Year) + " 年竞赛"
	case content.KindSubmission:
		if s := m.subs[file]; s != nil {
			return s.Title
		}
		return "（如曾公开）" + pl.Owner + "/" + pl.Slug
	}
	if t := m.titles[file]; t != "" {
		return t
	}
	return pl.Slug
}

// attachment finds the published submissions that list the file as a public attachment.
func (m *pageMap) attachment(pl content.Place, file, change string) ([]Page, string) {
	y := m.years[pl.Year]
	if y != nil {
		dir := pl.Dir()
		for _, s := range y.Submissions {
			if s.Unit != pl.Owner || !m.published[s.GlobalID()] {
				continue
			}
			for _, a := range s.Attachments {
				if a.Public && path.Clean(dir+a.File) == file {
					url := urls.Attachment(pl.Year, pl.Owner, a.File)
					return []Page{{URL: url, Title: a.Title, Change: change, File: file}}, ""
				}
			}
		}
	}
	return nil, "证明材料不公开（所属成果尚未公开，或 public 不为 true）"
}

// PagesMarker starts the pull-request comment, so that a later run updates it instead of adding another.
const PagesMarker = "<!-- wuxiao pages -->"

// FormatPages writes the pages as "text" (one a line), "markdown" (a pull-request
// comment) or "json". baseURL, when set, makes the links absolute.
func FormatPages(w io.Writer, format, baseURL string, pages []Page, hidden []Hidden) error {
	if baseURL != "" && !strings.HasSuffix(baseURL, "/") {
		baseURL += "/"
	}
	switch format {
	case "", "text":
		var b strings.Builder
		for _, p := range pages {
			fmt.Fprintf(&b, "%s\t%s%s\t%s\t%s\n", p.Change, baseURL, p.URL, p.Title, p.File)
		}
		for _, h := range hidden {
			fmt.Fprintf(&b, "不公开\t-\t%s\t%s\n", h.Why, h.File)
		}
		_, err := io.WriteString(w, b.String())
		return err
	case "markdown":
		_, err := io.WriteString(w, pagesMarkdown(baseURL, pages, hidden))
		return err
	case "json":
		type jsonPage struct {
			Change string `json:"change"`
			URL    string `json:"url"`
			Title  string `json:"title"`
			File   string `json:"file"`
		}
		type jsonHidden struct {
			File string `json:"file"`
			Why  string `json:"why"`
		}
		out := struct {
			Pages  []jsonPage   `json:"pages"`
			Hidden []jsonHidden `json:"hidden"`
		}{Pages: []jsonPage{}, Hidden: []jsonHidden{}}
		for _, p := range pages {
			out.Pages = append(out.Pages, jsonPage{p.Change, baseURL + p.URL, p.Title, p.File})
		}
		for _, h := range hidden {
			out.Hidden = append(out.Hidden, jsonHidden{h.File, h.Why})
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return fmt.Errorf("未知的输出格式 %q（可选 text、markdown、json）", format)
}

func pagesMarkdown(baseURL string, pages []Page, hidden []Hidden) string {
	var b strings.Builder
	b.WriteString(PagesMarker + "\n### 本合并请求涉及的网站页面\n\n")
	if len(pages) == 0 {
		b.WriteString("合并后没有公开页面新增或变化。\n")
	} else {
		b.WriteString("合并并发布后，以下页面会新增、变化或删除：\n\n| 变化 | 页面 | 来自 |\n|---|---|---|\n")
		for _, p := range pages {
			title := p.Title
			if title == "" {
				title = "/" + p.URL
			}
			fmt.Fprintf(&b, "| %s | [%s](%s%s) | `%s` |\n", p.Change, mdEscape(title), baseURL, p.URL, codeEscape(p.File))
		}
	}
	if len(hidden) > 0 {
		b.WriteString("\n以下改动不单独出现在公开网站上：\n\n")
		for _, h := range hidden {
			fmt.Fprintf(&b, "- `%s`：%s\n", codeEscape(h.File), h.Why)
		}
	}
	return b.String()
}

// mdEscape keeps text from content files from breaking the table or adding markup.
func mdEscape(s string) string {
	return strings.NewReplacer("|", "\\|", "[", "\\[", "]", "\\]", "<", "&lt;", ">", "&gt;", "`", "'", "\n", " ", "\r", " ").Replace(s)
}

// codeEscape keeps a path inside its code span and table cell.
func codeEscape(s string) string {
	return strings.NewReplacer("|", "\\|", "`", "'", "\n", " ", "\r", " ").Replace(s)
}
