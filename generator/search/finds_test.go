package search_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wuxiao/generator/headless"
)

// A query and the page its reader means, which must be on the first screen.
type intent struct{ q, want string }

// The eleven queries of issue 16 (four found nothing, 供水公司 missed the water
// company's result), over the demo content.
func issueQueries() []intent {
	return []intent{
		{"盂县医院", "2026/results/yuxian-hospital/xiangzhen-xindian/"}, // a short form of 盂县人民医院
		{"輸送機", "2025/results/kuangqu-mine1/guaban-jielian/"},       // traditional
		{"刮版", "2025/results/kuangqu-mine1/guaban-jielian/"},        // a typo of 刮板
		{"无人机巡检", "2026/results/energy-power/wurenji-xunxian/"},     // two words, no space
		{"供水公司", "2026/results/chengqu-water/yejian-liuliang/"},     // 城区供水有限公司
		{"王建国", "2025/results/kuangqu-mine1/guaban-jielian/"},
		{"瓦斯", "2025/results/energy-mine2/wasi-fangshuiqi/"},
		{"温室", "2025/results/jiaoqu-farm/shuifei-peifeitong/"},
		{"谷子", "2026/results/pingding-millet/guzi-jingbo/"},
		{"心电图", "2026/results/yuxian-hospital/xiangzhen-xindian/"},
		{"冷却塔", "2026/results/energy-thermal/lengqueta-tianliao/"},
	}
}

// A held-back set, written from content/ before running the search on it: short unit
// names, traditional forms, words run together, typos and names.
func heldBackQueries() []intent {
	return []intent{
		{"冷卻塔", "2026/results/energy-thermal/lengqueta-tianliao/"},
		{"城区热力", "2025/results/chengqu-heating/huanrezhan-wurenzhishou/"},
		{"热力公司", "2025/results/chengqu-heating/huanrezhan-wurenzhishou/"},
		{"选煤厂煤泥水", "2026/results/kuangqu-washery/meinishui-nongsuo/"},
		{"段国华", "2026/results/yuxian-hospital/xiangzhen-xindian/"},
		{"阀门研磨", "2026/results/kaifaqu-valve/fazuo-yanmo/"},
		{"職業技術學院", "2026/results/edu-vocational/dianchi-chaizhuang/"},
		{"核桃脱皮机", "2025/results/yuxian-walnut/qingpi-tuopiji/"},
		{"冷确塔", "2026/results/energy-thermal/lengqueta-tianliao/"},
		{"输液代", "2025/results/chengqu-hospital/shuye-tixing/"},
		{"盂县化工厂", "2026/results/yuxian-chemical/zhuangxie-queren/"},
		{"电池拆装", "2026/results/edu-vocational/dianchi-chaizhuang/"},
		{"煤層氣", "2026/results/energy-cbm/jingkou-paishui/"},
		{"风门闭锁", "2026/results/kuangqu-mine3/fengmen-bisuo/"},
	}
}

// TestBrowserSearchFinds types each query into the search page as a reader would and
// looks for the page meant on the first screen; a query found only by its words apart
// or a near spelling says so above the results.
func TestBrowserSearchFinds(t *testing.T) {
	t.Parallel() // the package is the last go test runs: its tests fill both cores
	headless.Path(t)
	s := buildSite(t, "../..")
	browser := chromium.Tab(t, 5*time.Minute)
	tab, cancel := chromedp.NewContext(browser)
	defer cancel()
	for _, set := range []struct {
		name    string
		queries []intent
	}{{"issue", issueQueries()}, {"held back", heldBackQueries()}} {
		found := 0
		for _, in := range set.queries {
			if err := chromedp.Do(tab, chromedp.Navigate(s.srv.URL+"/search/?q="+url.QueryEscape(in.q))); err != nil {
				t.Fatal(err)
			}
			sc := waitScreen(t, tab)
			note, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('search-note').textContent`))
			ok := false
			for i, l := range sc.Links {
				if strings.TrimPrefix(l, "../") == in.want {
					ok = true
					t.Logf("%s %q: found at %d of %d; %s %s", set.name, in.q, i+1, len(sc.Links), sc.Status, note)
				}
			}
			if ok {
				found++
			} else {
				t.Errorf("%s %q: %s not on the first screen (%s %s; %q)", set.name, in.q, in.want, sc.Status, note, sc.Links)
			}
		}
		t.Logf("%s: %d of %d queries find what they mean on the first screen", set.name, found, len(set.queries))
	}
	// Nothing at all: the page says why and what to try. A word no page has is not taken
	// apart into letters that many pages have (zzzz once found 申报指南 by one z).
	for _, q := range []string{"量子纠缠", "zzzz", "qxqx"} {
		if err := chromedp.Do(tab, chromedp.Navigate(s.srv.URL+"/search/?q="+url.QueryEscape(q))); err != nil {
			t.Fatal(err)
		}
		sc := waitScreen(t, tab)
		note, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('search-note').textContent`))
		if !strings.HasPrefix(sc.Status, "没有找到") || !strings.Contains(note, "可以试试") || !strings.Contains(note, "错别字") {
			t.Errorf("%q, a query with no answer: %q, %q, %q", q, sc.Status, note, sc.Links)
		}
	}
}
