package rules

import (
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"wuxiao/generator/diag"
)

// Personal data patterns; digits next to a match disqualify it, so longer numbers are not taken apart.
var (
	mobilePattern = regexp.MustCompile(`(?:(?:\+|00)?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}`)
	idCardPattern = regexp.MustCompile(`[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]`)
	emailPattern  = regexp.MustCompile(`[A-Za-z0-9._%+\-]+(?:@|%40)[A-Za-z0-9\-]+(?:[.。][A-Za-z0-9\-]+)*[.。][A-Za-z]{2,}`) // %40 in a mailto: link works as @
)

// checkPII keeps mobile numbers, ID-card numbers and e-mail addresses out of every field
// the site publishes (the contract's v2 list); contacts belong in the private contact
// field. Each text is judged as published: entities and escapes decoded, widths folded.
func checkPII(ctx *Context, out *diag.List) {
	field := func(pos diag.Pos, what, text string) {
		if kind, _ := findPublishedPII(text); kind != "" {
			out.Errorf(pos, "pii", "%s中含有%s；公开字段不得包含个人信息，联系方式请填在 contact 中", what, kind)
		}
	}
	body := func(file string, line int, text string) {
		lines := strings.Split(text, "\n")
		paragraph, found := 0, false // where the paragraph of lines[i] began; whether a line of it had a finding
		for i, l := range lines {
			if strings.TrimSpace(l) == "" {
				paragraph, found = i+1, false
				continue
			}
			if kind, at := findPublishedPII(l); kind != "" {
				col := utf8.RuneCountInString(l[:at]) + 1
				out.Errorf(diag.Pos{File: file, Line: line + i, Col: col}, "pii", "正文中含有%s；公开内容不得包含个人信息", kind)
				found = true
			}
			if last := i+1 == len(lines) || strings.TrimSpace(lines[i+1]) == ""; last && !found && i > paragraph {
				// a number split over the paragraph's lines, which the site joins (a space between)
				joined := strings.Join(lines[paragraph:i+1], " ")
				if kind, at := findPublishedPII(joined); kind != "" {
					n := paragraph
					for at > len(lines[n]) {
						at -= len(lines[n]) + 1
						n++
					}
					col := utf8.RuneCountInString(lines[n][:at]) + 1
					out.Errorf(diag.Pos{File: file, Line: line + n, Col: col}, "pii", "正文中含有%s（分在几行里）；公开内容不得包含个人信息", kind)
				}
			}
		}
	}
	t := ctx.Tree
	if s := t.Site; s != nil {
		field(s.Pos.At("title"), "站点标题", s.Title)
		field(s.Pos.At("description"), "站点介绍", s.Description)
		for _, o := range s.Organizers {
			field(s.Pos.At("organizers"), "主办单位", o)
		}
		field(s.Pos.At("icp"), "ICP 备案号", s.ICP)
		field(s.Pos.At("police_filing"), "公安备案号", s.PoliceFiling)
	}
	for _, u := range t.Units {
		field(u.Pos.At("name"), "单位名称", u.Name)
	}
	for _, e := range t.Experts {
		field(e.Pos.At("name"), "专家姓名", e.Name)
		field(e.Pos.At("field"), "专家专业领域", e.Field)
	}
	eachYearDoc(t, field)
	for _, y := range t.Years {
		if c := y.Competition; c != nil {
			field(c.Pos.At("title"), "竞赛名称", c.Title)
			for _, r := range c.Rubric {
				field(r.Pos.At("name"), "评分项名称", r.Name)
			}
		}
		if r := y.Results; r != nil {
			for _, a := range r.Awards {
				field(a.Pos.At("override"), "偏离评分顺序的理由", a.Override)
				if v := a.Revoked; v != nil {
					field(v.Pos.At("reason"), "撤销理由", v.Reason)
				}
			}
			for _, c := range r.Corrections {
				field(c.Pos.At("reason"), "更正理由", c.Reason)
			}
		}
	}
	for _, y := range ctx.Tree.Years {
		for _, s := range y.Submissions {
			field(diag.FileStart(s.File), "文件名（成果网页的网址）", path.Base(s.File))
			field(s.Pos.At("title"), "项目名称", s.Title)
			field(s.Pos.At("summary"), "成果简介", s.Summary)
			field(s.Benefit.Pos.At("social"), "社会效益", s.Benefit.Social)
			field(s.Pos.At("studio"), "创新工作室", s.Studio)
			for _, a := range s.Authors {
				field(a.Pos.At("name"), "完成人姓名", a.Name)
				field(a.Pos.At("role"), "完成人分工", a.Role)
				field(a.Pos.At("job"), "完成人岗位", a.Job)
			}
			for _, tag := range s.Tags {
				field(s.Pos.At("tags"), "关键词", tag)
			}
			for _, a := range s.Attachments {
				if a.Public {
					field(a.Pos.At("title"), "公开材料名称", a.Title)
					field(a.Pos.At("file"), "公开材料的文件名", a.File)
				}
			}
			body(s.File, s.BodyLine, s.Body)
		}
		for _, c := range y.Cases {
			field(diag.FileStart(c.File), "文件名（案例网页的网址）", path.Base(c.File))
			field(c.Pos.At("title"), "案例标题", c.Title)
			field(c.Pos.At("summary"), "案例摘要", c.Summary)
			body(c.File, c.BodyLine, c.Body)
		}
		for _, b := range y.Bulletins {
			field(diag.FileStart(b.File), "文件名（简报网页的网址）", path.Base(b.File))
			field(b.Pos.At("title"), "简报标题", b.Title)
			body(b.File, b.BodyLine, b.Body)
		}
	}
	for _, p := range ctx.Tree.Pages {
		field(diag.FileStart(p.File), "文件名（页面的网址）", path.Base(p.File))
		field(p.Pos.At("title"), "页面标题", p.Title)
		body(p.File, p.BodyLine, p.Body)
	}
}

// findPublishedPII is findPII on text as the site publishes it; the offset is text's own.
func findPublishedPII(text string) (kind string, at int) {
	if !mightHavePII(text) {
		return "", -1
	}
	pub, _ := publish(text, false)
	kind, at = findPII(pub)
	if kind == "" {
		return "", -1
	}
	_, src := published(text)
	return kind, src[at]
}

// mightHavePII is a quick look at the raw text: every pattern needs eleven digits in a
// row (a single space or dash between two allowed) or an @ once published. Walking the raw
// text, it counts the digits a run of the published text may hold here, generously: an
// ASCII or full-width digit is one; an ASCII or full-width space or dash, and what
// publishing drops or unescapes (* _ ` ~ \), leave the run as it is; a letter, an ASCII or
// full-width punctuation mark and the ideographs and punctuation published as they are end
// it; any other character counts as maxDigitsPerRune, the most digits its NFKC holds (⑲
// is 19). An @ of any form, or a character reference, is enough. TestMightHavePIIPasses
// checks every character's class against publish.
func mightHavePII(text string) bool {
	if strings.Contains(text, "%40") { // an @ in a link
		return true
	}
	run := 0
	for i := 0; i < len(text); {
		c := text[i]
		if c >= 0xE4 && c <= 0xE9 && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			run = 0 // an ideograph of U+4000 to U+9FFF (these leads, whole), published as it is
			i += 3
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		switch {
		case r == '、' || r == '—' || r == '–': // separators of a number's groups, published as they are
			continue
		case r >= 0x3400 && r <= 0x9FFF, r >= 0x3001 && r <= 0x303F, r >= 0x2010 && r <= 0x2023:
			run = 0 // ideographs and punctuation published as they are
			continue
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII, published folded
			r -= 0xFEE0
		case r == '﹫':
			return true
		case r >= utf8.RuneSelf:
			run += maxDigitsPerRune
		}
		switch {
		case r >= '0' && r <= '9':
			run++
		case r == '@' || r == '&':
			return true
		case r == ' ' || r == '-' || r == '*' || r == '_' || r == '`' || r == '~' || r == '\\',
			r == '.' || r == '/' || r == ',' || r == '(' || r == ')' || r == '+': // dropped, or a group separator
		case r < utf8.RuneSelf:
			run = 0
		}
		if run >= 11 {
			return true
		}
	}
	return false
}

// maxDigitsPerRune is the most ASCII digits publishing makes of one character (NFKC:
// ⑲ 19, ㏾ 31日), rounded up.
const maxDigitsPerRune = 4

// findPII returns the kind of the first personal datum in text and its byte offset.
func findPII(text string) (kind string, at int) {
	if longestDigitRun(text) < 11 && !strings.Contains(text, "@") && !strings.Contains(text, "%40") {
		return "", -1 // every pattern needs eleven digits in a row (separators allowed between groups) or an @
	}
	best := -1
	try := func(k string, re *regexp.Regexp, valid func(string) bool) {
		for _, m := range re.FindAllStringIndex(text, -1) {
			if digitAt(text, m[0]-1) || digitAt(text, m[1]) {
				continue
			}
			if valid != nil && !valid(text[m[0]:m[1]]) {
				continue
			}
			if best < 0 || m[0] < best {
				best, kind = m[0], k
			}
			return
		}
	}
	try("手机号码", mobilePattern, nil)
	try("身份证号码", idCardPattern, validIDCard)
	try("电子邮箱地址", emailPattern, nil)
	if k, at := findGroupedPII(text); k != "" && (best < 0 || at < best) {
		return k, at
	}
	return kind, best
}

func digitAt(s string, i int) bool {
	return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9'
}

// validIDCard checks the GB 11643 check digit of an 18-digit resident ID number.
func validIDCard(s string) bool {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	want := "10X98765432"[sum%11]
	got := s[17]
	if got == 'x' {
		got = 'X'
	}
	return got == want
}

// longestDigitRun counts the longest run of digits in s, letting one or two group
// separators between two digits continue the run (as in 139-0353-0011, 139、0353、0011).
func longestDigitRun(s string) int {
	best, run, seps := 0, 0, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= '0' && r <= '9':
			run, seps = run+1, 0
			best = max(best, run)
		case groupSeparator(r) && run > 0 && seps < 2:
			seps++
		default:
			run, seps = 0, 0
		}
	}
	return best
}

// groupSeparator tells whether r may stand between the groups of digits of a number written
// in groups, one or two of them: 139.0353.0011, (139)03530011, 139、0353、0011, 140302 19800101 0017.
func groupSeparator(r rune) bool {
	switch r {
	case ' ', '-', '.', '/', ',', '(', ')', '+', '、', '—', '–':
		return true
	}
	return false
}

// findGroupedPII finds a mobile or ID-card number written in groups of digits with one or
// two separators between them (groupSeparator), as the patterns do not: groups of at least
// three digits each, or of one digit each (1 3 9 0 3 5 3 0 0 1 1), whose digits make eleven
// (a mobile number, 13 to 19 first) or eighteen (an ID-card number with its check digit, the
// last maybe X). A list of small numbers (13、25、37、49、51、6) is none of these. It returns
// the kind and the byte offset of the first such number.
func findGroupedPII(text string) (kind string, at int) {
	type group struct{ start, end int }
	var groups []group
	best := -1
	judge := func() {
		for i := range groups {
			var digits strings.Builder
			single, wide := true, true
			for j := i; j < len(groups) && digits.Len() <= 18; j++ {
				g := groups[j]
				digits.WriteString(text[g.start:g.end])
				single, wide = single && g.end-g.start == 1, wide && g.end-g.start >= 3
				if !single && !wide {
					break
				}
				d, x := digits.String(), g.end < len(text) && (text[g.end] == 'X' || text[g.end] == 'x')
				var k string
				switch {
				case len(d) == 11 && d[0] == '1' && d[1] >= '3':
					k = "手机号码"
				case len(d) == 18 && validIDCard(d), len(d) == 17 && x && validIDCard(d+"X"):
					k = "身份证号码"
				}
				if k != "" && (best < 0 || groups[i].start < best) {
					best, kind = groups[i].start, k
				}
			}
		}
		groups = groups[:0]
	}
	seps := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r >= '0' && r <= '9':
			if n := len(groups); n > 0 && groups[n-1].end == i {
				groups[n-1].end = i + 1
			} else {
				groups = append(groups, group{i, i + 1})
			}
			seps = 0
		case groupSeparator(r) && len(groups) > 0 && seps < 2:
			seps++
		default:
			if len(groups) > 0 {
				judge()
			}
			seps = 0
		}
		i += size
	}
	if len(groups) > 0 {
		judge()
	}
	return kind, best
}
