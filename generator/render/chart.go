package render

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Chart is a table of figures that is also drawn as a horizontal bar chart at build
// time, so the browser needs no chart library and the numbers stay readable as a table.
type Chart struct {
	ID      string
	Title   string
	Series  []string // one value per series in every row
	Rows    []Row
	Percent bool // values are percentages
}

// Row is one labelled line of a chart.
type Row struct {
	Label, URL string
	Values     []float64
	Note       string // shown in the table after the values, e.g. "3 / 4"
}

// Format prints a value of the chart.
func (c *Chart) Format(v float64) string {
	if c.Percent {
		return strconv.FormatFloat(v, 'f', 1, 64) + "%"
	}
	return formatNumber(v)
}

// formatNumber prints whole numbers without decimals and others with at most two.
func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// Bars draws the chart as HTML bars sized in percent: its text is the page's own text,
// so it stays readable on a phone (an SVG scales its text down with the drawing) and
// grows with the reader's chosen font size. The table beside it has the same numbers.
func (c *Chart) Bars() template.HTML {
	max := 0.0
	for _, r := range c.Rows {
		for _, v := range r.Values {
			max = math.Max(max, v)
		}
	}
	if c.Percent {
		max = 100
	}
	var b strings.Builder
	b.WriteString(`<div class="bars" role="img" aria-label="` + template.HTMLEscapeString(c.Title) + `">`)
	if len(c.Series) > 1 {
		b.WriteString(`<p class="bars-legend">`)
		for i, s := range c.Series {
			b.WriteString(`<span class="key s` + itoa(i) + `"></span>` + template.HTMLEscapeString(s) + ` `)
		}
		b.WriteString(`</p>`)
	}
	for _, r := range c.Rows {
		b.WriteString(`<div class="bar-row"><span class="bar-label">` + template.HTMLEscapeString(clip(r.Label, 12)) + `</span><span class="bar-set">`)
		for j, v := range r.Values {
			w := 0.0
			if max > 0 {
				w = math.Round(v/max*1000) / 10
			}
			b.WriteString(`<span class="bar-line"><span class="bar s` + itoa(j%2) + `" style="width:` + strconv.FormatFloat(w, 'f', -1, 64) + `%"></span><span class="bar-v">` + c.Format(v) + `</span></span>`)
		}
		b.WriteString(`</span></div>`)
	}
	b.WriteString(`</div>`)
	return template.HTML(b.String())
}

// clip shortens s to n characters with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// HasNotes tells whether the table needs a notes column.
func (c *Chart) HasNotes() bool {
	for _, r := range c.Rows {
		if r.Note != "" {
			return true
		}
	}
	return false
}
