package render

import "wuxiao/generator/urls"

// pageJobs lists every HTML page of the site.
func (r *renderer) pageJobs() []job {
	s := r.site
	var jobs []job
	add := func(p *PageData, md string) { jobs = append(jobs, job{page: p, md: md}) }
	home := func() Crumb { return Crumb{"首页", ""} }

	p := r.newPage("home", "home", "", "")
	p.Description = s.Description
	p.Home = newHome(s)
	add(p, "")

	p = r.newPage("404", "", urls.NotFound, "页面未找到")
	p.Root = basePath(s.BaseURL)
	add(p, "")

	for _, y := range s.Years {
		yc := Crumb{itoa(y.Year) + "年", y.URL}
		p = r.newPage("year", "years", y.URL, y.Title)
		p.Year, p.Crumbs = y, []Crumb{home()}
		p.Description = y.Title + "：实施步骤、表彰名单、优胜单位和统计。"
		add(p, "")
		roll := rollOf(y)
		if y.Public {
			p = r.newPage("awards", "years", urls.Awards(y.Year), y.Title+roll)
			p.Year, p.Crumbs = y, []Crumb{home(), yc}
			p.Description = y.Title + "优秀成果" + roll + "。"
			add(p, "")
			d := s.DecisionOf(y)
			p = r.newPage("decision", "years", urls.Decision(y.Year), d.Title)
			p.Year, p.Crumbs = y, []Crumb{home(), yc}
			p.Description = d.Title + "，可打印，也可下载 Word 文档。"
			add(p, "")
		}
		if y.Status == "notice" || (y.Status == "final" && y.Notice != nil) { // after final: the archive, 公示已结束
			p = r.newPage("notice", "years", urls.Notice(y.Year), y.Title+"拟表彰成果公示")
			p.Year, p.Crumbs = y, []Crumb{home(), yc}
			p.Description = y.Title + "拟表彰成果公示。"
			add(p, "")
		}
		p = r.newPage("year-stats", "stats", urls.YearStats(y.Year), y.Title+"统计")
		p.Year, p.Crumbs = y, []Crumb{home(), {"统计", urls.Stats}, yc}
		add(p, "")
		for _, res := range y.Results {
			jobs = append(jobs, r.resultJob(res))
		}
		for _, c := range y.Cases {
			p = r.newPage("case", "cases", c.URL, c.Title)
			p.Year, p.Case, p.Crumbs = y, c, []Crumb{home(), {"典型案例", urls.Cases}}
			p.Description, p.Image = c.Summary, c.CoverURL
			add(p, c.body)
		}
		for _, b := range y.Bulletins {
			p = r.newPage("bulletin", "bulletins", b.URL, b.Title)
			p.Year, p.Bulletin, p.Crumbs = y, b, []Crumb{home(), {"工作简报", urls.Bulletins}}
			add(p, b.body)
		}
	}

	p = r.newPage("browse", "browse", urls.Browse, "成果分类浏览")
	p.Crumbs = []Crumb{home()}
	p.Description = "按成果类别、创新类型、参赛组别、奖项和县区、产业工会浏览历年获奖成果。"
	add(p, "")
	for _, f := range s.Facets {
		for _, v := range f.Values {
			if len(v.Results) == 0 {
				continue
			}
			r.paginate(v.Results, v.URL, func(lp *PageData) {
				p := r.newPage("facet", "browse", lp.URL, f.Name+"："+v.Name)
				p.Value, p.List, p.Pager = v, lp.List, lp.Pager
				p.Crumbs = []Crumb{home(), {"分类浏览", urls.Browse}}
				add(p, "")
			})
		}
	}

	p = r.newPage("units", "units", urls.Units, "参赛单位")
	p.Crumbs = []Crumb{home()}
	p.Description = "“五小”竞赛组织体系：市总工会、县（区）总工会、产业工会、市直单位工会和基层工会。"
	add(p, "")
	for _, u := range s.Units {
		crumbs := []Crumb{home(), {"参赛单位", urls.Units}}
		if u.Parent != nil && u.Parent != s.City {
			crumbs = append(crumbs, Crumb{u.Parent.Name, u.Parent.URL})
		}
		r.paginate(u.All, u.URL, func(lp *PageData) {
			p := r.newPage("unit", "units", lp.URL, u.Name)
			p.Unit, p.List, p.Pager, p.Crumbs = u, lp.List, lp.Pager, crumbs
			add(p, "")
		})
	}

	p = r.newPage("cases", "cases", urls.Cases, "典型案例")
	p.Crumbs = []Crumb{home()}
	add(p, "")
	p = r.newPage("bulletins", "bulletins", urls.Bulletins, "工作简报")
	p.Crumbs = []Crumb{home()}
	add(p, "")
	for _, pg := range s.Pages {
		p = r.newPage("page", "page:"+pg.Slug, pg.URL, pg.Title)
		p.Page, p.Crumbs = pg, []Crumb{home()}
		add(p, pg.body)
	}
	p = r.newPage("stats", "stats", urls.Stats, "统计")
	p.Crumbs = []Crumb{home()}
	p.Description = "历年参赛、获奖、覆盖率和经济效益统计。"
	add(p, "")
	p = r.newPage("search", "search", urls.Search, "站内搜索") // its index: generator/search
	p.Crumbs = []Crumb{home()}
	p.Description = "搜索历年“五小”竞赛获奖成果、典型案例和工作简报：成果名称、单位、完成人姓名或任意词语。"
	add(p, "")
	// form.go: the submission form (申报表)
	add(r.submitPage(), "")
	return jobs // a final year's certificates, all on one page, are the office's: CertificatesPage
}

// rollOf names year y's list of awards: 拟表彰名单 while in 公示.
func rollOf(y *Year) string {
	if y.Provisional() {
		return "拟表彰名单"
	}
	return "表彰名单"
}

// resultJob is the page of result res (made again when serve patches res: patch.go).
func (r *renderer) resultJob(res *Result) job {
	y := res.Year
	p := r.newPage("result", "years", res.URL, res.Title)
	p.Year, p.Result = y, res
	p.Crumbs = []Crumb{{"首页", ""}, {itoa(y.Year) + "年", y.URL}, {rollOf(y), urls.Awards(y.Year)}}
	p.Description = res.Summary
	return job{page: p, md: res.body}
}
