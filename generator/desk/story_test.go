package desk

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"wuxiao/generator"
	"wuxiao/generator/content"
)

// forgeRun is one end-to-end run of the desk beside a forge (a real Gitea, or GitHub's
// replay), as the story drives it.
type forgeRun interface {
	// begin says that the story's step name begins and that role signs in next ("" when
	// the person of the last step goes on).
	begin(name, role string)
	// repeats tells whether the story tells the steps that repeat an earlier one on the
	// forge's side (a file committed, a pull request opened and merged): the county's
	// first bulletin and the city's three steps.
	repeats() bool
	signIn(browser context.Context, role string) context.Context
	do(tab context.Context, what string, steps ...chromedp.Action[chromedp.Void])
	// mergeAndCheck checks that role's one pull request changes only files under prefixes
	// and that check finds no error in what it makes, and merges it.
	mergeAndCheck(role string, prefixes ...string)
	setToday(day string)
	now() content.Date
	// merged is the folder that holds the merged tree.
	merged() string
	deskURL() string
}

// tellStory runs the year through the desk in headless Chromium at phone size, up to its
// step upTo (1 to 4): a grassroots admin declares a result with a PDF proof (whose text is
// proof); the county admin recommends it and issues a bulletin; an expert scores it; the
// city office writes the award proposal and takes the results through notice to final.
// The merged repository builds, wherever the story stops.
func tellStory(t *testing.T, r forgeRun, browser context.Context, proof string, upTo int) {
	desk := r.deskURL()
	defer func() {
		if !t.Failed() {
			mergedBuilds(t, r)
		}
	}()

	// 1. The grassroots admin declares a result with a PDF proof.
	r.begin("01-unit-declares", "unit")
	tab := r.signIn(browser, "unit")
	proofFile := filepath.Join(t.TempDir(), "应用证明.pdf")
	os.WriteFile(proofFile, pdf(proof), 0o644)
	v := declaration2026()
	steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(desk + "unit/kuangqu-mine1/declare")}
	steps = append(steps, fillDeclaration(v)...)
	steps = append(steps, chromedp.SetUploadFiles(chromedp.CSS(`#proof`), []string{proofFile}),
		chromedp.Click(chromedp.CSS(`button[value=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.items`)))
	r.do(tab, "申报", steps...)
	r.mergeAndCheck("unit", "content/2026/submissions/kuangqu-mine1/", "content/2026/attachments/kuangqu-mine1/", "content/2026/commendations/kuangqu-mine1/")
	if upTo < 2 {
		return
	}

	// 2. The county admin recommends it.
	r.begin("02-county-recommends", "county")
	tab = r.signIn(browser, "county")
	id := "kuangqu-mine1/" + slugOf(t, filepath.Join(r.merged(), "content/2026/submissions/kuangqu-mine1"))
	r.do(tab, "推荐", chromedp.Navigate(desk+"county/kuangqu/"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`[name="pick_%s"]`, id))),
		chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`[name="award_%s"]`, id)), "一等奖"),
		chromedp.SendKeys(chromedp.CSS(`#doc`), "矿区工发〔2026〕8号"),
		chromedp.SetValue(chromedp.CSS(`#date`), "2026-09-18"),
		chromedp.Click(chromedp.CSS(`form.desk-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	r.mergeAndCheck("county", "content/2026/commendations/kuangqu/")

	// 2b. It issues its own bulletin, with the issue number the desk suggests.
	if r.repeats() {
		r.begin("03-county-bulletin", "")
		r.do(tab, "简报", chromedp.Navigate(desk+"county/kuangqu/bulletin"),
			chromedp.SendKeys(chromedp.CSS(`#title`), "矿区“五小”竞赛推进会召开"),
			chromedp.SendKeys(chromedp.CSS(`#body`), "矿区总工会召开推进会，部署本级评审工作。"),
			chromedp.Click(chromedp.CSS(`form.desk-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
		r.mergeAndCheck("county", "content/2026/bulletins/kuangqu-")
	}
	if upTo < 3 {
		return
	}

	// 3. An expert scores it, in the review phase.
	r.setToday("2026-10-15")
	r.begin("04-expert-scores", "expert")
	tab = r.signIn(browser, "expert")
	steps = []chromedp.Action[chromedp.Void]{chromedp.Navigate(desk + "expert/")}
	for k, x := range map[string]string{"innovation": "27.5", "practicality": "22", "benefit": "26", "promotion": "13"} {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`[name="score_%s_%s"]`, id, k)), x))
	}
	steps = append(steps, chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`[name="comment_%s"]`, id)), "结构简单，便于推广"),
		chromedp.Click(chromedp.CSS(`button[value=submit]`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	r.do(tab, "评分", steps...)
	r.mergeAndCheck("expert", "content/2026/reviews/e03.yaml")
	if upTo < 4 || !r.repeats() {
		return
	}

	// 4. The city office writes the award proposal.
	r.begin("05-city-awards", "city")
	tab = r.signIn(browser, "city")
	r.do(tab, "评选", chromedp.Navigate(desk+"city/"),
		chromedp.Click(chromedp.CSS(`form[action$="city/award"] button`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	r.mergeAndCheck("city", "content/2026/results.yaml")
	results, _ := os.ReadFile(filepath.Join(r.merged(), "content/2026/results.yaml"))
	if !strings.Contains(string(results), id) {
		t.Errorf("results.yaml does not award the declared result:\n%s", results)
	}

	// 5. It puts the results on public notice, then, once the notice has ended, commends them.
	r.setToday("2026-12-02")
	r.begin("06-city-notice", "")
	r.do(tab, "公示", chromedp.Navigate(desk+"city/"),
		chromedp.Click(chromedp.CSS(`input[name=status][value=notice]`)),
		chromedp.SetValue(chromedp.CSS(`#notice_from`), "2026-12-03"), chromedp.SetValue(chromedp.CSS(`#notice_to`), "2026-12-09"),
		chromedp.Click(chromedp.CSS(`form[action$="city/status"] button`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	r.mergeAndCheck("city", "content/2026/results.yaml")
	r.setToday("2026-12-10")
	r.begin("07-city-final", "")
	r.do(tab, "表彰", chromedp.Navigate(desk+"city/"),
		chromedp.Click(chromedp.CSS(`input[name=status][value=final]`)),
		chromedp.SendKeys(chromedp.CSS(`#doc`), "阳工发〔2026〕68号"),
		chromedp.Click(chromedp.CSS(`form[action$="city/status"] button`)), chromedp.WaitVisible(chromedp.CSS(`a.button.primary`)))
	r.mergeAndCheck("city", "content/2026/results.yaml")
	results, _ = os.ReadFile(filepath.Join(r.merged(), "content/2026/results.yaml"))
	if !strings.Contains(string(results), "status: final") || !strings.Contains(string(results), "阳工发〔2026〕68号") {
		t.Errorf("results.yaml is not final:\n%s", results)
	}
}

// mergedBuilds checks that the merged repository builds, with no error, wherever the
// story stopped.
func mergedBuilds(t *testing.T, r forgeRun) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	diags, _, err := generator.Build(generator.Config{Root: r.merged(), Now: r.now()}, generator.BuildOptions{Out: out})
	if err != nil {
		t.Fatalf("the merged repository does not build: %v", err)
	}
	if errs, _ := diags.Count(); errs > 0 {
		t.Fatalf("the merged repository does not build: %d errors", errs)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Fatalf("the build wrote no site: %v", err)
	}
}

// storyClock is the day the story's desk takes for today; the story moves it on.
type storyClock struct {
	mu    sync.Mutex
	today content.Date
}

func (c *storyClock) setToday(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.today, _ = content.ParseDate(s)
}

func (c *storyClock) now() content.Date {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.today
}

// slugOf is the slug of the one submission in dir.
func slugOf(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("%s: %v %v", dir, entries, err)
	}
	return strings.TrimSuffix(entries[0].Name(), ".md")
}

// under tells whether path p lies under one of prefixes.
func under(p string, prefixes []string) bool {
	for _, pre := range prefixes {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}
