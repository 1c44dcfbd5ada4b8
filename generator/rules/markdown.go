package rules

import (
	"bytes"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/urls"
)

// checkMarkdown refuses raw HTML and links that are not http(s), relative or mailto in every
// body, and warns of footnotes that would not show as notes.
func checkMarkdown(ctx *Context, out *diag.List) {
	md := content.Markdown()
	// No clock bounds the parse, so the same text always gives the same findings: the
	// loader has refused the bodies that would parse slowly, by their text alone (at most
	// content.MaxInlineMarks marks in a paragraph, content.MaxNesting containers on a
	// line, content.MaxMarkdown bytes), each at its line with a Chinese finding.
	eachBody(ctx.Tree, nil, func(_ bodyPlace, file string, line int, body string) {
		if mayFindInMarkdown(body) { // before the copy checkBody needs: most bodies are skipped
			checkBodyParsed(md, file, line, []byte(body), out)
		}
	})
}

// checkBodyFiles refuses images the site cannot show from its own files and links to
// proofs it does not publish, and warns of relative links that lead to no page and of
// heavy images (bodyPlace). What it finds depends on other files (the proofs, the images
// beside a case, the tree's pages), so it is a rule of its own, run on the whole tree
// each time, where checkMarkdown's findings depend on the body alone.
func checkBodyFiles(ctx *Context, out *diag.List) {
	md := content.Markdown()
	shown := map[string]bool{} // the images beside cases, bulletins and pages that a body shows
	eachBody(ctx.Tree, newSiteMap(ctx.Tree), func(place bodyPlace, file string, line int, body string) {
		if strings.Contains(body, "[") { // every link and image has one
			place.shown = shown
			checkBodyIn(md, place, file, line, []byte(body), out)
		}
	})
	warnUnshownImages(ctx.Tree, shown, out)
}

// warnUnshownImages warns of each image beside the cases, bulletins or pages that no body
// shows and no case has for its cover: the site does not publish it.
func warnUnshownImages(tree *content.Tree, shown map[string]bool, out *diag.List) {
	for _, y := range tree.Years {
		for _, c := range y.Cases {
			if c != nil && c.Cover != "" {
				shown[path.Join(path.Dir(c.File), c.Cover)] = true
			}
		}
	}
	for p := range tree.Files {
		if !content.IsImageFile(p) || shown[p] {
			continue
		}
		switch content.Classify(p).Kind {
		case content.KindCaseImage, content.KindBulletinImage, content.KindPageImage:
			out.Warnf(diag.FileStart(p), "markdown", "这张图片不是典型案例的封面，也没有在正文中显示，网站不发布它；用不到就删去它，要显示就在正文中另起一行写 ![图片说明](%s)", path.Base(p))
		}
	}
}

// eachBody calls f with every body of tree, its place on the site and its file and line.
func eachBody(tree *content.Tree, site *siteMap, f func(place bodyPlace, file string, line int, body string)) {
	dirs := attachmentDirs{}
	for _, y := range tree.Years {
		for _, s := range y.Submissions {
			f(bodyPlace{kind: placeSubmission, attachments: s.Attachments, dir: dirs.of(y.Year, s.Unit), files: tree.Files, page: urls.Result(y.Year, s.ID()), site: site}, s.File, s.BodyLine, s.Body)
		}
		for _, c := range y.Cases {
			f(bodyPlace{kind: placeCase, dir: path.Dir(c.File), files: tree.Files, page: urls.Case(y.Year, c.Slug), site: site}, c.File, c.BodyLine, c.Body)
		}
		for _, b := range y.Bulletins {
			f(bodyPlace{kind: placeBulletin, dir: path.Dir(b.File), files: tree.Files, page: urls.Bulletin(y.Year, b.Slug), site: site}, b.File, b.BodyLine, b.Body)
		}
	}
	for _, p := range tree.Pages {
		f(bodyPlace{kind: placePage, dir: path.Dir(p.File), files: tree.Files, page: urls.Page(p.Slug), site: site}, p.File, p.BodyLine, p.Body)
	}
}

func checkBody(md goldmark.Markdown, file string, firstLine int, src []byte, out *diag.List) {
	if mayFindInMarkdown(string(src)) {
		checkBodyParsed(md, file, firstLine, src, out)
	}
}

// checkBodyParsed is checkBody's parse and walk.
func checkBodyParsed(md goldmark.Markdown, file string, firstLine int, src []byte, out *diag.List) {
	checkBodyIn(md, bodyPlace{}, file, firstLine, src, out)
}

// checkBodyIn is checkBodyParsed with a place unknown (placeUnknown), and otherwise
// checkBodyFiles' walk of one body: its links' and images' place findings alone.
func checkBodyIn(md goldmark.Markdown, place bodyPlace, file string, firstLine int, src []byte, out *diag.List) {
	pc := parser.NewContext()
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	at := func(offset int) diag.Pos {
		offset = min(max(offset, 0), len(src))
		before := src[:offset]
		line := bytes.Count(before, []byte("\n"))
		col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
		return diag.Pos{File: file, Line: firstLine + line, Col: col}
	}
	local := place.kind == placeUnknown // the body's own findings, or else its place's
	var blockStart int
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			blockStart = n.Lines().At(0).Start
		}
		if !local {
			placeFindings(n, place, src, blockStart, at, out)
			return ast.WalkContinue, nil
		}
		switch x := n.(type) {
		case *ast.HTMLBlock:
			out.Errorf(at(blockStart), "markdown", "正文中不允许使用 HTML 代码；请改用 Markdown 写法")
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			pos := blockStart
			if x.Segments.Len() > 0 {
				pos = x.Segments.At(0).Start
			}
			out.Errorf(at(pos), "markdown", "正文中不允许使用 HTML 标签 %s；请改用 Markdown 写法", clip(string(x.Segments.Value(src)), 30))
		case *ast.Link:
			checkDest(string(x.Destination), src, textStart(x, blockStart), at, out)
		case *ast.Image:
			checkDest(string(x.Destination), src, textStart(x, blockStart), at, out)
			if strings.TrimSpace(imageText(x, src)) == "" {
				out.Warnf(at(destOffset(string(x.Destination), src, blockStart)), "markdown", "图片 %q 没有说明文字：请在 ![ ] 的方括号里写上图片的内容，如 ![改造后的纠偏装置](%s)（看不见图片的读者，读屏软件读给他们听的就是这段文字）", clip(string(x.Destination), 40), clip(string(x.Destination), 40))
			}
		case *ast.AutoLink:
			checkDest(string(x.URL(src)), src, blockStart, at, out)
		}
		return ast.WalkContinue, nil
	})
	// Footnotes the author meant but GitHub and the site do not show as notes: a reference
	// "[^2]" with no definition stays the text "[^2]", and a definition "[^2]: …" that
	// nothing references is dropped. (The dialect already matches labels without regard
	// to case as GitHub does; a twin left over differs in length, which GitHub still folds.)
	if !local {
		return
	}
	defs := content.FootnoteDefs(pc)
	twins := map[string]bool{} // definitions a reference names in another case
	for _, r := range content.LiteralFootnoteRefs(doc, src) {
		if twin := content.CaseTwin(defs, r.Label); twin != "" {
			twins[twin] = true
			out.Warnf(at(r.Offset), "markdown", "脚注 [^%s] 与定义 [^%s] 只差大小写：GitHub 显示为这条脚注，网站却原样显示“[^%s]”；请写成完全一样的 [^%s]", r.Label, twin, r.Label, twin)
			continue
		}
		out.Warnf(at(r.Offset), "markdown", "脚注 [^%s] 没有定义，GitHub 和网站都会原样显示“[^%s]”：请在正文末尾另起一行写“[^%s]: 脚注内容”，或删去它", r.Label, r.Label, r.Label)
	}
	for _, d := range defs {
		if !d.Used && !twins[d.Label] {
			out.Warnf(at(d.Offset), "markdown", "脚注 [^%s] 的内容没有被正文引用，GitHub 和网站都不会显示它：请在正文中要注释的地方写“[^%s]”，或删去这条脚注", d.Label, d.Label)
		}
	}
}

// mayFindInMarkdown reports whether checkBody can find anything in src: raw HTML and
// <autolinks> need a <, links, images, reference definitions and footnotes a [, and the
// only bare addresses GitHub's autolinking makes that checkDest refuses (ftp://) a colon;
// bare www. and e-mail addresses become http and mailto links, which are allowed. Most
// descriptions hold none of the three, and parsing each for nothing was a tenth of a
// second of a build at 10,000 results (TestMarkdownSkipFindsNothing).
func mayFindInMarkdown(src string) bool {
	return strings.ContainsAny(src, "<[:")
}

// checkDest allows http(s), mailto and relative link destinations, judged as a browser
// reads them: entities and escapes decoded, tabs and newlines dropped, backslashes as
// slashes. A protocol-relative //host leaves the site and is refused too (v2).
func checkDest(dest string, src []byte, from int, at func(int) diag.Pos, out *diag.List) {
	if problem := destProblem(dest); problem != "" {
		out.Errorf(at(destOffset(dest, src, from)), "markdown", "链接 %q 不被允许：%s", clip(dest, 40), problem)
	}
}

// placeFindings are checkBodyFiles' findings on node n of a body at place: for a link or
// an image whose destination checkMarkdown allows, what it names on the site.
func placeFindings(n ast.Node, place bodyPlace, src []byte, blockStart int, at func(int) diag.Pos, out *diag.List) {
	var dest string
	var problem, warning func(string) string
	switch x := n.(type) {
	case *ast.Link:
		dest, problem, warning = string(x.Destination), place.linkProblem, place.linkWarning
	case *ast.Image:
		dest, problem, warning = string(x.Destination), place.imageProblem, place.imageWeight
	default:
		return
	}
	if destProblem(dest) != "" {
		return // checkMarkdown's
	}
	if _, isImage := n.(*ast.Image); isImage && place.shown != nil && place.kind != placeSubmission {
		if name := content.LocalFile(dest); name != "" {
			place.shown[path.Join(place.dir, name)] = true
		}
	}
	pos := at(destOffset(dest, src, textStart(n, blockStart)))
	if p := problem(dest); p != "" {
		out.Errorf(pos, "markdown", "%s", p)
	} else if w := warning(dest); w != "" {
		out.Warnf(pos, "markdown", "%s", w)
	}
}

// imageText is the description of image n, as its alt text shows it.
func imageText(n *ast.Image, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			b.Write(t.Segment.Value(src))
		}
	}
	return b.String()
}

// textStart is where the text of link or image n begins, its destination being written
// after it; from when it has no text of its own.
func textStart(n ast.Node, from int) int {
	if t, ok := n.FirstChild().(*ast.Text); ok {
		return max(from, t.Segment.Start)
	}
	return from
}

// destOffset is where dest is written in src, looked for from the offset from on (from
// itself when it is not found there).
func destOffset(dest string, src []byte, from int) int {
	if i := bytes.Index(src[min(from, len(src)):], []byte(dest)); i >= 0 {
		return from + i
	}
	return from
}

// destProblem says why a link destination is refused, or "".
func destProblem(dest string) string {
	decoded, _ := publish(dest, false)
	decoded = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return -1
		case r == '\\':
			return '/'
		}
		return r
	}, decoded)
	lower := strings.ToLower(strings.TrimLeft(decoded, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	if strings.HasPrefix(lower, "//") {
		return "以 // 开头的链接会指向其他网站；外部链接请写完整的 https:// 网址"
	}
	scheme, _, hasColon := strings.Cut(lower, ":")
	if !hasColon || strings.ContainsAny(scheme, "/?#") {
		return "" // relative
	}
	switch scheme {
	case "http", "https", "mailto":
		return ""
	}
	return "只能使用 http(s)、mailto 或站内相对链接"
}
