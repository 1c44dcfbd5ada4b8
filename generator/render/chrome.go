package render

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"strings"
	"sync"
)

// The parts every page repeats, the header with its navigation and the footer, are
// rendered once per page depth, and the entries of result lists once, and reused:
// on a site of ten thousand results this halves the template work. A template
// rendered through Chrome or Items must depend only on what its key holds.

// chromeCache holds rendered fragments by key.
type chromeCache struct{ m sync.Map }

func (c *chromeCache) get(key any, render func(*bytes.Buffer) error) (template.HTML, error) {
	if v, ok := c.m.Load(key); ok {
		return v.(template.HTML), nil
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return "", err
	}
	v, _ := c.m.LoadOrStore(key, template.HTML(buf.String()))
	return v.(template.HTML), nil
}

// Chrome renders the theme's template name for this page, once per page template,
// depth and navigation section: it may use .Root, .Section, .Kind, .Site, .Nav and
// .Asset, nothing else of the page.
func (p *PageData) Chrome(name string) (template.HTML, error) {
	key := name + "\x00" + p.Kind + "\x00" + p.Root + "\x00" + p.Section
	return p.r.chrome.get(key, func(buf *bytes.Buffer) error {
		return p.r.tmpl[p.Kind+".html"].ExecuteTemplate(buf, name, p)
	})
}

// ItemView is what the result-item template sees: one result and the way back to the root.
type ItemView struct {
	Root string
	*Result
}

// newRootMark is what stands for .Root while a result-item is rendered; each page then
// puts its own root in its place, so that an entry is rendered once however many pages
// list it. It goes through the templates' URL escaping unchanged, so it is letters,
// digits and a slash, and it holds 64 random bits: a title or a name that held a fixed
// mark had it replaced too (an attacker's review: "供热管网wuxiao-root-mark/漏点" read
// "供热管网./漏点" on the home page and "供热管网../../漏点" on the unit's). The mark never
// reaches the output, which stays the same from build to build.
func newRootMark() string {
	var b [8]byte
	rand.Read(b[:])
	return "wuxiao-root-" + hex.EncodeToString(b[:]) + "/"
}

// Item is r with the page's root, for a partial that lists one result.
func (p *PageData) Item(r *Result) ItemView { return ItemView{p.Root, r} }

// itemKey is the key of r's list entry: r itself, which a site keeps while it is
// patched (lazySite.patch), hashed as a pointer where a string of its address was made
// and hashed for each of the 70,000 entries the lists show at 10,000 results.
func itemKey(r *Result) any { return r }

// Items renders each result of list with the result-item template.
func (p *PageData) Items(list []*Result) ([]template.HTML, error) {
	out := make([]template.HTML, len(list))
	for i, r := range list {
		h, err := p.item(r)
		if err != nil {
			return nil, err
		}
		out[i] = template.HTML(strings.ReplaceAll(string(h), p.r.rootMark, p.Root))
	}
	return out, nil
}

// item is r's entry, rendered once with .Root the renderer's rootMark.
func (p *PageData) item(r *Result) (template.HTML, error) {
	return p.r.chrome.get(itemKey(r), func(buf *bytes.Buffer) error {
		if p.r.twins.item[p.Kind+".html"] {
			resultItem(buf, p.r.rootMark, r)
			return nil
		}
		return p.r.tmpl[p.Kind+".html"].ExecuteTemplate(buf, "result-item", ItemView{p.r.rootMark, r})
	})
}

// TypedList is the partial result-list for p, written in one piece: findTwins puts it in
// the partial's place in a page whose templates are all the default theme's, where the
// partial's range printed each entry through html/template (70,000 at 10,000 results).
// Its bytes are the partial's: TestTypedResultMatchesTemplate renders every page both ways.
func (p *PageData) TypedList() (template.HTML, error) {
	items, size, err := p.listItems()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(size)
	p.writeList(&b, items)
	return template.HTML(b.String()), nil
}

// listItems is the list's items and the size of the list written (writeList).
func (p *PageData) listItems() ([]template.HTML, int, error) {
	items := make([]template.HTML, len(p.List))
	size := len("<ol class=\"results\">\n</ol>")
	for i, r := range p.List {
		h, err := p.item(r)
		if err != nil {
			return nil, 0, err
		}
		items[i], size = h, size+1+len(h)+len(p.Root)
	}
	return items, size, nil
}

// listWriter is where writeList writes: a strings.Builder for the template function, the
// page's buffer for the typed pages.
type listWriter interface {
	WriteString(s string) (int, error)
	WriteByte(c byte) error
}

// writeList writes the list of items, each item's root mark replaced by the page's root.
func (p *PageData) writeList(b listWriter, items []template.HTML) {
	b.WriteString(`<ol class="results">`)
	for _, h := range items {
		b.WriteByte('\n')
		for s := string(h); ; {
			i := strings.Index(s, p.r.rootMark)
			if i < 0 {
				b.WriteString(s)
				break
			}
			b.WriteString(s[:i])
			b.WriteString(p.Root)
			s = s[i+len(p.r.rootMark):]
		}
	}
	b.WriteString("\n</ol>")
}
