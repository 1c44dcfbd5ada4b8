package generator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// buildDemoFiles builds the demo content (2025 final, 2026 in 公示 on 2026-11-25) into a
// temporary folder, without a server.
func buildDemoFiles(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	diags, _, err := Build(Config{Root: "..", Now: testDate("2026-11-25")}, BuildOptions{Out: out, BaseURL: "https://example.org/"})
	if err != nil {
		if diags != nil {
			t.Logf("diagnostics:\n%s", diags.Text())
		}
		t.Fatal(err)
	}
	return out
}

func readOut(t *testing.T, out, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// an entry of a result list, one line (its </li> left out: the next <li> or </ol> ends it)
var resultItemRE = regexp.MustCompile(`<li><p>[^\n]*`)

// During 公示 (2026 in the demo) every place that lists an award says it is proposed
// (拟 … 公示中), and the totals of final awards are kept apart from the proposed ones.
func TestProvisionalAwardsMarked(t *testing.T) {
	out := buildDemoFiles(t)

	// The feed: 2026 results say 拟 and 公示中 in their titles, 2025 results do not.
	feed := readOut(t, out, "feed.xml")
	entries := regexp.MustCompile(`(?s)<entry>.*?</entry>`).FindAllString(feed, -1)
	seen2026, seen2025 := 0, 0
	for _, e := range entries {
		title := regexp.MustCompile(`<title>(.*?)</title>`).FindStringSubmatch(e)[1]
		if i := strings.LastIndex(title, "（"); i >= 0 {
			title = title[i:] // the award label, not the result's own name (虚拟仿真)
		}
		switch {
		case strings.Contains(e, "/2026/results/"):
			seen2026++
			if !strings.Contains(title, "拟") || !strings.Contains(title, "公示中") {
				t.Errorf("feed title of a result in 公示 looks final: %s", title)
			}
		case strings.Contains(e, "/2025/results/"):
			seen2025++
			if strings.Contains(title, "拟") || strings.Contains(title, "公示中") {
				t.Errorf("feed title of a final result says proposed: %s", title)
			}
		}
	}
	if seen2026 == 0 {
		t.Error("no 2026 result in the feed")
	}

	// Every result list entry (home, year, browse, units, facets): 2026 ones marked, 2025 ones not.
	pages := []string{"index.html", "2026/index.html", "browse/category/improvement/index.html", "units/yuxian-hospital/index.html", "units/yuxian/index.html", "units/kuangqu-mine1/index.html"}
	marked, unmarked := 0, 0
	for _, p := range pages {
		for _, item := range resultItemRE.FindAllString(readOut(t, out, p), -1) {
			switch {
			case strings.Contains(item, "2026/results/"):
				marked++
				// on the year page the award is its group's heading (拟一等奖), the entry says 公示中
				if !strings.Contains(item, "公示中") || !strings.Contains(item, "拟") && p != "2026/index.html" {
					t.Errorf("%s: a result in 公示 is listed as final:\n%s", p, item)
				}
			case strings.Contains(item, "2025/results/"):
				unmarked++
				if strings.Contains(item, "公示中") || strings.Contains(item, ">拟") {
					t.Errorf("%s: a final result is listed as proposed:\n%s", p, item)
				}
			}
		}
	}
	if marked == 0 || unmarked == 0 {
		t.Errorf("lists checked: %d entries in 公示, %d final; want some of each", marked, unmarked)
	}

	// A result page of 2026 says 拟 beside its award, and its certificate does not exist.
	res := readOut(t, out, "2026/results/yuxian-hospital/xiangzhen-xindian/index.html")
	if !strings.Contains(res, "拟授") && !strings.Contains(res, ">拟") {
		t.Error("the 2026 result page does not say its award is proposed")
	}

	// Home and stats: final totals apart from proposed ones.
	for _, p := range []string{"index.html", "stats/index.html"} {
		home := readOut(t, out, p)
		if !strings.Contains(home, "已表彰成果") || !strings.Contains(home, "公示中") {
			t.Errorf("%s: the totals do not keep final and proposed awards apart", p)
		}
		if regexp.MustCompile(`<dt>获奖成果</dt><dd><b>39</b>`).MatchString(home) {
			t.Errorf("%s: 39 awards counted as one total across final and proposed", p)
		}
	}

	// Browse counts mention how many are in 公示.
	if b := readOut(t, out, "browse/index.html"); !strings.Contains(b, "公示中") {
		t.Error("browse: the counts do not say that some awards are proposed")
	}

	// The open data and the search index carry the state.
	for year, want := range map[string]bool{"2026": true, "2025": false} {
		var d struct {
			Results []struct {
				Provisional bool `json:"provisional"`
			} `json:"results"`
		}
		if err := json.Unmarshal([]byte(readOut(t, out, "data/"+year+".json")), &d); err != nil {
			t.Fatal(err)
		}
		for _, r := range d.Results {
			if r.Provisional != want {
				t.Errorf("data/%s.json: a result has provisional %v, want %v", year, r.Provisional, want)
				break
			}
		}
		if len(d.Results) == 0 {
			t.Errorf("data/%s.json has no results", year)
		}
	}
	if m := readOut(t, out, "search/meta.json"); !strings.Contains(m, `"provisional":[2026]`) {
		t.Error("search/meta.json does not name 2026 as provisional")
	}

	// The office's ledger of 2026 says 拟 in the award columns.
	l, _, err := Ledger(Config{Root: "..", Now: testDate("2026-11-25")}, &LedgerOptions{Year: 2026, Out: filepath.Join(t.TempDir(), "台帐.xlsx")})
	if err != nil {
		t.Fatal(err)
	}
	awarded := 0
	for _, r := range l.Rows {
		if r.Award != "" {
			awarded++
			if !strings.HasPrefix(r.Award, "拟") {
				t.Errorf("ledger 2026: %s has award %q, want 拟…", r.ID, r.Award)
			}
		}
	}
	if awarded == 0 {
		t.Error("ledger 2026: no award at all")
	}
}
