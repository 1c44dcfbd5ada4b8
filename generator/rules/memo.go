package rules

import (
	"path"
	"sort"
	"strconv"
	"sync"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/digest"
)

// Memo keeps what the rules found in one run for the runs that follow (wuxiao build
// --cache keeps it in its cache), each part under a key of everything it was found from:
//
//   - a one-file rule's findings on a file (Reach ReachFile), by the file's path and the
//     digest of its bytes (package digest);
//   - the findings of the rules that read the whole tree but no file's bytes and no
//     free text (see blank), by a hash of every file's path (not its size: a title
//     grown by a character keeps them), the digest of
//     every file but a submission, and of each submission the hash of its parse with
//     the free text blanked (its shape, kept by the file's digest);
//   - the findings of the rules that read Context.Failing, by that hash and the files
//     that fail.
//
// Every key also holds the memo's version, the day that counts as today and the rules
// run (names, reach and kind); the program itself is the cache's (a build's cache folder
// is named by the program's hash). The slow rules and those that read files' bytes
// (Rule.ReadsFiles) run every time. A Memo is used by one run at a time.
type Memo struct {
	mu      sync.Mutex
	global  string // memoVersion, the day and the rules the entries were found under
	files   map[string]fileMemo
	tree    groupMemo
	failing groupMemo
}

// memoVersion begins every memo and its keys: a memo of another format is empty.
const memoVersion = "wuxiao rules memo v1"

// fileMemo is what the memo keeps of one file.
type fileMemo struct {
	sum      [32]byte
	found    []diag.Diagnostic // by the one-file rules, in the file
	shape    [32]byte          // of a submission: see blankSubmission
	hasShape bool
}

// groupMemo is the findings of a group of rules over the whole tree, by key.
type groupMemo struct {
	key   [32]byte
	ok    bool
	found []diag.Diagnostic
}

// NewMemo returns an empty memo.
func NewMemo() *Memo { return &Memo{files: map[string]fileMemo{}} }

// memoGlobal is the part of every key that is the same for all files: the version, the
// day and the rules run.
func memoGlobal(now content.Date, rules []Rule) string {
	g := memoVersion + "\x00" + now.Format("2006-01-02") + "\x00"
	for _, r := range rules {
		g += r.Name + ":" + strconv.Itoa(int(r.Reach)) + strconv.FormatBool(r.Slow) + strconv.FormatBool(r.ReadsFailing) + strconv.FormatBool(r.ReadsFiles) + "\x00"
	}
	return g
}

// RunMemo is Run remembering in memo (nil for none) what the rules found, and taking
// from it what they found before on the same input. sums holds the digest of the bytes
// of each file as loaded; without the sum of every file the loader parses (a .md or
// .yaml file under content/), memo is neither read nor changed. It returns how many
// parts (files' one-file findings and groups of rules) came from the memo. The findings
// are those of Run, in another order (diag.List.Sort orders them).
func RunMemo(tree *content.Tree, now content.Date, rules []Rule, sums map[string][32]byte, memo *Memo, out *diag.List) int {
	reused, _ := runMemo(tree, now, rules, sums, memo, out, nil, false)
	return reused
}

// RunBackground is RunMemo for a check behind a foreground that must stay quick (wuxiao
// serve's full check after its quick one): the rules run one after another on one
// goroutine, a slow rule on one core too, so that another core stays free, and they stop
// once done is closed. It reports whether every rule ran; if not, out holds a part and
// the memo is as it was.
func RunBackground(done <-chan struct{}, tree *content.Tree, now content.Date, rules []Rule, sums map[string][32]byte, memo *Memo, out *diag.List) bool {
	_, complete := runMemo(tree, now, rules, sums, memo, out, done, true)
	return complete
}

// runMemo is RunMemo, or RunBackground when background is set.
func runMemo(tree *content.Tree, now content.Date, rules []Rule, sums map[string][32]byte, memo *Memo, out *diag.List, done <-chan struct{}, background bool) (reused int, complete bool) {
	stopped := func() bool {
		select {
		case <-done:
			return true
		default:
			return false
		}
	}
	if memo != nil && !sumsCover(tree, sums) {
		memo = nil
	}
	if memo != nil {
		memo.mu.Lock() // a full check of serve may still be stopping while the next starts
		defer memo.mu.Unlock()
		if g := memoGlobal(now, rules); memo.global != g {
			memo.global, memo.files, memo.tree, memo.failing = g, map[string]fileMemo{}, groupMemo{}, groupMemo{}
		}
	}
	var perFile, shaped, always, last []Rule
	for _, r := range rules {
		switch {
		case r.ReadsFailing:
			last = append(last, r)
		case r.Slow || r.ReadsFiles:
			always = append(always, r)
		case r.Reach == ReachFile:
			perFile = append(perFile, r)
		default:
			shaped = append(shaped, r)
		}
	}

	// The one-file rules run over a tree of the files the memo does not answer for.
	var parsed []string
	var kept []diag.Diagnostic
	found := map[string][]diag.Diagnostic{} // by file, of the one-file rules
	missed := map[string]bool{}
	forEachParsed(tree, func(file string) {
		parsed = append(parsed, file)
		if memo != nil {
			if e, ok := memo.files[file]; ok && e.sum == sums[file] {
				kept = append(kept, e.found...)
				found[file] = e.found
				reused++
				return
			}
		}
		missed[file] = true
	})

	// The tree rules run over the tree with its free text blanked (blank), unless the
	// memo answers for them.
	var treeKey [32]byte
	var shapes map[string][32]byte
	if memo != nil {
		shapes = memo.shapes(tree, sums)
		treeKey = memo.treeKey(tree, sums, shapes)
	}
	treeHit := memo != nil && memo.tree.ok && memo.tree.key == treeKey
	blankTree := sync.OnceValue(func() *content.Tree { return blank(tree) })
	// Each tree is indexed once, its rules sharing the Index (it is read only): at 100,000
	// results an index is about 12 MB, and each group's own were live at once.
	wholeIndex := sync.OnceValue(func() *content.Index { return content.NewIndex(tree) })
	blankIndex := sync.OnceValue(func() *content.Index { return content.NewIndex(blankTree()) })

	type job struct {
		tree  func() *content.Tree
		index func(*content.Tree) *content.Index
		rules []Rule
		found []diag.List
	}
	wholeJob := func(rules []Rule) *job {
		return &job{tree: func() *content.Tree { return tree }, index: func(*content.Tree) *content.Index { return wholeIndex() }, rules: rules}
	}
	fileJob := &job{tree: func() *content.Tree { return subTree(tree, missed) }, index: content.NewIndex}
	if len(missed) == len(parsed) { // every file missed: the whole tree, as the memo holds nothing of it
		fileJob = wholeJob(nil)
	}
	if len(missed) > 0 {
		fileJob.rules = perFile
	}
	treeJob := &job{tree: blankTree, index: func(*content.Tree) *content.Index { return blankIndex() }}
	if !treeHit {
		treeJob.rules = shaped
	}
	jobs := []*job{wholeJob(always), fileJob, treeJob}
	var wg sync.WaitGroup
	for _, j := range jobs {
		if len(j.rules) == 0 {
			continue
		}
		j.found = make([]diag.List, len(j.rules))
		if background {
			t := j.tree()
			ctx := &Context{Tree: t, Now: now, Index: j.index(t), Done: done, Workers: 1}
			for i, r := range j.rules {
				if stopped() {
					return reused, false
				}
				r.Check(ctx, &j.found[i])
			}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := j.tree()
			ctx := &Context{Tree: t, Now: now, Index: j.index(t)}
			var rg sync.WaitGroup
			for i, r := range j.rules {
				rg.Add(1)
				go func() {
					defer rg.Done()
					r.Check(ctx, &j.found[i])
				}()
			}
			rg.Wait()
		}()
	}
	wg.Wait()
	for _, j := range jobs {
		for i := range j.found {
			out.Append(&j.found[i])
		}
	}
	for _, d := range kept {
		out.Add(d)
	}
	if treeHit {
		reused++
		for _, d := range memo.tree.found {
			out.Add(d)
		}
	}

	// Remember what was found anew (not a part: the slow rule may have stopped early).
	if stopped() {
		return reused, false
	}
	if memo != nil {
		stray := false
		for i := range fileJob.found {
			for _, d := range fileJob.found[i].Items() {
				if !missed[d.Pos.File] {
					stray = true // a one-file rule found something outside its file: not kept by file
				}
				found[d.Pos.File] = append(found[d.Pos.File], d)
			}
		}
		memo.files = make(map[string]fileMemo, len(parsed))
		if !stray {
			for _, f := range parsed {
				e := fileMemo{sum: sums[f], found: found[f]}
				e.shape, e.hasShape = shapes[f]
				memo.files[f] = e
			}
		}
		if !treeHit {
			memo.tree = groupMemo{key: treeKey, ok: true}
			for i := range treeJob.found {
				memo.tree.found = append(memo.tree.found, treeJob.found[i].Items()...)
			}
		}
	}

	// The rules that read Context.Failing, last.
	if len(last) == 0 {
		return reused, !stopped()
	}
	failing := out.FilesWithErrors()
	var lastKey [32]byte
	onBlank := true // as the tree rules, unless one of them reads what blank leaves out
	for _, r := range last {
		onBlank = onBlank && !r.Slow && !r.ReadsFiles
	}
	memoLast := memo != nil && onBlank
	if memoLast {
		lastKey = failingKey(treeKey, failing)
		if memo.failing.ok && memo.failing.key == lastKey {
			for _, d := range memo.failing.found {
				out.Add(d)
			}
			return reused + 1, !stopped()
		}
	}
	t, ix := tree, wholeIndex
	if onBlank {
		t, ix = blankTree(), blankIndex
	}
	ctx := &Context{Tree: t, Now: now, Failing: failing, Index: ix()}
	if background {
		ctx.Done, ctx.Workers = done, 1
	}
	var lastFound diag.List
	for _, r := range last {
		if background && stopped() {
			return reused, false
		}
		r.Check(ctx, &lastFound)
	}
	out.Append(&lastFound)
	if stopped() {
		return reused, false
	}
	if memoLast {
		memo.failing = groupMemo{key: lastKey, ok: true, found: lastFound.Items()}
	}
	return reused, true
}

// sumsCover tells whether sums holds every file the loader parses.
func sumsCover(tree *content.Tree, sums map[string][32]byte) bool {
	for f := range tree.Files {
		switch path.Ext(f) {
		case ".md", ".yaml", ".yml":
			if _, ok := sums[f]; !ok {
				return false
			}
		}
	}
	return true
}

// shapes is the shape of each submission of tree (shapeOf): kept in the memo while its
// file's bytes are the same, found anew for the others.
func (m *Memo) shapes(tree *content.Tree, sums map[string][32]byte) map[string][32]byte {
	shapes := map[string][32]byte{}
	for _, y := range tree.Years {
		for _, s := range y.Submissions {
			if e, ok := m.files[s.File]; ok && e.hasShape && e.sum == sums[s.File] {
				shapes[s.File] = e.shape
			} else {
				shapes[s.File] = shapeOf(s)
			}
		}
	}
	return shapes
}

// treeKey hashes what the tree rules read: every file's path, the digest of every file
// but a submission, each submission's shape, the broken and refused paths. Not the
// files' sizes: only the rules that read files (Rule.ReadsFiles) read them.
func (m *Memo) treeKey(tree *content.Tree, sums map[string][32]byte, shapes map[string][32]byte) [32]byte {
	names := make([]string, 0, len(tree.Files))
	for f := range tree.Files {
		names = append(names, f)
	}
	sort.Strings(names)
	h := digest.New()
	h.Write([]byte(m.global))
	var buf []byte
	for _, f := range names {
		buf = append(buf[:0], f...)
		buf = append(buf, 0)
		if s, ok := shapes[f]; ok {
			buf = append(buf, 's')
			buf = append(buf, s[:]...)
		} else if s, ok := sums[f]; ok {
			buf = append(buf, 'f')
			buf = append(buf, s[:]...)
		}
		if tree.Broken[f] {
			buf = append(buf, 'b')
		}
		buf = append(buf, '\n')
		h.Write(buf)
	}
	for _, set := range []map[string]bool{tree.Broken, tree.Refused} {
		h.Write([]byte("\x00set\n"))
		for _, f := range sortedKeys(set) {
			h.Write([]byte(f + "\n"))
		}
	}
	h.Write([]byte(tree.UnitsFile + "\x00" + tree.ExpertsFile + "\x00" + tree.BannedFile + "\x00" + tree.ClearedFile))
	var key [32]byte
	h.Sum(key[:0])
	return key
}

// failingKey is the key of the rules that read Context.Failing.
func failingKey(treeKey [32]byte, failing map[string]bool) [32]byte {
	h := digest.New()
	h.Write(treeKey[:])
	for _, f := range sortedKeys(failing) {
		h.Write([]byte(f + "\n"))
	}
	var key [32]byte
	h.Sum(key[:0])
	return key
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		if v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
