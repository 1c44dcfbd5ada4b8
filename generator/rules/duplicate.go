package rules

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"wuxiao/generator/content"
	"wuxiao/generator/dedup"
	"wuxiao/generator/diag"
	"wuxiao/generator/digest"
)

// checkDuplicate refuses results declared twice (重复申报) or taken from someone else
// (冒用、盗用他人成果) [六(三)], comparing every submission of every year with every other
// through the wording tricks of rule duplicate, without a fingerprint cache.
func checkDuplicate(ctx *Context, out *diag.List) { reportDuplicates(ctx, out, DuplicateOptions{}) }

// Duplicate is rule duplicate keeping its fingerprint cache in cache (nil for none).
func Duplicate(cache dedup.Store) Rule { return DuplicateMemo(cache, nil, nil) }

// DuplicateMemo is Duplicate remembering besides in memo (nil for none) what each run
// compared, so that the next run over a tree that changed little aligns only what is new:
// wuxiao serve keeps one for its full checks, wuxiao build --cache one between builds,
// with the hashes of the files as loaded (sums; nil for none), by which the memo knows
// the submissions' texts.
func DuplicateMemo(cache dedup.Store, memo *dedup.Memo, sums map[string][32]byte) Rule {
	opt := DuplicateOptions{Cache: cache, Memo: memo, Sums: sums}
	return Rule{Name: "duplicate", Slow: true, Check: func(ctx *Context, out *diag.List) { reportDuplicates(ctx, out, opt) }}
}

// WithDedupCache returns rules with rule duplicate keeping its cache in cache (nil for none).
func WithDedupCache(rules []Rule, cache dedup.Store) []Rule {
	rules = slices.Clone(rules)
	for i := range rules {
		if rules[i].Name == "duplicate" {
			rules[i] = Duplicate(cache)
		}
	}
	return rules
}

// DuplicatePair is a later submission that copies text of an earlier one.
type DuplicatePair struct {
	Later, Earlier *content.Submission
	Ratio          float64 // share of Later's text found in Earlier: the copy ratio
	RatioEarlier   float64 // share of Earlier's text found in Later
	Longest        int     // characters of the longest shared passage
	Kind           string  // 重复申报 when units or authors overlap, else 疑似冒用
	Awarded        bool    // Earlier was awarded in an earlier year
	Cleared        *content.Cleared
	Passages       []SharedPassage // in the order of Later's text
}

// SharedPassage is one passage of a DuplicatePair, in both files.
type SharedPassage struct {
	Later, Earlier PassageText
}

// PassageText is where a passage stands in one submission file, and its text there.
type PassageText struct {
	Pos  diag.Pos
	Text string
}

// DuplicateOptions select what FindDuplicates reports.
type DuplicateOptions struct {
	MinRatio float64     // least copy ratio of the later submission; 0: the lowest warn threshold of the years
	Cache    dedup.Store // fingerprint cache (nil for none)
	Memo     *dedup.Memo // what the last run compared, in memory (nil for none)
	// Sums, when not nil, holds the digests of the files as loaded: a submission's text
	// is known to Memo by its file's (textKey), not hashed again.
	Sums map[string][32]byte
	// Done and Workers: see dedup.Options.
	Done    <-chan struct{}
	Workers int
}

// FindDuplicates compares the title, summary and body of every submission of every year
// and returns the pairs whose later submission (later year, then later submitted date)
// copies at least opt.MinRatio of its text from the earlier one, sorted by the later one's
// file. A non-nil error tells only that the cache could not be used.
func FindDuplicates(tree *content.Tree, opt DuplicateOptions) ([]DuplicatePair, error) {
	var subs []*content.Submission
	for _, y := range tree.Years {
		subs = append(subs, y.Submissions...)
	}
	sortByAge(subs)
	if opt.MinRatio <= 0 {
		opt.MinRatio = 1
		for _, y := range tree.Years {
			_, warn := y.Competition.DuplicateThresholds()
			opt.MinRatio = min(opt.MinRatio, max(warn, 0.01))
		}
	}
	docs := make([]dedup.Doc, len(subs))
	texts := make([]subText, len(subs))
	for i, s := range subs {
		texts[i] = newSubText(s)
		docs[i] = dedup.Doc{ID: s.GlobalID(), Parts: texts[i].parts()}
		if sum, ok := opt.Sums[s.File]; ok {
			docs[i].Key = textKey(s.File, sum)
		}
	}
	pairs, err := dedup.Find(docs, dedup.Options{MinRatio: opt.MinRatio, Cache: opt.Cache, Memo: opt.Memo, Done: opt.Done, Workers: opt.Workers})
	if pairs == nil && err != nil {
		return nil, err
	}
	awarded := map[string]bool{}
	for _, y := range tree.Years {
		if y.Results.Public() {
			for _, a := range y.Results.Awards {
				awarded[itoa(y.Year)+"/"+a.Submission] = true
			}
		}
	}
	cleared := map[[2]string]*content.Cleared{}
	for _, c := range tree.Cleared {
		cleared[[2]string{c.A, c.B}] = c
		cleared[[2]string{c.B, c.A}] = c
	}
	var out []DuplicatePair
	for _, p := range pairs {
		if p.CoverB < opt.MinRatio {
			continue
		}
		later, earlier := subs[p.B], subs[p.A]
		d := DuplicatePair{
			Later: later, Earlier: earlier, Ratio: p.CoverB, RatioEarlier: p.CoverA, Longest: p.Longest,
			Kind:    "疑似冒用",
			Awarded: earlier.Year < later.Year && awarded[earlier.GlobalID()],
			Cleared: cleared[[2]string{later.GlobalID(), earlier.GlobalID()}],
		}
		if later.Unit == earlier.Unit || shareAuthor(later, earlier) {
			d.Kind = "重复申报"
		}
		for _, ps := range p.Passages {
			d.Passages = append(d.Passages, SharedPassage{
				Later:   texts[p.B].passage(ps.BStart, ps.BEnd),
				Earlier: texts[p.A].passage(ps.AStart, ps.AEnd),
			})
		}
		out = append(out, d)
	}
	slices.SortStableFunc(out, func(a, b DuplicatePair) int {
		return cmp.Or(strings.Compare(a.Later.File, b.Later.File), cmp.Compare(b.Ratio, a.Ratio), strings.Compare(a.Earlier.File, b.Earlier.File))
	})
	return out, err
}

// reportDuplicates reports every pair at its later submission's warn threshold or more,
// except the pairs the city cleared.
func reportDuplicates(ctx *Context, out *diag.List, opt DuplicateOptions) {
	reportProofReuse(ctx, out)
	opt.Done, opt.Workers = ctx.Done, ctx.Workers
	pairs, _ := FindDuplicates(ctx.Tree, opt) // a cache failure only costs time; a stopped run is thrown away
	years := map[int]*content.Year{}
	for _, y := range ctx.Tree.Years {
		years[y.Year] = y
	}
	for _, d := range pairs {
		if d.Cleared != nil || len(d.Passages) == 0 {
			continue
		}
		errRatio, warnRatio := years[d.Later.Year].Competition.DuplicateThresholds()
		first := d.Passages[0]
		where := "首个相同段落“" + clip(oneLine(first.Later.Text), 24) + "”"
		pct := func(r float64) string { return itoa(int(r*100+1e-9)) + "%" }
		// The finding sits at the later submission's passage and names the earlier one's.
		add := func(sev diag.Severity, format string, args ...any) {
			out.Add(diag.Diagnostic{Pos: first.Later.Pos, Rule: "duplicate", Severity: sev, Msg: fmt.Sprintf(format, args...), Related: first.Earlier.Pos})
		}
		switch {
		case d.Awarded && d.Ratio >= warnRatio:
			add(diag.Error, "%s：本成果 %s 的文字与 %d 年已获奖成果 %s 相同（复制已获奖成果达到 %s 即为错误），最长相同段落 %d 字，%s",
				d.Kind, pct(d.Ratio), d.Earlier.Year, d.Earlier.File, pct(warnRatio), d.Longest, where)
		case d.Ratio >= errRatio:
			add(diag.Error, "%s：本成果 %s 的文字与 %s 相同（错误阈值 %s），最长相同段落 %d 字，%s",
				d.Kind, pct(d.Ratio), d.Earlier.File, pct(errRatio), d.Longest, where)
		case d.Ratio >= warnRatio:
			add(diag.Warning, "%s：本成果 %s 的文字与 %s 相同（警告阈值 %s），最长相同段落 %d 字，%s；审查后如不属重复，请登记在 content/cleared.yaml",
				d.Kind, pct(d.Ratio), d.Earlier.File, pct(warnRatio), d.Longest, where)
		}
	}
}

// textKey names the text of submission file f whose bytes hash to sum (dedup.Doc.Key):
// its title, summary and body are made of those bytes alone.
func textKey(f string, sum [32]byte) [16]byte {
	h := digest.Sum(append([]byte("wuxiao submission text\x00"+f+"\x00"), sum[:]...))
	return [16]byte(h[:16])
}

func shareAuthor(a, b *content.Submission) bool {
	for _, x := range a.Authors {
		for _, y := range b.Authors {
			if name := dedup.FoldName(x.Name); name != "" && name == dedup.FoldName(y.Name) {
				return true
			}
		}
	}
	return false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// subText is the compared text of a submission, title, summary and body joined by
// newlines (as dedup.Doc's parts: the text itself is not made), with the positions they
// came from.
type subText struct {
	sub     *content.Submission
	summary int // byte offset of the summary in the text
	body    int // and of the body
}

func newSubText(s *content.Submission) subText {
	t := subText{sub: s}
	t.summary = len(s.Title) + 1
	t.body = t.summary + len(s.Summary) + 1
	return t
}

// parts are the text's parts, for dedup.Doc.
func (t subText) parts() []string { return []string{t.sub.Title, t.sub.Summary, t.sub.Body} }

// slice is bytes [from, to) of the text: of one part, or (a passage across a newline)
// of the text joined.
func (t subText) slice(from, to int) string {
	s := t.sub
	for _, p := range [...]struct {
		at int
		s  string
	}{{0, s.Title}, {t.summary, s.Summary}, {t.body, s.Body}} {
		if from >= p.at && to <= p.at+len(p.s) {
			return p.s[from-p.at : to-p.at]
		}
	}
	return strings.Join(t.parts(), "\n")[from:to]
}

// passage returns the position of byte offset from in the submission file and the text
// of [from, to).
func (t subText) passage(from, to int) PassageText {
	pt := PassageText{Text: t.slice(from, to)}
	switch s := t.sub; {
	case from < t.summary:
		pt.Pos = s.Pos.At("title")
		pt.Pos.Col += utf8.RuneCountInString(t.slice(0, from))
	case from < t.body:
		pt.Pos = s.Pos.At("summary")
		pt.Pos.Col += utf8.RuneCountInString(t.slice(t.summary, from))
	default:
		before := t.slice(t.body, from)
		lineStart := strings.LastIndexByte(before, '\n') + 1
		pt.Pos = diag.Pos{File: s.File, Line: s.BodyLine + strings.Count(before, "\n"), Col: utf8.RuneCountInString(before[lineStart:]) + 1}
	}
	if pt.Pos.File == "" {
		pt.Pos.File = t.sub.File
	}
	return pt
}

// sortByAge orders submissions as rule duplicate judges them, older first: by year, then
// submitted date, then GlobalID (equal ones kept in their order), each key made once
// rather than at every comparison. It sorts the positions, not the submissions: moving
// pointers costs the collector's write barriers while it marks (twice the time).
func sortByAge(subs []*content.Submission) {
	type key struct {
		year int
		at   time.Time
		id   string
	}
	keys, order := make([]key, len(subs)), make([]int32, len(subs))
	for i, s := range subs {
		keys[i], order[i] = key{s.Year, s.Submitted.Time, s.GlobalID()}, int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ka, kb := &keys[a], &keys[b]
		return cmp.Or(cmp.Compare(ka.year, kb.year), ka.at.Compare(kb.at), strings.Compare(ka.id, kb.id), cmp.Compare(a, b))
	})
	was := slices.Clone(subs)
	for i, at := range order {
		subs[i] = was[at]
	}
}
