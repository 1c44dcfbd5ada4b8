package desk

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// lighthouseScores runs Lighthouse runs times at phone size on url with the session cookie c
// (none when empty) and returns the median score, 0 to 100, of each category, and the
// audits that failed in any run.
func lighthouseScores(t *testing.T, bin, url, cookie string, runs int) (map[string]int, map[string]bool) {
	t.Helper()
	all := map[string][]int{}
	failed := map[string]bool{}
	for i := 0; i < runs; i++ {
		out := filepath.Join(t.TempDir(), "report.json")
		args := []string{url, "--quiet", "--output=json", "--output-path=" + out,
			"--only-categories=accessibility,best-practices",
			"--chrome-flags=--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"}
		if cookie != "" {
			h, _ := json.Marshal(map[string]string{"Cookie": cookie})
			args = append(args, "--extra-headers="+string(h))
		}
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "CHROME_PATH="+chromePath())
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("lighthouse %s: %v\n%s", url, err, b)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Categories map[string]struct {
				Score     *float64
				AuditRefs []struct {
					ID     string
					Weight float64
				}
			}
			Audits map[string]struct {
				Score *float64
				Title string
			}
			RuntimeError      *struct{ Code, Message string }
			FinalDisplayedURL string
		}
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatal(err)
		}
		if r.RuntimeError != nil {
			t.Fatalf("lighthouse %s: %s %s", url, r.RuntimeError.Code, r.RuntimeError.Message)
		}
		if r.FinalDisplayedURL != url {
			t.Fatalf("lighthouse asked for %s, measured %s", url, r.FinalDisplayedURL)
		}
		for name, c := range r.Categories {
			if c.Score != nil {
				all[name] = append(all[name], int(math.Round(*c.Score*100)))
			}
			for _, ref := range c.AuditRefs {
				if a := r.Audits[ref.ID]; ref.Weight > 0 && a.Score != nil && *a.Score < 1 {
					failed[ref.ID+" ("+a.Title+")"] = true
				}
			}
		}
	}
	med := map[string]int{}
	for name, v := range all {
		sort.Ints(v)
		med[name] = v[(len(v)-1)/2]
	}
	return med, failed
}

func chromePath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// TestLighthouseAtPhoneSize measures the sign-in page and each role's pages with Lighthouse
// (issue 15: accessibility and best practices ≥ 95 at phone size).
func TestLighthouseAtPhoneSize(t *testing.T) {
	bin := os.Getenv("WUXIAO_LIGHTHOUSE")
	if bin == "" {
		t.Skip("needs Lighthouse: npm i --prefix /tmp/lh lighthouse@12.2.3; WUXIAO_LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse")
	}
	runs := 3
	if n, err := strconv.Atoi(os.Getenv("WUXIAO_LIGHTHOUSE_RUNS")); err == nil && n > 0 {
		runs = n
	}
	for _, c := range []struct{ name, today, login, path string }{
		{"signin", "2026-09-20", "", ""},
		{"home", "2026-09-20", "mine1-admin", ""},
		{"unit", "2026-09-20", "mine1-admin", "unit/kuangqu-mine1/"},
		{"declare", "2026-09-15", "mine1-admin", "unit/kuangqu-mine1/declare"},
		{"county", "2026-09-20", "kuangqu-union", "county/kuangqu/"},
		{"bulletin", "2026-09-20", "kuangqu-union", "county/kuangqu/bulletin"},
		{"expert", "2023-10-15", "expert3", "expert/"},
		{"city", "2023-12-20", "yq-union", "city/"},
	} {
		f, base := serveFixture(t, c.today)
		if c.name == "unit" || c.name == "county" {
			addPending(t, f.root)
		}
		cookie := ""
		if c.login != "" {
			k := f.as(c.login)
			cookie = k.Name + "=" + k.Value
		}
		scores, failed := lighthouseScores(t, bin, base+c.path, cookie, runs)
		t.Logf("%-8s accessibility %3d  best-practices %3d  (median of %d)", c.name, scores["accessibility"], scores["best-practices"], runs)
		for _, cat := range []string{"accessibility", "best-practices"} {
			if scores[cat] < 95 {
				t.Errorf("%s: %s %d < 95", c.name, cat, scores[cat])
			}
		}
		for a := range failed {
			t.Logf("%s: failing audit %s", c.name, a)
		}
	}
}
