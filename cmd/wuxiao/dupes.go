package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"

	"wuxiao/generator"
	"wuxiao/generator/rules"
)

// dupes: wuxiao dupes [--year YEAR] [--min RATIO] [--format text|json] [--cache DIR|off] [--root DIR]
func (m *Main) dupes(args []string) int {
	fs := m.newFlags("dupes")
	var cfg generator.Config
	var opt generator.DupesOptions
	rootFlag(fs, &cfg, "包含 content/ 的目录")
	fs.IntVar(&opt.Year, "year", 0, "只列出涉及这一年成果的成对（默认所有年份）")
	fs.Float64Var(&opt.MinRatio, "min", 0.2, "列出的最低复制比：后申报成果的文字中与先申报成果相同的比例")
	format := fs.String("format", "text", "输出格式：text 或 json")
	cache := fs.String("cache", "", "指纹缓存目录（默认在用户缓存目录的 wuxiao/dedup 下；off 表示不用缓存）")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	cfg.DedupCache = cacheStore(*cache)
	if *format != "text" && *format != "json" {
		fmt.Fprintf(m.Stderr, "wuxiao dupes：未知的输出格式 %q（可选 text、json）\n", *format)
		return ExitUsage
	}
	if opt.MinRatio <= 0 || opt.MinRatio > 1 {
		fmt.Fprintln(m.Stderr, "wuxiao dupes：--min 应在 0 到 1 之间，例如 0.2")
		return ExitUsage
	}
	pairs, cacheErr, err := generator.Dupes(cfg, opt)
	if err != nil {
		return m.fail("dupes", ExitUsage, err)
	}
	if cacheErr != nil {
		fmt.Fprintf(m.Stderr, "wuxiao dupes：指纹缓存不可用（%v），本次未使用缓存\n", cacheErr)
	}
	if *format == "json" {
		err = printDupesJSON(m.Stdout, pairs)
	} else {
		err = printDupes(m.Stdout, pairs)
		if len(pairs) == 0 {
			fmt.Fprintf(m.Stderr, "没有复制比达到 %.0f%% 的成对成果。\n", opt.MinRatio*100)
		} else {
			fmt.Fprintf(m.Stderr, "共 %d 对成果的复制比达到 %.0f%%。\n", len(pairs), opt.MinRatio*100)
		}
	}
	if err != nil {
		return m.fail("dupes", ExitUsage, err)
	}
	return ExitOK
}

// printDupes writes each pair as a header line and its passages side by side, later
// submission left, earlier right, each with its line number.
func printDupes(w io.Writer, pairs []rules.DuplicatePair) error {
	const col = 40 // display width of a passage column
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%3d%%  %s  %s ← %s", int(p.Ratio*100+1e-9), p.Kind, p.Later.File, p.Earlier.File)
		var notes []string
		notes = append(notes, fmt.Sprintf("对方 %d%%", int(p.RatioEarlier*100+1e-9)), fmt.Sprintf("最长相同段落 %d 字", p.Longest))
		if p.Awarded {
			notes = append(notes, fmt.Sprintf("对方为 %d 年获奖成果", p.Earlier.Year))
		}
		if p.Cleared != nil {
			notes = append(notes, "已排除："+p.Cleared.Reason)
		}
		fmt.Fprintf(&b, "（%s）\n", strings.Join(notes, "，"))
		for _, ps := range p.Passages {
			left := fitWidth(flatten(ps.Later.Text), col)
			fmt.Fprintf(&b, "  %5d  %s  │ %5d  %s\n", ps.Later.Pos.Line, padWidth(left, col), ps.Earlier.Pos.Line, fitWidth(flatten(ps.Earlier.Text), col))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type dupeJSON struct {
	Later        dupeFile      `json:"later"`
	Earlier      dupeFile      `json:"earlier"`
	Ratio        float64       `json:"ratio"`
	RatioEarlier float64       `json:"ratio_earlier"`
	Longest      int           `json:"longest"`
	Kind         string        `json:"kind"`
	Awarded      bool          `json:"earlier_awarded"`
	Cleared      *clearedJSON  `json:"cleared,omitempty"`
	Passages     []passageJSON `json:"passages"`
}

type dupeFile struct {
	ID   string `json:"id"`
	File string `json:"file"`
}

type clearedJSON struct {
	Reason  string `json:"reason"`
	Decided string `json:"decided"`
	Doc     string `json:"doc,omitempty"`
}

type passageJSON struct {
	Later   placeJSON `json:"later"`
	Earlier placeJSON `json:"earlier"`
}

type placeJSON struct {
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Text string `json:"text"`
}

func printDupesJSON(w io.Writer, pairs []rules.DuplicatePair) error {
	out := make([]dupeJSON, 0, len(pairs))
	round := func(r float64) float64 { return float64(int(r*1000+0.5)) / 1000 }
	for _, p := range pairs {
		d := dupeJSON{
			Later:   dupeFile{p.Later.GlobalID(), p.Later.File},
			Earlier: dupeFile{p.Earlier.GlobalID(), p.Earlier.File},
			Ratio:   round(p.Ratio), RatioEarlier: round(p.RatioEarlier),
			Longest: p.Longest, Kind: p.Kind, Awarded: p.Awarded,
			Passages: []passageJSON{},
		}
		if c := p.Cleared; c != nil {
			d.Cleared = &clearedJSON{Reason: c.Reason, Decided: c.Decided.String(), Doc: c.Doc}
		}
		for _, ps := range p.Passages {
			d.Passages = append(d.Passages, passageJSON{
				Later:   placeJSON{ps.Later.Pos.Line, ps.Later.Pos.Col, ps.Later.Text},
				Earlier: placeJSON{ps.Earlier.Pos.Line, ps.Earlier.Pos.Col, ps.Earlier.Text},
			})
		}
		out = append(out, d)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// flatten puts a passage on one line.
func flatten(s string) string { return strings.Join(strings.Fields(s), " ") }

// width is the display width of r in a terminal: East Asian wide characters take two columns.
func width(r rune) int {
	if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x30FF) || (r >= 0xFF01 && r <= 0xFF60) || (r >= 0xFFE0 && r <= 0xFFE6) {
		return 2
	}
	return 1
}

// fitWidth cuts s to at most n columns, ending in "…" when cut.
func fitWidth(s string, n int) string {
	w := 0
	for i, r := range s {
		if w+width(r) > n-1 {
			rest := 0
			for _, r := range s[i:] {
				rest += width(r)
			}
			if w+rest <= n {
				return s
			}
			return s[:i] + "…"
		}
		w += width(r)
	}
	return s
}

// padWidth pads s with spaces to n columns.
func padWidth(s string, n int) string {
	w := 0
	for _, r := range s {
		w += width(r)
	}
	if w >= n {
		return s
	}
	return s + strings.Repeat(" ", n-w)
}
