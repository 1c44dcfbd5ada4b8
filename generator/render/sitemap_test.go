package render

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// TestSitemapAsEncodingXML: appendSitemap writes the bytes encoding/xml writes of the
// sitemap's structure (as the site wrote it before), for no page, plain addresses, and
// addresses with every character encoding/xml escapes or replaces.
func TestSitemapAsEncodingXML(t *testing.T) {
	type urlset struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	for _, tc := range []struct {
		base  string
		paths []string
	}{
		{"https://example.org", nil},
		{"https://example.org", []string{"/", "/2023/results/kuangqu-mine1/pidai-jiupian/", "/browse/award/2/"}},
		{"", []string{"/a&b<c>\"'/", "/\t\n\r/", "/成果/", "/\xff\xfe/", "/\x01\x7f/", "/%E6%88%90/"}},
		{"https://例子.中国/w&x", []string{"/p/"}},
		{"https://example.org", []string{"/a&b/", "/a<b/", "/a>b/", "/a\"b/", "/a'b/", "/a\tb/"}}, // each alone
		{"https://example.org/?a=1&b=2", []string{"/p/"}},
	} {
		var set urlset
		for _, u := range tc.paths {
			set.URLs = append(set.URLs, struct {
				Loc string `xml:"loc"`
			}{tc.base + u})
		}
		var want bytes.Buffer
		want.WriteString(xml.Header)
		enc := xml.NewEncoder(&want)
		enc.Indent("", " ")
		if err := enc.Encode(set); err != nil {
			t.Fatal(err)
		}
		want.WriteByte('\n')
		if got := appendSitemap(nil, tc.base, tc.paths); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("base %q, paths %q:\nappendSitemap\n%s\nencoding/xml\n%s", tc.base, tc.paths, got, want.Bytes())
		}
	}
}
