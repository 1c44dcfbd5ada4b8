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

// writeFeed writes feed.xml: the newest results, cases and bulletins.
func (r *renderer) writeFeed() error {
	s := r.site
	var entries []atomEntry
	entry := func(title, u, summary, term string, d content.Date) {
		e := atomEntry{Title: title, ID: s.BaseURL + u, Link: atomLink{Href: s.BaseURL + u}, Summary: summary, date: d, Updated: atomDate(d)}
		e.Category = &struct {
			Term string `xml:"term,attr"`
		}{term}
		entries = append(entries, e)
	}
	for _, res := range s.Results {
		d := res.Year.Phases.Award.From
		if res.Year.Notice != nil {
			d = res.Year.Notice.From
		}
		label := res.Year.Title + res.AwardText()
		if res.Provisional() {
			label += "，公示中"
		}
		entry(res.Title+"（"+label+"）", res.URL, res.Summary, "获奖成果", d)
	}
	for _, c := range s.Cases {
		entry(c.Title, c.URL, c.Summary, "典型案例", c.Date)
	}
	for _, b := range s.Bulletins {
		entry(b.Title, b.URL, "工作简报第"+itoa(b.Issue)+"期", "工作简报", b.Date)
	}
	slices.SortStableFunc(entries, func(a, b atomEntry) int { return cmp.Or(b.date.Compare(a.date.Time), cmp.Compare(a.ID, b.ID)) })
	entries = entries[:min(feedEntries, len(entries))]
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

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc string `xml:"loc"`
	} `xml:"url"`
}

// writeSitemap lists every HTML page but the 404 page.
func (r *renderer) writeSitemap() error {
	var set urlset
	for _, u := range r.urls {
		set.URLs = append(set.URLs, struct {
			Loc string `xml:"loc"`
		}{r.site.BaseURL + u})
	}
	return r.writeXML(urls.Sitemap, set)
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
