package render

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"slices"

	"wuxiao/generator/content"
	"wuxiao/generator/urls"
)

// feedEntries is the length of the Atom feed.
const feedEntries = 50

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title    string   `xml:"title"`
	ID       string   `xml:"id"`
	Updated  string   `xml:"updated"`
	Link     atomLink `xml:"link"`
	Category *struct {
		Term string `xml:"term,attr"`
	} `xml:"category"`
	Summary string `xml:"summary"`
	date    content.Date
}

// writeFeed writes feed.xml: the newest results, cases and bulletins. The order (newest
// first, then by address) is found from the dates and addresses alone, and only the
// entries shown are made: a site of 10,000 results made and sorted 10,000 of them.
func (r *renderer) writeFeed() error {
	s := r.site
	type candidate struct {
		date content.Date
		url  string
		kind byte // 'r'esult, 'c'ase or 'b'ulletin
		i    int  // in its list
	}
	all := make([]candidate, 0, len(s.Results)+len(s.Cases)+len(s.Bulletins))
	for i, res := range s.Results {
		d := res.Year.Phases.Award.From
		if res.Year.Notice != nil {
			d = res.Year.Notice.From
		}
		all = append(all, candidate{d, res.URL, 'r', i})
	}
	for i, c := range s.Cases {
		all = append(all, candidate{c.Date, c.URL, 'c', i})
	}
	for i, b := range s.Bulletins {
		all = append(all, candidate{b.Date, b.URL, 'b', i})
	}
	// Every entry's ID is the base URL and its address, so ordering by address orders by
	// ID; no two pages have one address, so no sort can order the entries otherwise.
	slices.SortFunc(all, func(a, b candidate) int { return cmp.Or(b.date.Compare(a.date.Time), cmp.Compare(a.url, b.url)) })
	all = all[:min(feedEntries, len(all))]
	entries := make([]atomEntry, 0, len(all))
	entry := func(title, u, summary, term string, d content.Date) {
		e := atomEntry{Title: title, ID: s.BaseURL + u, Link: atomLink{Href: s.BaseURL + u}, Summary: summary, date: d, Updated: atomDate(d)}
		e.Category = &struct {
			Term string `xml:"term,attr"`
		}{term}
		entries = append(entries, e)
	}
	for _, c := range all {
		switch c.kind {
		case 'r':
			res := s.Results[c.i]
			label := res.Year.Title + res.AwardText()
			if res.Provisional() {
				label += "，公示中"
			}
			entry(res.Title+"（"+label+"）", res.URL, res.Summary, "获奖成果", c.date)
		case 'c':
			cs := s.Cases[c.i]
			entry(cs.Title, cs.URL, cs.Summary, "典型案例", c.date)
		case 'b':
			b := s.Bulletins[c.i]
			entry(b.Title, b.URL, "工作简报第"+itoa(b.Issue)+"期", "工作简报", c.date)
		}
	}
	f := atomFeed{Title: s.Title, ID: s.BaseURL, Entries: entries,
		Links:  []atomLink{{Href: s.BaseURL}, {Href: s.BaseURL + urls.Feed, Rel: "self"}},
		Author: atomAuthor{Name: s.Title}}
	if len(s.Organizers) > 0 {
		f.Author.Name = s.Organizers[0]
	}
	f.Updated = "1970-01-01T00:00:00Z" // no dated content at all
	if len(entries) > 0 {
		f.Updated = entries[0].Updated
	}
	return r.writeXML(urls.Feed, f)
}

func atomDate(d content.Date) string {
	if d.IsZero() {
		return "1970-01-01T00:00:00Z"
	}
	return d.Format("2006-01-02") + "T00:00:00+08:00"
}

// writeSitemap lists every HTML page but the 404 page.
func (r *renderer) writeSitemap() error {
	return r.write(urls.Sitemap, appendSitemap(nil, r.site.BaseURL, r.urls))
}

// appendSitemap appends the sitemap of the pages at addresses base+u, each u of paths,
// as encoding/xml would encode it indented by a space (TestSitemapAsEncodingXML), without
// its reflection: some 2 µs a page, 20 ms a build at 10,000 results.
func appendSitemap(b []byte, base string, paths []string) []byte {
	b = append(b, xml.Header...)
	b = append(b, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`...)
	var escaped bytes.Buffer
	plainBase := plainXML(base)
	for _, u := range paths {
		b = append(b, "\n <url>\n  <loc>"...)
		if plainBase && plainXML(u) {
			b = append(append(b, base...), u...)
		} else {
			escaped.Reset()
			_ = xml.EscapeText(&escaped, []byte(base+u)) // a bytes.Buffer takes every write
			b = append(b, escaped.Bytes()...)
		}
		b = append(b, "</loc>\n </url>"...)
	}
	if len(paths) > 0 {
		b = append(b, '\n')
	}
	return append(b, "</urlset>\n"...)
}

// plainXML tells whether s is character data that encoding/xml writes as it is:
// printable ASCII but for the five characters it escapes.
func plainXML(s string) bool {
	for i := range len(s) {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7e, c == '&', c == '<', c == '>', c == '"', c == '\'':
			return false
		}
	}
	return true
}

func (r *renderer) writeXML(name string, v any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return r.write(name, buf.Bytes())
}

func (r *renderer) writeRobots() error {
	return r.write(urls.Robots, []byte("User-agent: *\nAllow: /\n\nSitemap: "+r.site.BaseURL+urls.Sitemap+"\n"))
}
