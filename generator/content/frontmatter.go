package content

import (
	"bytes"
	"errors"
)

// errNoFrontMatter and errUnclosed describe Markdown files without a usable front matter.
var (
	errNoFrontMatter = errors.New("缺少开头的 front matter：文件第一行应为 ---")
	errUnclosed      = errors.New("front matter 没有结束：找不到第二行 ---")
)

// splitFrontMatter cuts a Markdown file into its YAML front matter and body.
// yamlLine is the file line of the YAML's first line and bodyLine that of the body's first line,
// so that positions in both stay true to the file.
func splitFrontMatter(data []byte) (front, body []byte, bodyLine int, err error) {
	rest := data
	first, rest, ok := cutLine(rest)
	if !ok && len(first) == 0 || string(bytes.TrimRight(first, " \t")) != "---" {
		return nil, nil, 0, errNoFrontMatter
	}
	start := rest
	line := 2
	offset := 0
	for len(rest) > 0 {
		l, next, _ := cutLine(rest)
		if string(bytes.TrimRight(l, " \t")) == "---" {
			return start[:offset], next, line + 1, nil
		}
		offset += len(rest) - len(next)
		rest = next
		line++
	}
	return nil, nil, 0, errUnclosed
}

// cutLine returns the first line of b without its line ending (LF or CRLF) and the rest.
func cutLine(b []byte) (line, rest []byte, found bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return bytes.TrimSuffix(b, []byte("\r")), nil, false
	}
	return bytes.TrimSuffix(b[:i], []byte("\r")), b[i+1:], true
}
