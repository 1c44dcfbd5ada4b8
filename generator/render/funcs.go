package render

import (
	"html/template"
	"strconv"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/urls"
)

// funcs are the helpers templates may call.
func (r *renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"cndate":   cnDate,
		"cnday":    func(iso string) string { d, _ := content.ParseDate(iso); return cnDate(d) },
		"mdate":    func(d content.Date) string { return strings.TrimPrefix(cnDate(d), strconv.Itoa(d.Year())+"年") },
		"num":      formatNumber,
		"wan":      func(v float64) string { return formatNumber(v) + " 万元" },
		"pct":      func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "%" },
		"facetURL": facetURL,
		"awardID":  urls.ValueID,
		"join":     strings.Join,
		"authors":  authorNames,
		"add":      func(a, b int) int { return a + b },
		"itoa":     itoa,
		"proposed": r.proposed.count,
	}
}

// cnDate writes a date the way official documents do: 2023年9月10日.
func cnDate(d content.Date) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Year()) + "年" + strconv.Itoa(int(d.Month())) + "月" + strconv.Itoa(d.Day()) + "日"
}

// authorNames joins the authors' names with the Chinese enumeration comma: a lone
// author's name is itself, and the names of several are copied once, into the string,
// each read in place (an Author is 104 bytes; a build asks for each result on its
// page, in its certificate, its list entries and the decision's annex).
func authorNames(as []content.Author) string {
	switch len(as) {
	case 0:
		return ""
	case 1:
		return as[0].Name
	}
	n := (len(as) - 1) * len("、")
	for i := range as {
		n += len(as[i].Name)
	}
	var b strings.Builder
	b.Grow(n)
	for i := range as {
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(as[i].Name)
	}
	return b.String()
}
