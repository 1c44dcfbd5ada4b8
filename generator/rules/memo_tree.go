package rules

import (
	"encoding/binary"
	"hash"
	"math"
	"reflect"
	"sort"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/digest"
)

// forEachParsed calls f with each file of tree that has a parse (Parsed).
func forEachParsed(tree *content.Tree, f func(file string)) {
	Parsed(tree, func(file string, _ any) { f(file) })
}

// Parsed calls f with each file of tree that has a parse and its value (a registry's first
// entry, nil for none): the registries, site.yaml, the pages and every file of every year.
// A content.Cache keeps the value of a file while the file is unchanged.
func Parsed(tree *content.Tree, f func(file string, value any)) {
	if tree.Site != nil {
		f(tree.Site.File, tree.Site)
	}
	first := func(file string, n int, v func() any) {
		switch {
		case file == "":
		case n == 0:
			f(file, nil)
		default:
			f(file, v())
		}
	}
	first(tree.UnitsFile, len(tree.Units), func() any { return tree.Units[0] })
	first(tree.ExpertsFile, len(tree.Experts), func() any { return tree.Experts[0] })
	first(tree.BannedFile, len(tree.Banned), func() any { return tree.Banned[0] })
	first(tree.ClearedFile, len(tree.Cleared), func() any { return tree.Cleared[0] })
	for _, y := range tree.Years {
		if c := y.Competition; c != nil {
			f(c.File, c)
		}
		for _, c := range y.Commendations {
			f(c.File, c)
		}
		for _, s := range y.Submissions {
			f(s.File, s)
		}
		for _, r := range y.Reviews {
			f(r.File, r)
		}
		if r := y.Results; r != nil {
			f(r.File, r)
		}
		if a := y.Assignments; a != nil {
			f(a.File, a)
		}
		for _, c := range y.Cases {
			f(c.File, c)
		}
		for _, b := range y.Bulletins {
			f(b.File, b)
		}
	}
	for _, p := range tree.Pages {
		f(p.File, p)
	}
}

// subTree is tree with only the parses of the files in keep (its files, broken and
// refused paths as they are), for the one-file rules.
func subTree(tree *content.Tree, keep map[string]bool) *content.Tree {
	t := &content.Tree{FS: tree.FS, Files: tree.Files, Broken: tree.Broken, Refused: tree.Refused,
		UnitsFile: tree.UnitsFile, ExpertsFile: tree.ExpertsFile, BannedFile: tree.BannedFile, ClearedFile: tree.ClearedFile}
	if tree.Site != nil && keep[tree.Site.File] {
		t.Site = tree.Site
	}
	if keep[tree.UnitsFile] {
		t.Units = tree.Units
	}
	if keep[tree.ExpertsFile] {
		t.Experts = tree.Experts
	}
	if keep[tree.BannedFile] {
		t.Banned = tree.Banned
	}
	if keep[tree.ClearedFile] {
		t.Cleared = tree.Cleared
	}
	for _, y := range tree.Years {
		ny := &content.Year{Year: y.Year, Dir: y.Dir}
		if c := y.Competition; c != nil && keep[c.File] {
			ny.Competition = c
		}
		if r := y.Results; r != nil && keep[r.File] {
			ny.Results = r
		}
		if a := y.Assignments; a != nil && keep[a.File] {
			ny.Assignments = a
		}
		ny.Commendations = kept(y.Commendations, keep, func(c *content.Commendation) string { return c.File })
		ny.Submissions = kept(y.Submissions, keep, func(s *content.Submission) string { return s.File })
		ny.Reviews = kept(y.Reviews, keep, func(r *content.Review) string { return r.File })
		ny.Cases = kept(y.Cases, keep, func(c *content.Case) string { return c.File })
		ny.Bulletins = kept(y.Bulletins, keep, func(b *content.Bulletin) string { return b.File })
		t.Years = append(t.Years, ny)
	}
	t.Pages = kept(tree.Pages, keep, func(p *content.Page) string { return p.File })
	return t
}

func kept[T any](all []T, keep map[string]bool, file func(T) string) []T {
	var out []T
	for _, x := range all {
		if keep[file(x)] {
			out = append(out, x)
		}
	}
	return out
}

// blank is tree with each submission's free text left out (blankSubmission), and every
// file's size (the memo's key holds none): the tree
// rules (neither one-file nor slow, reading no file's bytes) run on it, so that their
// findings depend on nothing the memo's tree key leaves out.
func blank(tree *content.Tree) *content.Tree {
	t := *tree
	t.Files = make(map[string]int64, len(tree.Files)) // sizes are for the rules that read files
	for f := range tree.Files {
		t.Files[f] = 0
	}
	t.Years = make([]*content.Year, len(tree.Years))
	for i, y := range tree.Years {
		ny := *y
		ny.Submissions = make([]*content.Submission, len(y.Submissions))
		copies := make([]content.Submission, len(y.Submissions))
		for j, s := range y.Submissions {
			copies[j] = blankSubmission(s)
			ny.Submissions[j] = &copies[j]
		}
		t.Years[i] = &ny
	}
	return &t
}

// blankSubmission is s without the text a reader edits most and no tree rule reads: its
// title, summary, body, social benefit, studio and tags (their positions stay).
func blankSubmission(s *content.Submission) content.Submission {
	c := *s
	c.Title, c.Summary, c.Body, c.Benefit.Social, c.Studio, c.Tags = "", "", "", "", "", nil
	return c
}

// shapeOf hashes submission s as the tree rules see it (blankSubmission): every field,
// with the positions of each key.
func shapeOf(s *content.Submission) [32]byte {
	h := digest.New()
	c := blankSubmission(s)
	hashValue(h, reflect.ValueOf(&c).Elem(), make([]byte, 0, 64))
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

var timeType = reflect.TypeFor[time.Time]()

// hashValue writes v to h, field by field (unexported ones too), with the lengths of
// strings, slices and maps and the keys of maps in order, so that two values hash alike
// only when they are alike.
func hashValue(h hash.Hash, v reflect.Value, buf []byte) {
	buf = buf[:0]
	switch v.Kind() {
	case reflect.String:
		buf = binary.AppendUvarint(buf, uint64(v.Len()))
		h.Write(buf)
		h.Write([]byte(v.String()))
		return
	case reflect.Bool:
		if v.Bool() {
			buf = append(buf, 1)
		} else {
			buf = append(buf, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		buf = binary.AppendVarint(buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		buf = binary.AppendUvarint(buf, v.Uint())
	case reflect.Float32, reflect.Float64:
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v.Float()))
	case reflect.Struct:
		if v.Type() == timeType {
			if !v.CanInterface() { // its wall clock and its seconds, not the zone's cache
				buf = binary.AppendUvarint(buf, v.Field(0).Uint())
				buf = binary.AppendVarint(buf, v.Field(1).Int())
				break
			}
			t := v.Interface().(time.Time)
			buf = binary.AppendVarint(buf, t.Unix())
			buf = binary.AppendVarint(buf, int64(t.Nanosecond()))
			name := t.Location().String()
			buf = binary.AppendUvarint(buf, uint64(len(name)))
			buf = append(buf, name...)
			if t.IsZero() {
				buf = append(buf, 'z')
			}
			break
		}
		h.Write(buf)
		for i := range v.NumField() {
			hashValue(h, v.Field(i), buf)
		}
		return
	case reflect.Slice, reflect.Array:
		buf = binary.AppendUvarint(buf, uint64(v.Len()))
		h.Write(buf)
		for i := range v.Len() {
			hashValue(h, v.Index(i), buf)
		}
		return
	case reflect.Map:
		buf = binary.AppendUvarint(buf, uint64(v.Len()))
		h.Write(buf)
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			hashValue(h, k, buf)
			hashValue(h, v.MapIndex(k), buf)
		}
		return
	case reflect.Pointer:
		if v.IsNil() {
			buf = append(buf, 0)
			h.Write(buf)
			return
		}
		h.Write(append(buf, 1))
		hashValue(h, v.Elem(), buf)
		return
	case reflect.Interface:
		if v.IsNil() {
			buf = append(buf, 0)
			break
		}
		h.Write(append(buf, 1))
		hashValue(h, v.Elem(), buf)
		return
	default: // no such field in a submission today: its kind, at least
		buf = append(buf, v.Kind().String()...)
	}
	h.Write(buf)
}
