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
