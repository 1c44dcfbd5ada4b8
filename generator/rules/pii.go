package rules

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"wuxiao/generator/diag"
)

// Personal data patterns; digits next to a match disqualify it, so longer numbers are not taken apart.
var (
	mobilePattern = regexp.MustCompile(`(?:(?:\+|00)?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}`)
	idCardPattern = regexp.MustCompile(`[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]`)
	emailPattern  = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
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
		for i, l := range strings.Split(text, "\n") {
			if kind, at := findPublishedPII(l); kind != "" {
				col := utf8.RuneCountInString(l[:at]) + 1
				out.Errorf(diag.Pos{File: file, Line: line + i, Col: col}, "pii", "正文中含有%s；公开内容不得包含个人信息", kind)
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
				}
			}
			body(s.File, s.BodyLine, s.Body)
		}
		for _, c := range y.Cases {
			field(c.Pos.At("title"), "案例标题", c.Title)
			field(c.Pos.At("summary"), "案例摘要", c.Summary)
			body(c.File, c.BodyLine, c.Body)
		}
		for _, b := range y.Bulletins {
			field(b.Pos.At("title"), "简报标题", b.Title)
			body(b.File, b.BodyLine, b.Body)
		}
	}
	for _, p := range ctx.Tree.Pages {
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
		case r == ' ' || r == '-' || r == '*' || r == '_' || r == '`' || r == '~' || r == '\\':
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
	if longestDigitRun(text) < 11 && !strings.Contains(text, "@") {
		return "", -1 // every pattern needs eleven digits in a row (spaces or dashes allowed) or an @
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

// longestDigitRun counts the longest run of digits in s, letting a single space or dash
// between two digits continue the run (as in 139-0353-0011).
func longestDigitRun(s string) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			run++
			best = max(best, run)
		case (c == '-' || c == ' ') && run > 0 && digitAt(s, i+1):
		default:
			run = 0
		}
	}
	return best
}
