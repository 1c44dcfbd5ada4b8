package content

import (
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// quickYAML parses the YAML that content files almost always are into the nodes
// go.yaml.in/yaml/v3 makes of it, field for field, several times faster and with far
// fewer allocations (yaml.v3 was a tenth of a build's CPU): block mappings and sequences
// whose scalars are plain or quoted (without escapes) and on one line, and flow mappings
// and sequences of such scalars on one line. Anything else (comments, escapes, anchors,
// tags, multi-line or empty values, document markers, characters yaml.v3 treats
// specially) makes it return false, and the caller gives the file to yaml.v3, which also
// reports every error: quickYAML never decides that a file is wrong. TestQuickYAMLMatches and
// FuzzQuickYAML hold it to yaml.v3's nodes wherever it answers.
//
// The root goes to use, which must keep no node: a file's nodes are garbage once it is
// decoded, and the next file's are cut from the same slabs (quickParsers).
func quickYAML(data []byte, use func(root *yaml.Node)) bool {
	counts, ok := quickBytes(data)
	return ok && quickParse(data, counts, use)
}

// quickParse is quickYAML for a text quickBytes took, with what it counted.
func quickParse(data []byte, counts quickCounts, use func(root *yaml.Node)) bool {
	q := quickParsers.Get().(*quickParser)
	root, ok := q.parse(data, counts)
	if ok {
		use(root)
	}
	if cap(q.nodes) <= maxPooledNodes {
		q.reset()
		quickParsers.Put(q)
	}
	return ok
}

// maxPooledNodes is the most nodes a parser's slab may hold to be kept for the next file:
// a file far larger than the rest, such as a year's results.yaml at 100,000 results
// (500,000 nodes, 76 MB of slabs), leaves its parser to the collector. Kept, those slabs
// stayed live until the second collection after the content was loaded, the build's peak
// (TestQuickYAMLLetsBigSlabsGo). A review of 5,000 scores, the largest of the synthetic
// tree's other files, takes about 100,000.
const maxPooledNodes = 1 << 18

// quickParsers keeps quickYAML's parsers, their slabs with them, from one file to the
// next: cutting each file's nodes anew was a fifth of a cold build's allocations at 10,000
// results (yaml.Node is 152 bytes, and a build makes 1.4 million).
var quickParsers = sync.Pool{New: func() any { return new(quickParser) }}

// parse parses data into nodes cut from q's slabs; counts are quickBytes's of data.
func (q *quickParser) parse(data []byte, counts quickCounts) (root *yaml.Node, ok bool) {
	q.src = string(data)
	q.colAt = -1
	// One slab of nodes and one of children, each of the most the text can make: a node
	// for each key and value (two a colon that ends a key), each entry and sequence of a
	// dash that starts an entry, each flow collection and the scalars its commas separate,
	// and the root; each but the root is some collection's child.
	most := 2*(counts.colons+1) + counts.dashes + 1
	if counts.brackets > 0 {
		most += counts.brackets + counts.commas
	}
	if cap(q.nodes) < most || cap(q.ptrs) < most || cap(q.kids) < most {
		q.nodes = make([]yaml.Node, 0, most)
		q.ptrs = make([]*yaml.Node, 0, most)
		q.kids = make([]*yaml.Node, 0, most)
	}
	q.split(counts.newlines + 1)
	if len(q.lines) == 0 || q.lines[0].indent != 0 {
		return nil, false
	}
	defer func() {
		if r := recover(); r != nil {
			if r != errDeclined {
				panic(r)
			}
			root, ok = nil, false
		}
	}()
	root = q.block(0)
	if q.i != len(q.lines) {
		return nil, false
	}
	return root, true
}

// reset readies q for the next file, letting go of this one's text.
func (q *quickParser) reset() {
	used := len(q.nodes) // no more children were stacked than nodes made
	clear(q.nodes)
	clear(q.ptrs)
	clear(q.kids[:min(used, cap(q.kids))])
	q.src, q.lines, q.i = "", q.lines[:0], 0
	q.nodes, q.ptrs, q.kids = q.nodes[:0], q.ptrs[:0], q.kids[:0]
}

// quickBytes reports whether data is valid UTF-8 holding only characters quickYAML can
// take: printable as yaml.v3 counts it (no control characters but the newline, nothing
// above the BMP, no BOM), no tabs, carriage returns or YAML line breaks other than the
// newline (NEL, U+2028, U+2029), no comment (#) and no document marker (--- or ... at a
// line's start). It steps a character at a time, so that the text is read once, where
// utf8.Valid read it again, and counts on the way what parse sizes its slabs by, where
// bytes.Count read it five times more.
func quickBytes(data []byte) (counts quickCounts, ok bool) {
	lineStart := true
	for i := 0; i < len(data); {
		c := data[i]
		if c < 0x80 {
			switch {
			case c == '\n':
				counts.newlines++
				lineStart = true
				i++
				continue
			case c < 0x20 || c == 0x7F || c == '#':
				return counts, false
			case lineStart && (c == '-' || c == '.') && i+2 < len(data) && data[i+1] == c && data[i+2] == c:
				return counts, false
			case c == ':':
				if i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\n') {
					counts.colons++
				}
			case c == '-':
				if i+1 < len(data) && data[i+1] == ' ' {
					counts.dashes++
				}
			case c == '[':
				counts.brackets++
			case c == ',':
				counts.commas++
			}
			lineStart = false
			i++
			continue
		}
		lineStart = false
		if c >= 0xE1 && c <= 0xEF && c != 0xED { // three bytes: Chinese and its punctuation
			if i+2 >= len(data) || data[i+1]&0xC0 != 0x80 || data[i+2]&0xC0 != 0x80 {
				return counts, false
			}
			if c == 0xE2 && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9) || // U+2028, U+2029
				c == 0xEF && (data[i+1] == 0xBB && data[i+2] == 0xBF || data[i+1] == 0xBF && data[i+2] >= 0xBE) { // BOM, U+FFFE, U+FFFF
				return counts, false
			}
			i += 3
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1, // not UTF-8
			r < 0xA0,                 // C1 controls, NEL
			r == 0x2028, r == 0x2029, // line and paragraph separators
			r == 0xFEFF,              // BOM
			r == 0xFFFE, r == 0xFFFF, // not characters
			r > 0xFFFF: // not in the BMP, which yaml.v3 does not count as printable
			return counts, false
		}
		i += size
	}
	return counts, true
}

// quickCounts is what quickBytes counts of a text: colons that end a key (before a space
// or a newline), dashes before a space, opening brackets, commas and newlines.
type quickCounts struct{ colons, dashes, brackets, commas, newlines int }

// errDeclined unwinds quickParser when the text is not of the kind it takes.
var errDeclined = &struct{ string }{"quickYAML: declined"}

// quickLine is one line of the text that holds more than spaces.
type quickLine struct {
	num    int // 1-based line number
	start  int // byte offset of the line
	indent int // leading spaces
	end    int // byte offset of its end, trailing spaces left out
}

// quickParser holds the text, its lines and slabs the nodes are cut from.
type quickParser struct {
	src   string
	lines []quickLine
	i     int // the line being parsed
	nodes []yaml.Node
	ptrs  []*yaml.Node
	kids  []*yaml.Node // the children of the collections open, innermost last
	// The column col worked out last: of byte offset colAt of the line starting at colLine
	// (colAt < 0: none in this file).
	colLine, colAt, colN int
}

func (q *quickParser) split(lines int) {
	if cap(q.lines) < lines {
		q.lines = make([]quickLine, 0, lines)
	}
	n := 1
	for start := 0; start < len(q.src); n++ {
		end := start
		for end < len(q.src) && q.src[end] != '\n' {
			end++
		}
		next := end + 1
		indent := 0
		for start+indent < end && q.src[start+indent] == ' ' {
			indent++
		}
		for end > start+indent && q.src[end-1] == ' ' {
			end--
		}
		if end > start+indent {
			q.lines = append(q.lines, quickLine{num: n, start: start, indent: indent, end: end})
		}
		start = next
	}
}

func decline() { panic(errDeclined) }

// node cuts a new node from the slab (a new slab should the count above fall short).
func (q *quickParser) node(kind yaml.Kind, tag, value string, line, col int) *yaml.Node {
	if len(q.nodes) == cap(q.nodes) {
		q.nodes = make([]yaml.Node, 0, min(max(2*cap(q.nodes), 32), 4096))
	}
	q.nodes = append(q.nodes, yaml.Node{Kind: kind, Tag: tag, Value: value, Line: line, Column: col})
	return &q.nodes[len(q.nodes)-1]
}

// scalar is a plain scalar node, tagged as yaml.v3 resolves it.
func (q *quickParser) scalar(value string, line, col int) *yaml.Node {
	n := q.node(yaml.ScalarNode, "!!str", value, line, col)
	switch value[0] { // yaml.v3's resolve goes further only after these (resolveTable)
	case '+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
		'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O', '~', '<', '.':
		if tag := numberTag(value); tag != "" {
			n.Tag = tag
			break
		}
		if tag := dateTag(value); tag != "" {
			n.Tag = tag
			break
		}
		n.Tag = ""
		n.Tag = n.ShortTag() // resolve boxes the value it works out: an allocation for most
	}
	return n
}

// numberTag is the tag yaml.v3 resolves the commonest numbers of content files to without
// resolving them ("" for any other text): a decimal integer with no leading zero, of at
// most 18 digits, is !!int; digits, a point and digits, at most 20 characters in all, are
// !!float.
func numberTag(s string) string {
	digits, point := 0, -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && point < 0:
			point = i
		default:
			return ""
		}
	}
	switch {
	case point < 0 && digits <= 18 && (s[0] != '0' || len(s) == 1):
		return "!!int"
	case point > 0 && point < len(s)-1 && len(s) <= 20:
		return "!!float"
	}
	return ""
}

// dateTag is "!!timestamp" for a date as content files write it (2023-09-20: four digits,
// then one or two, then one or two, joined by hyphens) that is a day of the calendar, as
// yaml.v3 resolves it, and "" for any other text. yaml.v3 tries three layouts with a time
// before the date alone, each failing with an error made for the purpose (loading the
// 10,000-result synthetic tree made 7 MB of them).
func dateTag(s string) string {
	if len(s) < 8 || len(s) > 10 || s[4] != '-' {
		return ""
	}
	hyphens := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '-':
			hyphens++
		case c < '0' || c > '9':
			return ""
		}
	}
	m := strings.IndexByte(s[5:], '-')
	if hyphens != 2 || m < 1 || m > 2 || len(s)-5-m-1 < 1 || len(s)-5-m-1 > 2 {
		return ""
	}
	if _, err := time.Parse("2006-1-2", s); err != nil {
		return ""
	}
	return "!!timestamp"
}

// close gives n the children gathered since mark.
func (q *quickParser) close(n *yaml.Node, mark int) *yaml.Node {
	k := len(q.kids) - mark
	if k == 0 {
		return n // no children: nil, as yaml.v3 leaves it
	}
	if k > cap(q.ptrs)-len(q.ptrs) {
		q.ptrs = make([]*yaml.Node, 0, max(k, min(max(2*cap(q.ptrs), 64), 8192)))
	}
	at := len(q.ptrs)
	q.ptrs = append(q.ptrs, q.kids[mark:]...)
	n.Content = q.ptrs[at:len(q.ptrs):len(q.ptrs)]
	q.kids = q.kids[:mark]
	return n
}

// col is the 1-based column (in characters) of byte offset at of line l. A line's columns
// are asked left to right (the scalars of a flow mapping), so each is counted on from the
// last: counting each from the line's start made a review's line of scores quadratic, a
// twentieth of loading the 10,000-result synthetic tree.
func (q *quickParser) col(l quickLine, at int) int {
	from, n := l.start, 1
	if q.colAt >= 0 && q.colLine == l.start && q.colAt <= at {
		from, n = q.colAt, q.colN
	}
	n += utf8.RuneCountInString(q.src[from:at])
	q.colLine, q.colAt, q.colN = l.start, at, n
	return n
}

// dash reports whether line l starts a sequence entry.
func (q *quickParser) dash(l quickLine) bool {
	at := l.start + l.indent
	return q.src[at] == '-' && (at+1 == l.end || q.src[at+1] == ' ')
}

// block parses the block collection starting on the current line, indented by indent.
func (q *quickParser) block(indent int) *yaml.Node {
	l := q.lines[q.i]
	if q.dash(l) {
		return q.sequence(indent)
	}
	return q.mapping(indent, l.start+l.indent)
}

// sequence parses a block sequence whose dashes are indented by indent.
func (q *quickParser) sequence(indent int) *yaml.Node {
	first := q.lines[q.i]
	n := q.node(yaml.SequenceNode, "!!seq", "", first.num, indent+1)
	mark := len(q.kids)
	for {
		l := q.lines[q.i]
		at := l.start + l.indent + 1
		for at < l.end && q.src[at] == ' ' {
			at++
		}
		if at == l.end || at == l.start+l.indent+1 { // "-" alone, or not followed by a space
			decline()
		}
		var item *yaml.Node
		switch c := q.src[at]; {
		case c == '{' || c == '[':
			item = q.flowLine(l, at)
		case c == '"' || c == '\'':
			item = q.quotedLine(l, at)
		case q.keyEnd(l, at) > 0:
			item = q.mapping(at-l.start, at) // a mapping begun on the dash's line
		default:
			item = q.plainLine(l, at)
		}
		q.kids = append(q.kids, item)
		if q.i == len(q.lines) {
			break
		}
		next := q.lines[q.i]
		if next.indent > indent {
			decline()
		}
		if next.indent < indent || !q.dash(next) {
			break
		}
	}
	return q.close(n, mark)
}

// mapping parses a block mapping indented by indent whose first key starts at byte
// offset at of the current line.
func (q *quickParser) mapping(indent, at int) *yaml.Node {
	first := q.lines[q.i]
	n := q.node(yaml.MappingNode, "!!map", "", first.num, q.col(first, at))
	mark := len(q.kids)
	for {
		l := q.lines[q.i]
		colon := q.keyEnd(l, at)
		if colon < 0 {
			decline()
		}
		key := q.src[at:colon]
		if !plainOK(key, false) || key[len(key)-1] == ' ' || len(key) > 256 || strings.IndexByte(key, ':') >= 0 { // as in flow below

			decline()
		}
		q.kids = append(q.kids, q.scalar(key, l.num, q.col(l, at)))
		v := colon + 1
		for v < l.end && q.src[v] == ' ' {
			v++
		}
		var value *yaml.Node
		switch {
		case v < l.end && (q.src[v] == '{' || q.src[v] == '['):
			value = q.flowLine(l, v)
		case v < l.end && (q.src[v] == '"' || q.src[v] == '\''):
			value = q.quotedLine(l, v)
		case v < l.end:
			value = q.plainLine(l, v)
		default: // the value is the block below
			q.i++
			if q.i == len(q.lines) {
				decline() // an empty value
			}
			next := q.lines[q.i]
			switch {
			case next.indent > indent:
				value = q.block(next.indent)
			case next.indent == indent && q.dash(next):
				value = q.sequence(indent)
			default:
				decline()
			}
		}
		q.kids = append(q.kids, value)
		if q.i == len(q.lines) {
			break
		}
		next := q.lines[q.i]
		if next.indent > indent || next.indent == indent && q.dash(next) {
			decline()
		}
		if next.indent < indent {
			break
		}
		at = next.start + next.indent
	}
	return q.close(n, mark)
}

// keyEnd is the offset of the colon ending the key that starts at at on line l (a
// colon followed by a space or the line's end), or -1.
func (q *quickParser) keyEnd(l quickLine, at int) int {
	for i := at; i < l.end; i++ {
		if q.src[i] == ':' && (i+1 == l.end || q.src[i+1] == ' ') {
			return i
		}
	}
	return -1
}

// plainLine parses the plain scalar from at to the end of line l, the rest of an entry,
// and moves to the next line.
func (q *quickParser) plainLine(l quickLine, at int) *yaml.Node {
	s := q.src[at:l.end]
	if !plainOK(s, false) || s[len(s)-1] == ':' || q.keyEnd(l, at) >= 0 {
		decline()
	}
	q.i++
	return q.scalar(s, l.num, q.col(l, at))
}

// quotedLine parses the quoted scalar starting at at on line l, which must end the line,
// and moves to the next line.
func (q *quickParser) quotedLine(l quickLine, at int) *yaml.Node {
	n, end := q.quoted(l, at)
	if end != l.end {
		decline()
	}
	q.i++
	return n
}

// quoted parses a quoted scalar that starts at at on line l and closes on it, with no
// escape in it (no backslash in double quotes, no doubled quote in single ones); end is
// the offset after its closing quote.
func (q *quickParser) quoted(l quickLine, at int) (n *yaml.Node, end int) {
	c := q.src[at]
	k := strings.IndexByte(q.src[at+1:l.end], c)
	if k < 0 {
		decline()
	}
	s := q.src[at+1 : at+1+k]
	end = at + 2 + k
	if c == '"' && strings.IndexByte(s, '\\') >= 0 || c == '\'' && end < l.end && q.src[end] == '\'' {
		decline()
	}
	n = q.node(yaml.ScalarNode, "!!str", s, l.num, q.col(l, at))
	n.Style = yaml.SingleQuotedStyle
	if c == '"' {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n, end
}

// flowLine parses the flow collection starting at at on line l, which must end the line,
// and moves to the next line.
func (q *quickParser) flowLine(l quickLine, at int) *yaml.Node {
	n, end := q.flow(l, at)
	if end != l.end {
		decline()
	}
	q.i++
	return n
}

// flow parses a flow mapping or sequence of plain scalars that starts at at on line l
// and closes on it; end is the offset after its closing bracket.
func (q *quickParser) flow(l quickLine, at int) (n *yaml.Node, end int) {
	isMap := q.src[at] == '{'
	closing := byte(']')
	if isMap {
		n = q.node(yaml.MappingNode, "!!map", "", l.num, q.col(l, at))
		closing = '}'
	} else {
		n = q.node(yaml.SequenceNode, "!!seq", "", l.num, q.col(l, at))
	}
	n.Style = yaml.FlowStyle
	mark := len(q.kids)
	i := q.skipSpaces(l, at+1)
	if i < l.end && q.src[i] == closing {
		return q.close(n, mark), i + 1
	}
	for {
		if isMap {
			j := i
			for j < l.end && q.src[j] != ':' {
				j++
			}
			if j+1 >= l.end || q.src[j+1] != ' ' || j-i > 256 { // yaml.v3 wants a key's colon within 1,024 characters
				decline()
			}
			q.kids = append(q.kids, q.flowScalar(l, i, j))
			i = q.skipSpaces(l, j+1)
		}
		j := i
		if i < l.end && (q.src[i] == '"' || q.src[i] == '\'') {
			value, end := q.quoted(l, i)
			q.kids = append(q.kids, value)
			j = q.skipSpaces(l, end)
			if j == l.end || q.src[j] != ',' && q.src[j] != closing {
				decline()
			}
		} else {
			for j < l.end && q.src[j] != ',' && q.src[j] != closing {
				j++
			}
			if j == l.end {
				decline()
			}
			q.kids = append(q.kids, q.flowScalar(l, i, j))
		}
		if q.src[j] == closing {
			return q.close(n, mark), j + 1
		}
		i = q.skipSpaces(l, j+1)
	}
}

// flowScalar is the plain scalar [from,to) of line l in a flow collection, trailing
// spaces left out.
func (q *quickParser) flowScalar(l quickLine, from, to int) *yaml.Node {
	for to > from && q.src[to-1] == ' ' {
		to--
	}
	s := q.src[from:to]
	if !plainOK(s, true) {
		decline()
	}
	return q.scalar(s, l.num, q.col(l, from))
}

func (q *quickParser) skipSpaces(l quickLine, i int) int {
	for i < l.end && q.src[i] == ' ' {
		i++
	}
	return i
}

// plainOK reports whether s can be taken as a plain scalar as it stands: not empty, not
// starting with an indicator or a space, and in a flow collection holding no character
// that ends a plain scalar there (, ? : [ ] { }).
func plainOK(s string, inFlow bool) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	if inFlow {
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case ',', '?', ':', '[', ']', '{', '}':
				return false
			}
		}
	}
	return true
}
