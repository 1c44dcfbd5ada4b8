package content

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

var errEOF = io.EOF

// yamlTranslations turns the YAML parser's English problems into Chinese advice.
// parser marks the parser's (not the scanner's) problems, which the YAML library reports one
// line early: it prints the 0-based line of the construct's start.
var yamlTranslations = []struct {
	en, zh string
	parser bool
}{
	{"mapping values are not allowed in this context", "这里不能出现“键: 值”（常见原因：值里有未加引号的冒号，或缩进不对齐）", false},
	{"did not find expected key", "找不到应有的键（常见原因：缩进不对齐）", true},
	{"could not find expected ':'", "缺少冒号 :（每个键后面应有“: ”）", false},
	{"found character that cannot start any token", "遇到不能出现在此处的字符（常见原因：制表符或 @、` 开头的值未加引号）", false},
	{"did not find expected node content", "缺少内容（常见原因：列表项或值为空）", true},
	{"found unexpected end of stream", "文件意外结束（常见原因：引号或括号没有闭合）", false},
	{"did not find expected ',' or ']'", "列表 [ ] 没有闭合，或缺少逗号", true},
	{"did not find expected ',' or '}'", "映射 { } 没有闭合，或缺少逗号", true},
	{"found unknown escape character", "引号内有无效的转义字符 \\", false},
	{"block sequence entries are not allowed in this context", "这里不能出现列表项“- ”（常见原因：缩进不对齐）", true},
	{"did not find expected '-' indicator", "找不到列表项“- ”（常见原因：缩进不对齐）", true},
	{"found undefined tag handle", "未定义的标签", true},
	{"unknown anchor", "引用了未定义的锚点", false},
	{"excessive aliasing", "别名展开过大", false},
	{"found a tab character", "缩进里有制表符（Tab）；YAML 只能用空格缩进", false},
	{"control characters are not allowed", "文件里有不允许的控制字符", false},
}

// yamlSyntaxError extracts the line of a parser error (the parser reports positions only in its
// message) and gives its problem in Chinese, keeping the original text for reference.
func yamlSyntaxError(err error) (line int, msg string) {
	text := strings.TrimPrefix(err.Error(), "yaml: ")
	line = 1
	if rest, ok := strings.CutPrefix(text, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ":"); ok {
			if n, err := strconv.Atoi(num); err == nil && n > 0 {
				line, text = n, strings.TrimSpace(tail)
			}
		}
	}
	for _, t := range yamlTranslations {
		if strings.Contains(text, t.en) {
			if t.parser {
				line++
			}
			return line, t.zh + "（" + text + "）"
		}
	}
	return line, text
}

var (
	// fullColonKey is a snake_case key followed by a Chinese colon: title：…
	fullColonKey = regexp.MustCompile(`^[ ]*(?:- +)*[a-z_][a-z0-9_]*[ ]*：`)
	// fullSpaceLead is a full-width space where YAML needs an ordinary one: in the
	// indentation, after "- " or after "key:".
	fullSpaceLead = regexp.MustCompile(`^[ ]*(?:- +)*(?:[a-z_][a-z0-9_]*:)?[ ]*　`)
	// blockScalar is a key whose value is a | or > block: its lines are free text.
	blockScalar = regexp.MustCompile(`:[ ]+[|>][-+0-9]*[ ]*(?:#.*)?$`)
	// quotedValue is a value that opens with a quote: key: "… or - '…
	quotedValue = regexp.MustCompile(`^[ ]*(?:- +)*(?:[a-z_][a-z0-9_]*:[ ]+)?(["'])`)
)

// typingSlip finds the slips a person makes typing YAML in a Chinese input method, which
// the parser reports far from where they are or not at all: a Chinese colon after a key, a
// full-width space where YAML needs a space, and (when parseFailed) a value whose opening
// quote is never closed on its line. Lines are 1-based within data; columns count characters.
func typingSlip(data []byte, parseFailed bool) (line, col int, msg string, found bool) {
	if !parseFailed && !bytes.Contains(data, []byte(fullColon)) && !bytes.Contains(data, []byte(fullSpace)) {
		return 0, 0, "", false // neither slip is possible without its character
	}
	blockIndent := -1
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimRight(l, "\r")
		indent := len(l) - len(strings.TrimLeft(l, " "))
		if blockIndent >= 0 {
			if strings.TrimSpace(l) == "" || indent > blockIndent {
				continue
			}
			blockIndent = -1
		}
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		// Each pattern is tried only on a line holding a character it needs.
		if m := findIf(l, fullColon, fullColonKey); m != "" {
			c := utf8.RuneCountInString(m)
			return i + 1, c, fmt.Sprintf("第 %d 行第 %d 列是中文冒号“：”，请改成英文冒号和一个空格", i+1, c), true
		}
		if m := findIf(l, fullSpace, fullSpaceLead); m != "" {
			c := utf8.RuneCountInString(m)
			return i + 1, c, fmt.Sprintf("第 %d 行第 %d 列是全角空格“　”，请改成普通的半角空格", i+1, c), true
		}
		if strings.ContainsAny(l, "|>") && blockScalar.MatchString(l) {
			blockIndent = indent
			continue
		}
		if !parseFailed || !strings.ContainsAny(l, `"'`) {
			continue
		}
		if m := quotedValue.FindStringSubmatchIndex(l); m != nil {
			q := l[m[2]:m[3]]
			rest := l[m[3]:]
			closed := false
			for j := 0; j < len(rest); j++ {
				if q == `"` && rest[j] == '\\' {
					j++
					continue
				}
				if rest[j:j+1] == q {
					if q == "'" && j+1 < len(rest) && rest[j+1] == '\'' { // '' inside single quotes
						j++
						continue
					}
					closed = true
					break
				}
			}
			if !closed {
				c := utf8.RuneCountInString(l[:m[2]]) + 1
				return i + 1, c, fmt.Sprintf("第 %d 行第 %d 列的引号 %s 没有闭合：请在这一行的值末尾补上 %s，或去掉这个引号", i+1, c, q, q), true
			}
		}
	}
	return 0, 0, "", false
}

const (
	fullColon = "："
	fullSpace = "　"
)

// findIf is re's match in l, tried only if l contains need, without which re cannot match.
func findIf(l, need string, re *regexp.Regexp) string {
	if !strings.Contains(l, need) {
		return ""
	}
	return re.FindString(l)
}

// fileLines renumbers the "第 N 行" of a typingSlip message by the front matter's offset,
// so that the message names the line of the file, as the position does.
func fileLines(msg string, offset int) string {
	if offset == 0 {
		return msg
	}
	rest, ok := strings.CutPrefix(msg, "第 ")
	if !ok {
		return msg
	}
	num, tail, ok := strings.Cut(rest, " 行")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return msg
	}
	return fmt.Sprintf("第 %d 行%s", n+offset, tail)
}
