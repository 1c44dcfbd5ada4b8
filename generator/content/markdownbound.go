package content

import "bytes"

// MaxInlineMarks is how many inline marks (* _ ~ [ ] ( )) one paragraph of a Markdown body
// may hold. goldmark's inline parsing takes time quadratic in the marks a paragraph leaves
// unmatched: 40,000 of `*a_` take tens of seconds. At this bound a 256 KiB body of
// crowded paragraphs parses within a small multiple of an ordinary body's time.
const MaxInlineMarks = 1000

// crowdedParagraph finds the first paragraph with more than MaxInlineMarks inline marks
// and returns its first line (1-based within body) and its count; 0 when there is none.
// A "paragraph" here is any run of lines goldmark may parse as one inline block: lines
// are split only at blank lines, headings, list items at the margin and fenced code,
// whose lines are not counted.
//
// A body holding no more marks in all than a paragraph may is passed at once: counting
// them a byte at a time takes SIMD (bytes.Count), and a line at a time took 30 ms a cold
// build at 10,000 results.
func crowdedParagraph(body []byte) (line, marks int) {
	all := 0
	for _, c := range []byte("*_~[]()") {
		all += bytes.Count(body, []byte{c})
	}
	if all <= MaxInlineMarks {
		return 0, 0
	}
	return crowdedParagraphScan(body)
}

// crowdedParagraphScan is crowdedParagraph without the count of the body's marks first:
// the scan of its paragraphs, line by line.
func crowdedParagraphScan(body []byte) (line, marks int) {
	start, count, fence := 0, 0, codeFence{}
	for n, rest := 1, body; len(rest) > 0; n++ {
		l, next, _ := cutLine(rest)
		rest = next
		trimmed := bytes.TrimLeft(l, " ")
		indent := len(l) - len(trimmed)
		switch {
		case fence.holds(l), len(bytes.TrimSpace(l)) == 0:
			start, count = 0, 0
			continue
		case indent < 4 && startsBlock(trimmed):
			start, count = 0, 0
		}
		if start == 0 {
			start = n
		}
		for _, c := range l {
			switch c {
			case '*', '_', '~', '[', ']', '(', ')':
				count++
			}
		}
		if count > MaxInlineMarks {
			return start, count
		}
	}
	return 0, 0
}

// codeFence follows a body's fenced code (``` or ~~~ at the margin) line by line, as the
// bounds pass over it.
type codeFence struct{ open []byte }

// holds tells whether line l opens fenced code, lies in it or closes it.
func (f *codeFence) holds(l []byte) bool {
	trimmed := bytes.TrimLeft(l, " ")
	margin := len(l)-len(trimmed) < 4
	if f.open != nil {
		if margin && bytes.HasPrefix(trimmed, f.open) {
			f.open = nil
		}
		return true
	}
	if margin && (bytes.HasPrefix(trimmed, []byte("```")) || bytes.HasPrefix(trimmed, []byte("~~~"))) {
		f.open = trimmed[:3]
		return true
	}
	return false
}

// startsBlock tells whether a line (without its indentation) always begins a new block: a
// heading, or a bullet or ordered list item with content.
func startsBlock(l []byte) bool {
	if len(l) == 0 {
		return false
	}
	if l[0] == '#' {
		return true
	}
	if (l[0] == '-' || l[0] == '*' || l[0] == '+') && len(l) > 1 && l[1] == ' ' {
		return true
	}
	i := 0
	for i < len(l) && i < 9 && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && l[i+1] == ' '
}

// MaxNesting is how many block containers (> quotes, list items) one line may open.
// goldmark's block parsing takes time quadratic in the depth: a line of 65,536 > or
// "- " takes seconds to tens of seconds. Real bodies nest a few levels.
const MaxNesting = 16

// deepLine finds the first line that opens more than MaxNesting containers and returns
// it (1-based within body) with its depth; 0 when there is none.
func deepLine(body []byte) (line, depth int) {
	for n, rest := 1, body; len(rest) > 0; n++ {
		l, next, _ := cutLine(rest)
		rest = next
		if d := nesting(l); d > MaxNesting {
			return n, d
		}
	}
	return 0, 0
}

// nesting counts the container markers at the start of a line: >, bullets and ordered
// list markers, each followed by spaces.
func nesting(l []byte) int {
	depth := 0
	for {
		l = bytes.TrimLeft(l, " \t")
		switch {
		case len(l) > 0 && l[0] == '>':
			l = l[1:]
		case len(l) > 0 && (l[0] == '-' || l[0] == '*' || l[0] == '+') && (len(l) == 1 || l[1] == ' ' || l[1] == '\t'):
			l = l[1:]
		default:
			i := 0
			for i < len(l) && i < 9 && l[i] >= '0' && l[i] <= '9' {
				i++
			}
			if i == 0 || i >= len(l) || (l[i] != '.' && l[i] != ')') || (i+1 < len(l) && l[i+1] != ' ' && l[i+1] != '\t') {
				return depth
			}
			l = l[i+1:]
		}
		depth++
	}
}

// MaxTableCells is how many cells one Markdown table may hold: its columns (those of the
// line of dashes under its heading) times its rows. goldmark gives every row as many
// cells as the heading has, so that a bulletin of 36 KB, a row of 6,000 columns over
// 6,000 one-letter lines, made a page of gigabytes and ran a build out of memory. Real
// tables in a declaration or a bulletin have a few columns and tens of rows.
const MaxTableCells = 10_000

// wideTable finds the first table with more than MaxTableCells cells and returns the line of
// its heading (1-based within body), its columns and rows; 0 when there is none. A table
// is a line followed by a delimiter row (cells of dashes, with colons, between pipes), and
// goes on to the next blank line; fenced code is passed over.
func wideTable(body []byte) (line, columns, rows int) {
	if bytes.IndexByte(body, '|') < 0 { // a table's delimiter row has a pipe
		return 0, 0, 0
	}
	var fence codeFence
	previous := false // the line before is text a table could head
	for n, rest := 1, body; len(rest) > 0; n++ {
		l, next, _ := cutLine(rest)
		rest = next
		if fence.holds(l) {
			previous = false
			continue
		}
		if cols := delimiterRow(l); previous && cols > 0 {
			rows = 1 // the heading
			for len(rest) > 0 {
				row, after, _ := cutLine(rest)
				if len(bytes.TrimSpace(row)) == 0 {
					break
				}
				rows++
				rest = after
				n++
			}
			if cols*rows > MaxTableCells {
				return n - rows, cols, rows
			}
			previous = false
			continue
		}
		previous = len(bytes.TrimSpace(l)) > 0
	}
	return 0, 0, 0
}

// delimiterRow is the number of cells of l when it is a table's delimiter row (| :--- | ---: |:
// dashes, colons, spaces and at least one pipe), in a quote or not; 0 when it is not.
func delimiterRow(l []byte) int {
	l = bytes.TrimSpace(bytes.TrimLeft(l, "> \t"))
	if bytes.IndexByte(l, '|') < 0 || bytes.IndexByte(l, '-') < 0 {
		return 0
	}
	for _, c := range l {
		if c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t' {
			return 0
		}
	}
	l = bytes.TrimSuffix(bytes.TrimPrefix(l, []byte("|")), []byte("|"))
	return bytes.Count(l, []byte("|")) + 1
}
