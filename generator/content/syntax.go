package content

import (
	"io"
	"strconv"
	"strings"
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
