package urls

import "testing"

// TestValueID: the contract's enum values keep the English path names the site has always
// used (a changed one would break every link to its listing); others become slugs.
func TestValueID(t *testing.T) {
	for _, c := range []struct{ value, id string }{
		{"小发明", "invention"}, {"小创造", "creation"}, {"小革新", "improvement"}, {"小设计", "design"}, {"小建议", "suggestion"}, {"技术创新", "technology"}, {"装备创新", "equipment"}, {"管理创新", "management"}, {"服务创新", "service"}, {"业态创新", "business"}, {"职工", "workers"}, {"师生", "schools"}, {"农业", "agriculture"}, {"特等奖", "special"}, {"一等奖", "first"}, {"二等奖", "second"}, {"三等奖", "third"},
		{"其他奖项", "qi-ta-jiang-xiang"}, {"!!!", "x"},
	} {
		if got := ValueID(c.value); got != c.id {
			t.Errorf("ValueID(%q) = %q, want %q", c.value, got, c.id)
		}
	}
	if got := BrowseValue(FacetAward, "一等奖"); got != "browse/award/first/" {
		t.Errorf("BrowseValue = %q", got)
	}
	for n, want := range map[int]string{0: "units/a/", 1: "units/a/", 2: "units/a/page/2/"} {
		if got := Paged(Unit("a"), n); got != want {
			t.Errorf("Paged(units/a/, %d) = %q, want %q", n, got, want)
		}
	}
}

// TestEscaped: a name's bytes that a URL's path cannot hold are percent-encoded, those
// that would change what it names (% ? #) too; a base URL keeps its %XX and delimiters.
func TestEscaped(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2026/cases/a/cover-1_a.b~c.png", "2026/cases/a/cover-1_a.b~c.png"},
		{"2026/cases/a/封面 图's&(1).png", "2026/cases/a/%e5%b0%81%e9%9d%a2%20%e5%9b%be%27s&%281%29.png"},
		{`a/"<x>"[1]%41?q#f\.pdf`, "a/%22%3cx%3e%22%5b1%5d%2541%3fq%23f%5c.pdf"},
		{"a/\x00\x7f\xff", "a/%00%7f%ff"},
	} {
		if got := Escaped(c.in); got != c.want {
			t.Errorf("Escaped(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"https://example.org/wuxiao/", "https://example.org/wuxiao/"},
		{"https://example.org/五小 竞赛/", "https://example.org/%e4%ba%94%e5%b0%8f%20%e7%ab%9e%e8%b5%9b/"},
		{"https://example.org/%E4%BA%94/", "https://example.org/%E4%BA%94/"},
		{"https://[::1]:8080/a%zz/", "https://[::1]:8080/a%25zz/"},
	} {
		got := Normalized(c.in)
		if got != c.want {
			t.Errorf("Normalized(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := Normalized(got); again != got {
			t.Errorf("Normalized(%q) = %q, not itself", got, again)
		}
	}
}
