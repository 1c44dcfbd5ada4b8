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
)

// checkMarkdown refuses raw HTML and links that are not http(s), relative or mailto in every
// body, and warns of footnotes that would not show as notes.
func checkMarkdown(ctx *Context, out *diag.List) {
	md := content.Markdown()
	// No clock bounds the parse, so the same text always gives the same findings: the
	// loader has refused the bodies that would parse slowly, by their text alone (at most
	// content.MaxInlineMarks marks in a paragraph, content.MaxNesting containers on a
	// line, content.MaxMarkdown bytes), each at its line with a Chinese finding.
	check := func(place bodyPlace, file string, line int, body string) {
		if mayFindInMarkdown(body) { // before the copy checkBody needs: most bodies are skipped
			checkBodyIn(md, place, file, line, []byte(body), out)
		}
	}
	for _, y := range ctx.Tree.Years {
		for _, s := range y.Submissions {
			check(bodyPlace{kind: placeSubmission, attachments: s.Attachments, dir: strings.TrimSuffix(content.Place{Kind: content.KindAttachment, Year: y.Year, Owner: s.Unit}.Dir(), "/"), files: ctx.Tree.Files}, s.File, s.BodyLine, s.Body)
		}
		for _, c := range y.Cases {
			check(bodyPlace{kind: placeCase, dir: path.Dir(c.File), files: ctx.Tree.Files}, c.File, c.BodyLine, c.Body)
		}
		for _, b := range y.Bulletins {
			check(bodyPlace{kind: placeBulletin}, b.File, b.BodyLine, b.Body)
		}
	}
	for _, p := range ctx.Tree.Pages {
		check(bodyPlace{kind: placePage}, p.File, p.BodyLine, p.Body)
	}
}

func checkBody(md goldmark.Markdown, file string, firstLine int, src []byte, out *diag.List) {
	if mayFindInMarkdown(string(src)) {
		checkBodyParsed(md, file, firstLine, src, out)
	}
}

// checkBodyParsed is checkBody's parse and walk, without asking what a relative link or
// image names.
func checkBodyParsed(md goldmark.Markdown, file string, firstLine int, src []byte, out *diag.List) {
	checkBodyIn(md, bodyPlace{}, file, firstLine, src, out)
}

// checkBodyIn is checkBodyParsed for a body whose relative links and images must name
// what the site publishes beside it (place).
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
	var blockStart int
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			blockStart = n.Lines().At(0).Start
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
			if from := textStart(x, blockStart); !checkDest(string(x.Destination), src, from, at, out) {
				placeDest(string(x.Destination), place.linkProblem(string(x.Destination)), src, from, at, out)
			}
		case *ast.Image:
			if from := textStart(x, blockStart); !checkDest(string(x.Destination), src, from, at, out) {
				dest := string(x.Destination)
				if problem := place.imageProblem(dest); problem != "" {
					placeDest(dest, problem, src, from, at, out)
				} else if heavy := place.imageWeight(dest); heavy != "" {
					out.Warnf(at(destOffset(dest, src, from)), "markdown", "%s", heavy)
				}
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
// It reports whether it refused dest.
func checkDest(dest string, src []byte, from int, at func(int) diag.Pos, out *diag.List) bool {
	problem := destProblem(dest)
	if problem != "" {
		out.Errorf(at(destOffset(dest, src, from)), "markdown", "链接 %q 不被允许：%s", clip(dest, 40), problem)
	}
	return problem != ""
}

// textStart is where the text of link or image n begins, its destination being written
// after it; from when it has no text of its own.
func textStart(n ast.Node, from int) int {
	if t, ok := n.FirstChild().(*ast.Text); ok {
		return max(from, t.Segment.Start)
	}
	return from
}

// placeDest reports problem, when there is one, at dest.
func placeDest(dest, problem string, src []byte, from int, at func(int) diag.Pos, out *diag.List) {
	if problem != "" {
		out.Errorf(at(destOffset(dest, src, from)), "markdown", "%s", problem)
	}
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
