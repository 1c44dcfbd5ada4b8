package render

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Chart is a table of figures that is also drawn as a horizontal bar chart in SVG at
// build time, so the browser needs no chart library and the numbers stay readable as a table.
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

// Chart geometry, in SVG user units; the viewBox is about a phone's width.
const (
	chartWidth  = 400
	labelWidth  = 132
	valueWidth  = 48
	barHeight   = 12
	barGap      = 3
	rowGap      = 10
	legendSpace = 22
	fontSize    = 12
)

// SVG draws the chart.
func (c *Chart) SVG() template.HTML {
	max := 0.0
	for _, r := range c.Rows {
		for _, v := range r.Values {
			max = math.Max(max, v)
		}
	}
	if c.Percent {
		max = 100
	}
	n := len(c.Series)
	rowH := n*barHeight + (n-1)*barGap + rowGap
	top := 0
	if n > 1 {
		top = legendSpace
	}
	height := top + len(c.Rows)*rowH
	var b strings.Builder
	b.WriteString(`<svg class="chart" viewBox="0 0 ` + itoa(chartWidth) + ` ` + itoa(height) + `" width="100%" role="img" aria-labelledby="` + c.ID + `-t">`)
	b.WriteString(`<title id="` + c.ID + `-t">` + template.HTMLEscapeString(c.Title) + `</title>`)
	if n > 1 {
		x := labelWidth
		for i, s := range c.Series {
			b.WriteString(`<rect class="s` + itoa(i) + `" x="` + itoa(x) + `" y="4" width="12" height="12"/>`)
			b.WriteString(`<text x="` + itoa(x+16) + `" y="14">` + template.HTMLEscapeString(s) + `</text>`)
			x += 16 + utf8.RuneCountInString(s)*fontSize + 16
		}
	}
	barArea := float64(chartWidth - labelWidth - valueWidth)
	for i, r := range c.Rows {
		y := top + i*rowH
		mid := y + (n*barHeight+(n-1)*barGap)/2 + fontSize/2 - 2
		b.WriteString(`<text class="l" x="` + itoa(labelWidth-6) + `" y="` + itoa(mid) + `">` + template.HTMLEscapeString(clip(r.Label, 10)) + `</text>`)
		for j, v := range r.Values {
			w := 0.0
			if max > 0 {
				w = v / max * barArea
			}
			by := y + j*(barHeight+barGap)
			b.WriteString(`<rect class="s` + itoa(j) + `" x="` + itoa(labelWidth) + `" y="` + itoa(by) + `" width="` + strconv.FormatFloat(math.Round(w*10)/10, 'f', -1, 64) + `" height="` + itoa(barHeight) + `"/>`)
			b.WriteString(`<text class="v" x="` + strconv.FormatFloat(float64(labelWidth)+math.Round(w*10)/10+4, 'f', -1, 64) + `" y="` + itoa(by+barHeight-2) + `">` + c.Format(v) + `</text>`)
		}
	}
	b.WriteString(`</svg>`)
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
