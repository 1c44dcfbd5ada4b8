// Package content reads a content/ tree through fs.FS into typed values, keeping the position of every key and value.
//
// It is the pipeline's first step (load → check → render, see package generator).
// Load walks the tree, tells each file's kind by its path (Classify, from the table of
// kinds in kinds.go: where each kind lives, its names, who may change it, whether it is
// ever public), splits front matter from bodies with line numbers kept, decodes each
// file through yaml.Node into the structs of model.go (unknown keys, wrong types and bad
// values become diagnostics of rules syntax, schema and path, at their positions) and
// returns a Tree. schema.go holds the contract's vocabularies and their Chinese names. Cache reloads only what changed (wuxiao serve); Index
// answers the questions several steps ask of a tree (a unit's parents, an expert's
// conflicts, whether a result was commended); Markdown is the one Markdown dialect.
package content

import (
	"bytes"
	"errors"
	"io/fs"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"wuxiao/generator/diag"
)

// Size limits of the contract: of the files the loader parses (rule syntax), and of the
// files published as they are, proof materials (rule attachment) and case covers (rule ref).
const (
	MaxMarkdown   = 256 << 10
	MaxYAML       = 32 << 20
	MaxAttachment = 20 << 20
)

// ErrNoContent means the root holds no content/ folder.
var ErrNoContent = errors.New("找不到 content/ 目录")

// Load reads every file under content/ in fsys. Problems with the files themselves
// (syntax, schema, path) go to the returned list; the error is for trouble reading the tree.
func Load(fsys fs.FS) (*Tree, *diag.List, error) { return load(fsys, nil) }

// load is Load, parsing through reuse when it is not nil (see Reuse).
func load(fsys fs.FS, reuse *Reuse) (*Tree, *diag.List, error) {
	diags := &diag.List{}
	if info, err := fs.Stat(fsys, "content"); err != nil || !info.IsDir() {
		return nil, diags, ErrNoContent
	}
	type job struct {
		path  string
		place Place
		size  int64       // -1: left for the read to say (lazyWalker)
		info  fs.FileInfo // as the walk found it; nil when it could not be looked at, or was not
		out   parsed
	}
	var jobs []*job
	tree := &Tree{FS: fsys, Files: map[string]int64{}, Broken: map[string]bool{}, Refused: map[string]bool{}}
	// One root held open for the walk and every read (dirfs_linux.go).
	held, done := holdRoot(fsys)
	defer done()
	// Without a kept parse, the files parsed are read at once: their lstat is left out of
	// the walk, and the read's fstat says their size.
	lazy, _ := held.(lazyWalker)
	if reuse != nil {
		lazy = nil
	}
	if lazy != nil {
		lazy.leaveUnlooked(func(p string) bool { return readWhole(Classify(p)) })
	}
	// The files are parsed as the walk finds them (after the kept parse is ready, when
	// there is one: it is read while the tree is walked).
	next := make(chan *job, 64)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				if j.size < 0 {
					j.out = parseSized(lazy, j.path, j.place)
				} else {
					j.out = reuse.parse(held, j.path, j.place, j.size, j.info)
				}
			}
		}()
	}
	var waiting []*job // found before the kept parse is ready
	found := func(j *job) {
		jobs = append(jobs, j)
		if reuse == nil {
			next <- j
		} else {
			waiting = append(waiting, j)
		}
	}
	err := fs.WalkDir(held, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Append(unreadable(p, d, err))
			if d == nil || d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != "content" && hidden(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		pl := Classify(p)
		if pl.Kind == KindIgnored && d.Type().IsRegular() {
			return nil
		}
		if problem := refusal(p, d); problem != nil {
			tree.Refused[p] = true
			diags.Append(problem)
			return nil
		}
		if lazy != nil && d.Type().IsRegular() && readWhole(pl) {
			found(&job{path: p, place: pl, size: -1})
			return nil
		}
		var size int64
		info, err := d.Info()
		if err == nil {
			size = info.Size()
		}
		tree.Files[p] = size
		if pl.Problem != "" {
			diags.Errorf(diag.FileStart(p), "path", "%s", pl.Problem)
			return nil
		}
		found(&job{path: p, place: pl, size: size, info: info})
		return nil
	})
	if err == nil {
		reuse.wait() // read while the tree was walked
		for _, j := range waiting {
			next <- j
		}
	}
	close(next)
	wg.Wait()
	if err != nil {
		return nil, diags, err
	}
	for _, j := range jobs {
		if j.size < 0 {
			tree.Files[j.path] = j.out.size
		}
		diags.Append(&j.out.diags)
		tree.add(j.path, j.place, j.out.value)
	}
	tree.sort()
	return tree, diags, nil
}

// unreadable is the finding for a path the walk could not read: one error at its path,
// and the rest of the tree is still checked.
func unreadable(p string, d fs.DirEntry, err error) *diag.List {
	out := &diag.List{}
	if d != nil && !d.IsDir() {
		out.Errorf(diag.FileStart(p), "syntax", "无法读取文件：%s", readProblem(err))
	} else {
		out.Errorf(diag.FileStart(p), "syntax", "无法读取目录：%s；其余文件照常检查", readProblem(err))
	}
	return out
}

// refusal is the finding for an entry that is not a regular file (a symbolic link of any
// kind, a device, a pipe): it is never read nor published. nil for a regular file.
func refusal(p string, d fs.DirEntry) *diag.List {
	out := &diag.List{}
	switch {
	case d.Type()&fs.ModeSymlink != 0:
		out.Errorf(diag.FileStart(p), "path", "content/ 下不能有符号链接（链接可能指向单位目录或仓库之外的文件）；请放入文件本身")
	case !d.Type().IsRegular():
		out.Errorf(diag.FileStart(p), "path", "这不是普通文件（%v）；content/ 下只能有普通文件和目录", d.Type())
	default:
		return nil
	}
	return out
}

// parsed is one file's typed value (nil when unreadable) and its problems.
type parsed struct {
	value any
	diags diag.List
	size  int64 // as the read found it (parseSized); 0 if unread
}

// lazyWalker is a file system whose walk can leave out the lstat of the regular files a
// load reads whole at once, whose read then says their size (heldRoot).
type lazyWalker interface {
	// leaveUnlooked makes the walk leave out the lstat of the regular files skip names
	// (slash-separated paths; nil: none): their entries have the listing's kind.
	leaveUnlooked(skip func(name string) bool)
	// ReadFileSizedInto is bufferedFS's read that also gives the file's size by the
	// open file's fstat (-1 if unknown), and reads nothing of a file larger than limit.
	ReadFileSizedInto(name string, limit int64, buf []byte) (data []byte, size int64, err error)
}

// readWhole tells whether a file at place pl is read by the load whatever its size
// says: a file of a kind parsed (not opaque), at a path without a problem.
func readWhole(pl Place) bool {
	if pl.Kind == KindIgnored || pl.Problem != "" {
		return false
	}
	ki, _ := InfoOf(pl.Kind)
	return !ki.Opaque
}

// parseSized is parseFile of a file the walk did not look at: its read's fstat says
// its size, checked against the limit before any of it is read.
func parseSized(fsys lazyWalker, p string, pl Place) parsed {
	buf := readBuffers.Get().(*[]byte)
	defer readBuffers.Put(buf)
	var size int64
	out := parseRead(p, pl, -1, func(limit int64) ([]byte, error) {
		data, n, err := fsys.ReadFileSizedInto(p, limit, *buf)
		size = max(n, int64(len(data)))
		if cap(data) > cap(*buf) {
			*buf = data[:0] // the larger, for the next file
		}
		if err == nil && n > limit {
			return nil, tooLarge(n)
		}
		return data, err
	})
	out.size = size
	return out
}

// tooLarge is the read of a file larger than its limit: its size.
type tooLarge int64

func (t tooLarge) Error() string { return "文件过大：" + HumanSize(int64(t)) }

// parseFile reads and decodes one file; it never panics on bad input.
func parseFile(fsys fs.FS, p string, pl Place, size int64) parsed {
	if b, ok := fsys.(bufferedFS); ok {
		buf := readBuffers.Get().(*[]byte)
		defer readBuffers.Put(buf)
		return parseRead(p, pl, size, func(limit int64) ([]byte, error) {
			data, err := b.ReadFileLimitInto(p, limit, *buf)
			if cap(data) > cap(*buf) {
				*buf = data[:0] // the larger, for the next file
			}
			return data, err
		})
	}
	return parseRead(p, pl, size, func(limit int64) ([]byte, error) { return ReadAtMost(fsys, p, limit) })
}

// readBuffers keeps the buffers parseFile reads files into, from one file to the next:
// parseRead keeps none of a file's bytes (it copies out the YAML's text and the body),
// and each file read into memory of its own was 28 MB to collect in a cold build at
// 10,000 results.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

// sizeLimit is the most bytes a file of kind ki may hold.
func sizeLimit(ki KindInfo) int64 {
	if ki.Markdown {
		return MaxMarkdown
	}
	return MaxYAML
}

// parseRead is parseFile with the file's bytes from read, called only once its size (by
// the walk) is known to be within the limit, which read reads no further than (its first
// limit+1 bytes: the file may have grown since). A size of -1 is the walk's leaving it
// to the read, which then answers tooLarge for a file larger than the limit, unread.
func parseRead(p string, pl Place, size int64, read func(limit int64) ([]byte, error)) (out parsed) {
	defer func() {
		if r := recover(); r != nil {
			out.value = nil
			out.diags.Errorf(diag.FileStart(p), "syntax", "无法解析此文件（内部错误：%v）", r)
		}
	}()
	ki, _ := InfoOf(pl.Kind)
	if ki.Opaque {
		return parsed{}
	}
	isMarkdown := ki.Markdown
	limit := sizeLimit(ki)
	if size > limit {
		out.diags.Errorf(diag.FileStart(p), "syntax", "文件过大：%s，上限为 %s", HumanSize(size), HumanSize(limit))
		return out
	}
	data, err := read(limit)
	if big, ok := err.(tooLarge); ok {
		out.diags.Errorf(diag.FileStart(p), "syntax", "文件过大：%s，上限为 %s", HumanSize(int64(big)), HumanSize(limit))
		return out
	}
	if err != nil {
		out.diags.Errorf(diag.FileStart(p), "syntax", "无法读取文件：%v", err)
		return out
	}
	if int64(len(data)) > limit { // grown since the walk: read no further
		out.diags.Errorf(diag.FileStart(p), "syntax", "文件过大：超过上限 %s", HumanSize(limit))
		return out
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	yamlData, lineOffset := data, 0
	var body []byte
	bodyLine := 0
	var frontErr error
	if isMarkdown {
		front, b, bl, err := splitFrontMatter(data) // cuts at lines of ASCII: the text need not be UTF-8
		if err != nil {
			frontErr = err
		} else {
			yamlData, body, bodyLine, lineOffset = front, b, bl, 1
		}
	}
	// The YAML's bytes are checked as UTF-8 by quickBytes on its way, the body's by
	// validUTF8: each byte once (the lines between them are ASCII; without them, the YAML
	// is the whole file). A file that fails either is read whole for its first bad byte,
	// which is all it is told.
	counts, quick := quickBytes(yamlData)
	if !quick && !validUTF8(yamlData) || !validUTF8(body) {
		if line, col, bad := firstInvalidUTF8(data); bad {
			out.diags.Errorf(diag.Pos{File: p, Line: line, Col: col}, "syntax", "文件不是有效的 UTF-8 编码（此处有无效字节）；请用 UTF-8 保存")
			return out
		}
	}
	if frontErr != nil {
		out.diags.Errorf(diag.FileStart(p), "syntax", "%s", frontErr)
		return out
	}
	if isMarkdown {
		if line, marks := crowdedParagraph(body); line > 0 {
			out.diags.Errorf(diag.Pos{File: p, Line: bodyLine + line - 1, Col: 1}, "syntax",
				"这一段的 Markdown 标记（* _ ~ [ ] ( )）过多：%d 个，每段至多 %d 个；如此密集的标记会让检查和生成极慢，所以未读取正文。请分段（空一行）或删去多余的符号", marks, MaxInlineMarks)
			body = nil // the front matter still counts; the body is neither parsed nor published
		} else if line, depth := deepLine(body); line > 0 {
			out.diags.Errorf(diag.Pos{File: p, Line: bodyLine + line - 1, Col: 1}, "syntax",
				"这一行嵌套了 %d 层引用或列表（> - * 1.），至多 %d 层；如此深的嵌套会让检查和生成极慢，所以未读取正文", depth, MaxNesting)
			body = nil
		} else if line, cols, rows := wideTable(body); line > 0 {
			out.diags.Errorf(diag.Pos{File: p, Line: bodyLine + line - 1, Col: 1}, "syntax",
				"这个表格有 %d 列、%d 行，共 %d 个单元格，至多 %d 个；如此大的表格会让生成极慢、网页极大，所以未读取正文。请拆成几个小表格，或改用文字说明", cols, rows, cols*rows, MaxTableCells)
			body = nil
		}
	}
	v := newValue(pl)
	if v == nil {
		return out
	}
	decode := func(root *yaml.Node) { // keeps no node (quickYAML cuts the next file's from the same slabs)
		d := newDecoder(p, lineOffset, &out.diags, len(yamlData), fileTypes)
		d.decode(root, reflect.ValueOf(v).Elem(), fileLabel(pl.Kind))
	}
	var quickCounted *quickCounts // quickBytes's, for quickYAML, when it took the text
	if quick {
		quickCounted = &counts
	}
	if !parseYAML(p, yamlData, lineOffset, &out.diags, quickCounted, decode) {
		return out
	}
	setOrigin(v, p, pl, string(body), bodyLine)
	out.value = v
	return out
}

// parseYAML parses one YAML document and gives its root node to use, reporting syntax
// problems; false when there was no root to give. quick, when not nil, is what quickBytes
// counted of data, which it took: the text may then go to quickYAML's parser.
func parseYAML(p string, data []byte, lineOffset int, diags *diag.List, quick *quickCounts, use func(root *yaml.Node)) bool {
	if line, col, found := tabIndent(data); found {
		diags.Errorf(diag.Pos{File: p, Line: line + lineOffset, Col: col}, "syntax", "缩进里有制表符（Tab）；YAML 只能用空格缩进")
		return false
	}
	if line, found := deepIndent(data); found {
		diags.Errorf(diag.Pos{File: p, Line: line + lineOffset, Col: MaxIndent + 1}, "syntax", "这一行缩进超过 %d 个空格；内容文件只有几层嵌套，如此深的缩进会让解析极慢", MaxIndent)
		return false
	}
	if line, col, msg, found := typingSlip(data, false); found {
		diags.Errorf(diag.Pos{File: p, Line: line + lineOffset, Col: col}, "syntax", "%s", fileLines(msg, lineOffset))
		return false
	}
	if quick != nil && quickParse(data, *quick, use) { // most content files: the same nodes, much sooner
		return true
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if line, col, msg, found := typingSlip(data, true); found {
			diags.Errorf(diag.Pos{File: p, Line: line + lineOffset, Col: col}, "syntax", "%s", fileLines(msg, lineOffset))
			return false
		}
		if errors.Is(err, errEOF) || len(bytes.TrimSpace(data)) == 0 {
			diags.Errorf(diag.Pos{File: p, Line: 1 + lineOffset, Col: 1}, "syntax", "文件为空：缺少必填内容")
			return false
		}
		line, msg := yamlSyntaxError(err)
		diags.Errorf(diag.Pos{File: p, Line: line + lineOffset, Col: 1}, "syntax", "YAML 格式错误：%s", msg)
		return false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		diags.Errorf(diag.Pos{File: p, Line: extra.Line + lineOffset, Col: 1}, "syntax", "一个文件只能有一个 YAML 文档（此处又以 --- 开始了一个）")
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		use(doc.Content[0])
		return true
	}
	diags.Errorf(diag.Pos{File: p, Line: 1 + lineOffset, Col: 1}, "syntax", "文件为空：缺少必填内容")
	return false
}

// HumanSize is n bytes in KiB or MiB, rounded up: a file over a limit never reads as the
// limit itself.
func HumanSize(n int64) string {
	if n >= 1<<20 {
		const mib = 1 << 20
		tenths := n/mib*10 + (n%mib*10+mib-1)/mib // in two parts: n*10 may overflow
		return strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10) + " MiB"
	}
	return strconv.FormatInt((n+1023)/1024, 10) + " KiB"
}

// firstInvalidUTF8 finds the first byte that is not valid UTF-8.
func firstInvalidUTF8(data []byte) (line, col int, bad bool) {
	if validUTF8(data) {
		return 0, 0, false
	}
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col, true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col, true
}

// validUTF8 is utf8.Valid, sooner on text mostly in Chinese: a character of three bytes
// whose lead is neither E0 nor ED (whose second bytes are bounded) is valid with any two
// continuation bytes, which is tested without utf8's tables; every other character goes
// to utf8.DecodeRune. Loading the 10,000-result synthetic tree, utf8.Valid was an eighth
// of the instructions.
func validUTF8(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c < utf8.RuneSelf:
			i++
		case c >= 0xE1 && c <= 0xEF && c != 0xED:
			if i+2 >= len(data) || data[i+1]&0xC0 != 0x80 || data[i+2]&0xC0 != 0x80 {
				return false
			}
			i += 3
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				return false
			}
			i += size
		}
	}
	return true
}

// MaxIndent is the deepest indentation a YAML line may have. The contract's files nest a
// few levels; the YAML parser slows with depth (a 4.5 MB file nested 3,000 levels took
// seconds), so that a 32 MiB file could take minutes.
const MaxIndent = 128

// deepIndent finds a line indented by more than MaxIndent spaces.
func deepIndent(data []byte) (line int, found bool) {
	line = 1
	for len(data) > 0 {
		l, rest, _ := cutLine(data)
		if len(l) > MaxIndent && len(bytes.TrimLeft(l[:MaxIndent+1], " ")) == 0 {
			return line, true
		}
		data = rest
		line++
	}
	return 0, false
}

// tabIndent finds a tab inside a line's leading whitespace.
func tabIndent(data []byte) (line, col int, found bool) {
	line = 1
	for len(data) > 0 {
		l, rest, _ := cutLine(data)
		for i, c := range l {
			if c == '\t' {
				return line, i + 1, true
			}
			if c != ' ' {
				break
			}
		}
		data = rest
		line++
	}
	return 0, 0, false
}

// add files a decoded value into the tree. What the path alone says holds whether or not
// the file could be read: its year exists and a registry's path is recorded; a file that
// is read but gave no value is marked broken.
func (t *Tree) add(p string, pl Place, v any) {
	ki, _ := InfoOf(pl.Kind)
	if pl.Year != 0 {
		t.year(pl.Year, true)
	}
	if ki.file != nil {
		*ki.file(t) = p
	}
	switch {
	case v == nil && !ki.Opaque:
		t.Broken[p] = true
	case v != nil && ki.add != nil:
		ki.add(t, p, pl, v)
	}
}

func dropNil[T any](list []*T) []*T {
	out := list[:0]
	for _, x := range list {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}

// year returns the Year for y, creating it when create is set.
func (t *Tree) year(y int, create bool) *Year {
	for _, yr := range t.Years {
		if yr.Year == y {
			return yr
		}
	}
	if !create {
		return nil
	}
	yr := &Year{Year: y, Dir: "content/" + strconv.Itoa(y)}
	t.Years = append(t.Years, yr)
	return yr
}

func (t *Tree) sort() {
	sort.Slice(t.Years, func(i, j int) bool { return t.Years[i].Year < t.Years[j].Year })
	sort.Slice(t.Pages, func(i, j int) bool {
		if t.Pages[i].Weight != t.Pages[j].Weight {
			return t.Pages[i].Weight < t.Pages[j].Weight
		}
		return t.Pages[i].Slug < t.Pages[j].Slug
	})
	for _, y := range t.Years {
		sort.Slice(y.Submissions, func(i, j int) bool { return y.Submissions[i].ID() < y.Submissions[j].ID() })
		sort.Slice(y.Commendations, func(i, j int) bool { return y.Commendations[i].File < y.Commendations[j].File })
		sort.Slice(y.Reviews, func(i, j int) bool { return y.Reviews[i].Expert < y.Reviews[j].Expert })
		sort.Slice(y.Cases, func(i, j int) bool { return y.Cases[i].Slug < y.Cases[j].Slug })
		sort.Slice(y.Bulletins, func(i, j int) bool {
			if y.Bulletins[i].Issue != y.Bulletins[j].Issue {
				return y.Bulletins[i].Issue < y.Bulletins[j].Issue
			}
			return y.Bulletins[i].Slug < y.Bulletins[j].Slug
		})
	}
}
