package generator

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// memCache is a BuildCache in memory, counting what it was asked.
type memCache struct {
	mu         sync.Mutex
	m          map[string][]byte
	hits, miss int
}

func (c *memCache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	data, ok := c.m[key]
	if ok {
		c.hits++
	} else {
		c.miss++
	}
	return data, ok
}

func (c *memCache) Put(key string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string][]byte{}
	}
	c.m[key] = slices.Clone(data)
}

// TestBuildCacheMatchesCold: after each of many random one-file edits of the demo content
// (a title, a title changed with the file's size and time kept, a body, a unit's name, results.yaml, site.yaml, a theme file, the site's own
// template showing other results, an awarded result's category, a deletion, an
// addition; an awarded result's title or authors, an award left out and put back, two
// results swapping awards; a file of every kind changed or deleted, an award in a commendation file, the renaming of the unit above the
// most units, another day given as --now, a page of the output changed, a damaged cache entry), a build through the
// cache kept from the builds before gives, file for file and byte for byte, the output of
// a cold build of the same tree, or the same refusal; a damaged entry is reported; and
// the cache spared most of the work of a one-submission edit.
func TestBuildCacheMatchesCold(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS(filepath.Join("..", "content"))); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	cache := &memCache{}
	warmOut := filepath.Join(t.TempDir(), "warm")
	outside := t.TempDir() // linked to from the outputs by mangle: nothing in it may change
	if err := os.WriteFile(filepath.Join(outside, "victim.html"), []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if got := snapshot(t, outside); len(got) != 2 { // the folder and victim.html
			t.Errorf("a build changed the folder outside: %v", got)
		}
		if data, _ := os.ReadFile(filepath.Join(outside, "victim.html")); string(data) != "outside" {
			t.Errorf("a build wrote through a link into the file outside: %q", data)
		}
	}()
	var warnings []string // of the last cached build
	// A cold build is a function of the tree and the day alone (TestBuildDeterministic), so
	// a state of the tree (its snapshot) seen before (an edit undone; the output or the cache, not the
	// content, changed) is compared with the cold output it had then, not built again.
	type coldBuild struct {
		files map[string]string
		err   string
	}
	colds := map[string]coldBuild{}
	coldBuilds := 0
	build := func(step string, cached bool) (files map[string]string, refusal string) {
		t.Helper()
		if !cached {
			state := fmt.Sprint(snapshot(t, root), cfg.Now) // every file's mode and digest, and the day
			if c, ok := colds[state]; ok {
				return c.files, c.err
			}
			coldBuilds++
			defer func() { colds[state] = coldBuild{files, refusal} }()
		}
		opt := BuildOptions{Out: filepath.Join(t.TempDir(), "cold")}
		if cached {
			opt.Out, opt.Cache = warmOut, cache
			warnings = nil
			opt.Warn = func(msg string) { warnings = append(warnings, msg) }
		}
		var live map[string]string // the output built over, which no build may change
		if _, err := os.Stat(warmOut); cached && err == nil {
			live = snapshot(t, warmOut)
		}
		diags, _, err := Build(cfg, opt)
		if live != nil {
			was := warmOut // refused: still in place
			if err == nil {
				aside, _ := filepath.Glob(filepath.Join(filepath.Dir(warmOut), ".warm-*"))
				if len(aside) != 1 {
					t.Fatalf("%s: %d folders beside the output after the exchange: %v", step, len(aside), aside)
				}
				was = aside[0]
			}
			if now := snapshot(t, was); !maps.Equal(now, live) {
				t.Fatalf("%s: the output the cached build was made over changed while it ran", step)
			}
		}
		if err != nil {
			return nil, fmt.Sprint(err, "\n", diags.Text())
		}
		files = snapshot(t, opt.Out)
		files["(findings)"] = diags.Text() // the warnings too: the cache must not change what check says
		return files, ""
	}
	var refused string // the cold build's refusal at the last step compared
	compare := func(step string) {
		t.Helper()
		cold, coldErr := build(step, false)
		refused = coldErr
		warm, warmErr := build(step, true)
		if coldErr != warmErr {
			t.Fatalf("%s: cold build: %s\ncached build: %s", step, coldErr, warmErr)
		}
		if coldErr == "" {
			if len(cold) < 100 {
				t.Fatalf("%s: only %d files", step, len(cold))
			}
			before := t.Failed()
			sameTrees(t, cold, warm)
			if !before && t.Failed() {
				t.Fatalf("%s: the cached build differs from the cold one", step)
			}
		}
	}
	compare("first build")
	first, _ := build("awarded", false)
	var awarded []string // the submissions that have a result page
	for f := range first {
		if m, _ := filepath.Match("*/results/*/*/index.html", f); m {
			parts := strings.Split(f, "/")
			awarded = append(awarded, filepath.Join(root, "content", parts[0], "submissions", parts[2], parts[3]+".md"))
		}
	}
	slices.Sort(awarded)
	if len(awarded) < 10 {
		t.Fatalf("only %d results", len(awarded))
	}

	subs, _ := filepath.Glob(filepath.Join(root, "content", "*", "submissions", "*", "*.md"))
	if len(subs) < 10 {
		t.Fatalf("only %d submissions", len(subs))
	}
	rng := rand.New(rand.NewPCG(17, 17))
	edit := func(file string, f func(string) string) {
		t.Helper()
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(f(string(data))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var undo func() // of the last edit, when it must be undone
	field := func(name string) *regexp.Regexp { return regexp.MustCompile(`(?m)^` + name + `: *(.*)$`) }
	site := filepath.Join(root, "content", "site.yaml")
	awardLine := regexp.MustCompile(`(?m)^  - \{submission: ([^,}]+), award: ([^,}]+)\}\n`) // a one-line award of results.yaml
	edits := []struct {
		what string
		do   func(n int)
	}{
		{"title", func(n int) {
			edit(subs[rng.IntN(len(subs))], func(s string) string {
				return field("title").ReplaceAllString(s, fmt.Sprintf("title: ${1}（改%d）", n))
			})
		}},
		{"title, size and time kept", func(n int) { // only the file's ctime tells: a kept stamp must not be trusted
			file := awarded[rng.IntN(len(awarded))]
			info, err := os.Stat(file)
			if err != nil {
				t.Fatal(err)
			}
			han := regexp.MustCompile(`(?m)^title: \p{Han}`) // one character for another of as many bytes
			edit(file, func(s string) string { return han.ReplaceAllString(s, "title: "+string([]rune("改变换")[n%3])) })
			if err := os.Chtimes(file, info.ModTime(), info.ModTime()); err != nil {
				t.Fatal(err)
			}
			t.Logf("edit %d: %s", n, file)
		}},
		{"body", func(n int) {
			edit(subs[rng.IntN(len(subs))], func(s string) string { return s + fmt.Sprintf("\n补充说明第%d条：运行稳定。\n", n) })
		}},
		{"unit name", func(n int) {
			edit(filepath.Join(root, "content", "units.yaml"), func(s string) string {
				return strings.Replace(s, "name: ", fmt.Sprintf("name: 改%d", n), 1+rng.IntN(3))
			})
		}},
		{"results.yaml", func(n int) {
			years, _ := filepath.Glob(filepath.Join(root, "content", "*", "results.yaml"))
			edit(years[rng.IntN(len(years))], func(s string) string {
				s = strings.Replace(s, "reason: ", fmt.Sprintf("reason: 第%d次核查，", n), 1) // a revocation's: in its result's open data, in no ladder
				return strings.Replace(s, "override: ", fmt.Sprintf("override: 第%d次复核，", n), 1) + "\n"
			})
		}},
		{"site.yaml", func(n int) {
			edit(site, func(s string) string {
				return field("description").ReplaceAllString(s, fmt.Sprintf("description: ${1}%d", n))
			})
		}},
		{"theme", func(n int) {
			css := filepath.Join(root, "layouts", "static", "style.css")
			if _, err := os.Stat(css); err != nil {
				data, _ := os.ReadFile(filepath.Join("..", "layouts", "static", "style.css"))
				os.MkdirAll(filepath.Dir(css), 0o755)
				os.WriteFile(css, data, 0o644)
			}
			edit(css, func(s string) string { return s + fmt.Sprintf("\n/* %d */\n", n) })
		}},
		{"static file", func(n int) { // undone after: and then gone from a folder that stays, in both folders the builds fill
			file := filepath.Join(root, "layouts", "static", fmt.Sprintf("added-%d.css", n))
			os.MkdirAll(filepath.Dir(file), 0o755)
			if err := os.WriteFile(file, []byte(fmt.Sprintf("p{margin:%dpx}\n", n)), 0o644); err != nil {
				t.Fatal(err)
			}
			undo = func() { os.Remove(file) }
		}},
		{"own template", func(n int) { // a site's result.html that lists the year's other results
			data, err := os.ReadFile(filepath.Join("..", "layouts", "result.html"))
			if err != nil {
				t.Fatal(err)
			}
			own := filepath.Join(root, "layouts", "result.html")
			os.MkdirAll(filepath.Dir(own), 0o755)
			text := strings.Replace(string(data), `{{define "main"}}`, `{{define "main"}}<p>{{range .Year.Results}}{{.Title}}；{{end}}</p>`, 1)
			if err := os.WriteFile(own, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			compare(fmt.Sprintf("edit %d (own template)", n))
			edit(awarded[rng.IntN(len(awarded))], func(s string) string {
				return field("title").ReplaceAllString(s, fmt.Sprintf("title: ${1}（模板%d）", n))
			})
			undo = func() { os.Remove(own) }
		}},
		{"category", func(n int) { // the result moves to another facet value: the counts change
			cats := []string{"小发明", "小创造", "小革新", "小设计", "小建议"}
			file := awarded[rng.IntN(len(awarded))]
			data, _ := os.ReadFile(file)
			now := field("category").FindStringSubmatch(string(data))[1]
			cats = slices.DeleteFunc(cats, func(c string) bool { return c == now })
			edit(file, func(s string) string {
				return field("category").ReplaceAllString(s, "category: "+cats[rng.IntN(len(cats))])
			})
			compare(fmt.Sprintf("edit %d (category)", n))
			if refused != "" {
				t.Fatalf("edit %d (category): the build refused the tree: %s", n, refused)
			}
			undo = func() { os.WriteFile(file, data, 0o644) }
		}},
		{"phone number", func(n int) { // undone after: a finding of a one-file rule, and of results when the result is awarded
			file := awarded[rng.IntN(len(awarded))]
			if n%2 == 1 {
				file = subs[rng.IntN(len(subs))]
			}
			data, _ := os.ReadFile(file)
			han := regexp.MustCompile(`(?m)^title: \p{Han}{4}`) // 12 bytes, as many as a phone number and a space: no size changes
			edit(file, func(s string) string { return han.ReplaceAllString(s, "title: 13903530011 ") })
			undo = func() { os.WriteFile(file, data, 0o644) }
		}},
		{"dates", func(n int) { // undone after: another year, the size kept: findings of the tree rules
			file := subs[rng.IntN(len(subs))]
			data, _ := os.ReadFile(file)
			key := []string{"submitted", "completed", "submitted"}[rng.IntN(3)]
			year := regexp.MustCompile(`(?m)^(` + key + `: *20[0-9])[0-9]`)
			edit(file, func(s string) string { return year.ReplaceAllString(s, "${1}"+strconv.Itoa(rng.IntN(10))) })
			undo = func() { os.WriteFile(file, data, 0o644) }
		}},
		{"deletion", func(n int) { // undone after: a result's submission gone fails the check
			file := subs[rng.IntN(len(subs))]
			data, _ := os.ReadFile(file)
			if err := os.Remove(file); err != nil {
				t.Fatal(err)
			}
			undo = func() { os.WriteFile(file, data, 0o644) }
		}},
		{"copied passage", func(n int) { // undone after: rule duplicate's memo must find the pair
			from, to := subs[rng.IntN(len(subs))], subs[rng.IntN(len(subs))]
			data, _ := os.ReadFile(from)
			parts := strings.SplitN(string(data), "\n---\n", 2)
			body := strings.TrimSpace(parts[len(parts)-1])
			if len(body) > 600 {
				body = strings.ToValidUTF8(body[:600], "")
			}
			was, _ := os.ReadFile(to)
			edit(to, func(s string) string { return s + "\n" + body + "\n" })
			t.Logf("edit %d: %s pasted into %s", n, from, to)
			undo = func() { os.WriteFile(to, was, 0o644) }
		}},
		{"addition", func(n int) { // undone after: a copy is a duplicate
			data, _ := os.ReadFile(subs[rng.IntN(len(subs))])
			file := filepath.Join(filepath.Dir(subs[rng.IntN(len(subs))]), fmt.Sprintf("xinzeng-%d.md", n))
			text := field("title").ReplaceAllString(string(data), fmt.Sprintf("title: 新增成果%d", n))
			if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			undo = func() { os.Remove(file) }
		}},
	}
	// Files of every kind but submissions (edited above), for the edits of any file.
	var others []string
	filepath.WalkDir(filepath.Join(root, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.Contains(p, "/submissions/") {
			others = append(others, p)
		}
		return nil
	})
	slices.Sort(others)
	value := regexp.MustCompile(`(?m)^(\s*(?:- )?(?:name|title|reason|comment|summary|field|doc|description|affiliation)): *(\S.*)$`)
	score := regexp.MustCompile(`(innovation|benefit): (\d+)`)
	edits = append(edits, []struct {
		what string
		do   func(n int)
	}{
		{"any file", func(n int) { // a value changed, or else the bytes
			file := others[rng.IntN(len(others))]
			edit(file, func(s string) string {
				switch {
				case strings.HasSuffix(file, ".md"):
					return s + fmt.Sprintf("\n第%d次修订。\n", n)
				case score.MatchString(s):
					return score.ReplaceAllStringFunc(s, func(m string) string { return m[:len(m)-1] + strconv.Itoa(n%10) })
				case value.MatchString(s):
					done := false
					return value.ReplaceAllStringFunc(s, func(m string) string {
						if done {
							return m
						}
						done = true
						return m + fmt.Sprintf("（%d）", n)
					})
				}
				return s + fmt.Sprintf("\n# %d\n", n)
			})
			t.Logf("edit %d: %s", n, file)
		}},
		{"commendation", func(n int) { // an award in a commendation file: the ladder of its result's page
			files, _ := filepath.Glob(filepath.Join(root, "content", "*", "commendations", "*", "*.yaml"))
			slices.Sort(files)
			file := files[rng.IntN(len(files))]
			edit(file, func(s string) string {
				for _, pair := range [][2]string{{"一等奖", "二等奖"}, {"二等奖", "三等奖"}, {"三等奖", "一等奖"}} {
					if strings.Contains(s, "award: "+pair[0]) {
						return strings.Replace(s, "award: "+pair[0], "award: "+pair[1], 1)
					}
				}
				return s + "\n# 未改\n"
			})
			t.Logf("edit %d: %s", n, file)
		}},
		{"any deletion", func(n int) { // undone after
			file := others[rng.IntN(len(others))]
			data, _ := os.ReadFile(file)
			if err := os.Remove(file); err != nil {
				t.Fatal(err)
			}
			t.Logf("edit %d: %s deleted", n, file)
			undo = func() { os.WriteFile(file, data, 0o644) }
		}},
		{"unit rename", func(n int) { // the unit above the most units: its name is on many pages
			units := filepath.Join(root, "content", "units.yaml")
			data, _ := os.ReadFile(units)
			counts := map[string]int{}
			for _, m := range regexp.MustCompile(`(?m)parent: *(\S+)`).FindAllStringSubmatch(string(data), -1) {
				counts[m[1]]++
			}
			top := ""
			for id, c := range counts {
				if top == "" || c > counts[top] || c == counts[top] && id < top {
					top = id
				}
			}
			re := regexp.MustCompile(`(?m)(id: *` + regexp.QuoteMeta(top) + `\s*\n(?:\s+\w+:.*\n)*?\s+name: *)(\S.*)`)
			if !re.Match(data) {
				t.Fatalf("no name for unit %s in units.yaml", top)
			}
			edit(units, func(s string) string { return re.ReplaceAllString(s, fmt.Sprintf("${1}更名%d${2}", n)) })
		}},
		{"competition title", func(n int) { // in its year's open data and decision, and in no ladder
			years, _ := filepath.Glob(filepath.Join(root, "content", "*", "competition.yaml"))
			file := years[rng.IntN(len(years))]
			edit(file, func(s string) string {
				return field("title").ReplaceAllString(s, fmt.Sprintf("title: ${1}（第%d版）", n))
			})
			t.Logf("edit %d: title of %s", n, file)
		}},
		{"another day", func(n int) { // undone after
			was := cfg.Now
			cfg.Now = testDate([]string{"2026-01-10", "2026-06-30", "2027-03-01"}[rng.IntN(3)])
			undo = func() { cfg.Now = was }
		}},
		{"output touched", func(n int) { // a page of the last output changed by hand is not left in place
			pages, _ := filepath.Glob(filepath.Join(warmOut, "*", "results", "*", "*", "index.html"))
			if len(pages) == 0 {
				t.Fatal("no result pages in the last output")
			}
			page := pages[rng.IntN(len(pages))]
			data, _ := os.ReadFile(page)
			os.WriteFile(page, []byte(strings.Replace(string(data), "<h1", "<H1", 1)), 0o644)
			t.Logf("edit %d: %s changed in the output", n, page)
			years, _ := filepath.Glob(filepath.Join(warmOut, "data", "*.json")) // and a line of its open data in the middle
			file := years[rng.IntN(len(years))]
			data, _ = os.ReadFile(file)
			at := strings.Index(string(data[len(data)/2:]), `"title":"`) + len(data)/2
			os.WriteFile(file, []byte(string(data[:at])+`"title":"改`+string(data[at+len(`"title":"`):])), 0o644)
		}},
		{"awarded title", func(n int) { // one row of its decision's annex, one line of its open data
			edit(awarded[rng.IntN(len(awarded))], func(s string) string {
				return field("title").ReplaceAllString(s, fmt.Sprintf("title: ${1}（获奖%d）", n))
			})
		}},
		{"awarded authors", func(n int) { // the annex's last column
			file := awarded[rng.IntN(len(awarded))]
			edit(file, func(s string) string { return strings.Replace(s, "{name: ", fmt.Sprintf("{name: 改%d", n), 1) })
			t.Logf("edit %d: authors of %s", n, file)
		}},
		{"award removed", func(n int) { // undone after, an award added: the rows after it are numbered again
			file := filepath.Join(root, "content", "2026", "results.yaml")
			data, _ := os.ReadFile(file)
			lines := awardLine.FindAllString(string(data), -1)
			gone := lines[rng.IntN(len(lines))]
			other := lines[(slices.Index(lines, gone)+1+rng.IntN(len(lines)-1))%len(lines)]
			edit(file, func(s string) string {
				s = strings.Replace(s, gone, "", 1) // with an override anywhere, an award may be left out
				return strings.Replace(s, other, strings.TrimSuffix(other, "}\n")+fmt.Sprintf(", override: 第%d次复核调整}\n", n), 1)
			})
			t.Logf("edit %d: %s", n, strings.TrimSpace(gone))
			compare(fmt.Sprintf("edit %d (award removed)", n))
			if refused != "" {
				t.Fatalf("edit %d (award removed): the build refused the tree: %s", n, refused)
			}
			undo = func() { os.WriteFile(file, data, 0o644) }
		}},
		{"award moved", func(n int) { // two results of two awards swap them: each moves to the other's group
			file := filepath.Join(root, "content", "2026", "results.yaml")
			data, _ := os.ReadFile(file)
			lines := awardLine.FindAllStringSubmatch(string(data), -1)
			a := lines[rng.IntN(len(lines))]
			others := slices.DeleteFunc(slices.Clone(lines), func(l []string) bool { return l[2] == a[2] })
			b := others[rng.IntN(len(others))]
			swap := func(l []string, award string) string {
				return strings.Replace(l[0], "award: "+l[2]+"}", "award: "+award+fmt.Sprintf(", override: 第%d次调整}", n), 1)
			}
			edit(file, func(s string) string {
				return strings.Replace(strings.Replace(s, a[0], swap(a, b[2]), 1), b[0], swap(b, a[2]), 1)
			})
			t.Logf("edit %d: %s and %s swap %s and %s", n, a[1], b[1], a[2], b[2])
			compare(fmt.Sprintf("edit %d (award moved)", n))
			if refused != "" {
				t.Fatalf("edit %d (award moved): the build refused the tree: %s", n, refused)
			}
		}},
		{"kept folder touched", func(n int) { // the folder the last exchange left, to be brought up to date in place
			kept, _ := filepath.Glob(filepath.Join(filepath.Dir(warmOut), ".warm-*"))
			if len(kept) != 1 {
				t.Fatalf("%d folders beside the output: %v", len(kept), kept)
			}
			mangle(t, rng, kept[0], outside)
			t.Logf("edit %d: %s changed by hand", n, kept[0])
		}},
		{"kept folder, a file added", func(n int) { // and nothing else: only that folder's stamp tells
			kept, _ := filepath.Glob(filepath.Join(filepath.Dir(warmOut), ".warm-*"))
			if len(kept) != 1 {
				t.Fatalf("%d folders beside the output: %v", len(kept), kept)
			}
			pages, _ := filepath.Glob(filepath.Join(kept[0], "*", "results", "*", "*", "index.html"))
			if len(pages) == 0 {
				t.Fatal("no result pages in the folder kept")
			}
			stray := filepath.Join(filepath.Dir(pages[rng.IntN(len(pages))]), "stray.html")
			if err := os.WriteFile(stray, []byte("<p>not built</p>"), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("edit %d: %s added", n, stray)
		}},
		{"kept folder's record unreadable", func(n int) { // whole (its checksum right) but not a record: as none, and a file added
			kept, _ := filepath.Glob(filepath.Join(filepath.Dir(warmOut), ".warm-*"))
			if len(kept) != 1 {
				t.Fatalf("%d folders beside the output: %v", len(kept), kept)
			}
			key, ok := recordKey(warmOut, kept[0])
			if !ok {
				t.Fatalf("no record key for %s", kept[0])
			}
			cache.mu.Lock()
			if _, ok := cache.m[key]; !ok {
				t.Fatalf("no record of %s kept", kept[0])
			}
			cache.m[key] = sealEntry([]byte(recordHead + "\xff\xff\xff not a record"))
			cache.mu.Unlock()
			pages, _ := filepath.Glob(filepath.Join(kept[0], "*", "results", "*", "*", "index.html"))
			if len(pages) == 0 {
				t.Fatal("no result pages in the folder kept")
			}
			stray := filepath.Join(filepath.Dir(pages[rng.IntN(len(pages))]), "stray.html") // which no record tells of
			if err := os.WriteFile(stray, []byte("<p>not built</p>"), 0o644); err != nil {
				t.Fatal(err)
			}
			edit(subs[rng.IntN(len(subs))], func(s string) string { return s + fmt.Sprintf("\n记录损坏后第%d条。\n", n) })
		}},
		{"output mangled", func(n int) { // and built twice: the output becomes the folder kept beside
			mangle(t, rng, warmOut, outside)
			undo = func() {}
		}},
		{"damaged entry", func(n int) { // and the content edited, so that pages are read from the cache
			cache.mu.Lock()
			keys := slices.Sorted(maps.Keys(cache.m))
			damage := []func([]byte) []byte{
				func(b []byte) []byte { return b[:len(b)/2] }, // truncated
				func(b []byte) []byte { // one bit (of one byte, an entry damaged twice may be empty)
					b = append(slices.Clone(b), 0)[:max(len(b), 1)]
					b[len(b)-1] ^= 1
					return b
				},
				func(b []byte) []byte { return nil },                                        // empty
				func(b []byte) []byte { return []byte("<html>not from this cache</html>") }, // another writer
			}
			for i := 0; i < 20; i++ {
				k := keys[rng.IntN(len(keys))]
				cache.m[k] = damage[rng.IntN(len(damage))](cache.m[k])
			}
			cache.m[memoKey] = damage[rng.IntN(len(damage))](cache.m[memoKey])
			cache.m[rulesKey] = damage[rng.IntN(len(damage))](cache.m[rulesKey])
			cache.mu.Unlock()
			edit(subs[rng.IntN(len(subs))], func(s string) string { return s + fmt.Sprintf("\n损坏后第%d条。\n", n) })
			compare(fmt.Sprintf("edit %d (damaged entry)", n))
			if len(warnings) == 0 {
				t.Errorf("edit %d: damaged cache entries were read without a warning", n)
			}
		}},
	}...)
	for n := range 34 {
		e := edits[n%len(edits)]
		if n >= len(edits) {
			e = edits[rng.IntN(len(edits))]
		}
		e.do(n)
		compare(fmt.Sprintf("edit %d (%s)", n, e.what))
		if undo != nil {
			undo()
			undo = nil
			compare(fmt.Sprintf("edit %d (%s) undone", n, e.what))
		}
	}

	// One title changed: every other result's page is left in place, the very file of
	// the build before, without the cache being asked for it.
	compare("before the last title")
	before := map[string]os.FileInfo{}
	filepath.WalkDir(warmOut, func(p string, d os.DirEntry, err error) error {
		if m, _ := filepath.Match(filepath.Join(warmOut, "*/results/*/*/index.html"), p); m && err == nil {
			before[p], _ = os.Stat(p)
		}
		return nil
	})
	// The open data of the years the title is not of is left in place too.
	edited := strings.Split(strings.TrimPrefix(subs[0], filepath.Join(root, "content")+"/"), "/")[0]
	data, _ := filepath.Glob(filepath.Join(warmOut, "data", "*.json"))
	if len(data) < 2 {
		t.Fatalf("open data of %d years in the last output", len(data))
	}
	for _, p := range data {
		if filepath.Base(p) != edited+".json" {
			before[p], _ = os.Stat(p)
		}
	}
	wasRecord := readRecord(newCheckedCache(cache, nil), warmOut, warmOut)
	if wasRecord == nil {
		t.Fatal("no record of the output")
	}
	cache.hits, cache.miss = 0, 0
	edit(subs[0], func(s string) string { return field("title").ReplaceAllString(s, "title: ${1}（终）") })
	compare("last title")
	kept := 0
	for p, info := range before {
		if now, err := os.Stat(p); err == nil && os.SameFile(info, now) {
			kept++
		} else if strings.HasSuffix(p, ".json") {
			t.Errorf("after a title of %s changed, %s was written again", edited, p)
		}
	}
	if len(before) < 10 || kept < len(before)-1 || cache.hits > len(before)/2 {
		t.Errorf("after one title changed, %d of %d result pages and other years' data were left in place, and the cache answered %d times", kept, len(before), cache.hits)
	}
	// by their keys, as pages are, not rendered again and compared with the old file's bytes
	record := readRecord(newCheckedCache(cache, nil), warmOut, warmOut)
	if record == nil {
		t.Fatal("no record of the output")
	}
	// The list of units shows their numbers of results, not their titles: it keeps its key
	// (it is placed, not rendered again).
	if was, now := wasRecord.files["units/index.html"].key, record.files["units/index.html"].key; was == "" || was != now {
		t.Errorf("after a title changed, the list of units has the key %q, had %q", now, was)
	}
	for _, p := range data {
		if name := "data/" + filepath.Base(p); record.files[name].key == "" {
			t.Errorf("%s is not in the record of the files placed by their keys", name)
		}
	}
	t.Logf("%d cold builds for the states of the tree compared", coldBuilds)
}

// mangle changes folder dir, an output a build left, as someone might by hand: a file
// added to a page's folder, a folder with a file added at the top, a page deleted, one
// edited in place keeping its size, one made private (mode 0600), a page's folder
// deleted, another replaced by a file, a unit's folder replaced by a link to a folder
// outside, a page by a link to a file outside. outside is a folder out of every output,
// whose files must stay as they are.
func mangle(t *testing.T, rng *rand.Rand, dir, outside string) {
	t.Helper()
	pages, _ := filepath.Glob(filepath.Join(dir, "*", "results", "*", "*", "index.html"))
	if len(pages) < 10 {
		t.Fatalf("only %d result pages in %s", len(pages), dir)
	}
	pick := func() string {
		i := rng.IntN(len(pages))
		p := pages[i]
		pages = slices.Delete(pages, i, i+1)
		return p
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(filepath.Dir(pick()), "stray.html"), []byte("<p>not built</p>"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "extra", "deep"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "extra", "deep", "x.html"), []byte("x"), 0o644))
	must(os.Remove(pick()))
	edited := pick()
	data, err := os.ReadFile(edited)
	must(err)
	must(os.WriteFile(edited, []byte(strings.Replace(string(data), "<h1", "<H1", 1)), 0o644))
	must(os.Chmod(pick(), 0o600))
	must(os.RemoveAll(filepath.Dir(pick())))
	gone := filepath.Dir(pick())
	must(os.RemoveAll(gone))
	must(os.WriteFile(gone, []byte("a file where a folder was"), 0o644))
	unit := filepath.Dir(filepath.Dir(pick()))
	must(os.RemoveAll(unit))
	must(os.Symlink(outside, unit))
	page := pick()
	if _, err := os.Lstat(page); err == nil {
		must(os.Remove(page))
		must(os.Symlink(filepath.Join(outside, "victim.html"), page))
	}
}

// TestBuildKeepsSameFiles: a build over the output of the one before keeps each file
// whose bytes did not change (the same file, its time unchanged, for rsync), the open
// data too, and writes the others anew.
func TestBuildKeepsSameFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("every file is written anew on Windows")
	}
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS(filepath.Join("..", "content"))); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Root: root, Now: testDate("2026-11-25")}
	out := filepath.Join(t.TempDir(), "public")
	if diags, _, err := Build(cfg, BuildOptions{Out: out}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	stat := func(rel string) os.FileInfo {
		info, err := os.Stat(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	same, changed, data2025 := stat("static/style.css"), stat("index.html"), stat("data/2025.json")
	site := filepath.Join(root, "content", "site.yaml")
	data, _ := os.ReadFile(site)
	os.WriteFile(site, []byte(strings.Replace(string(data), "title: ", "title: 新", 1)), 0o644)
	if diags, _, err := Build(cfg, BuildOptions{Out: out}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	if !os.SameFile(same, stat("static/style.css")) {
		t.Error("static/style.css did not change but was written anew")
	}
	if os.SameFile(changed, stat("index.html")) {
		t.Error("index.html changed but is the old file")
	}
	if !os.SameFile(data2025, stat("data/2025.json")) { // the open data, written in pieces into a new output
		t.Error("data/2025.json did not change but was written anew")
	}
}

// TestPageKeyPaths: the page keys tell a submission and a commendation file by path.
func TestPageKeyPaths(t *testing.T) {
	for _, c := range []struct {
		path     string
		sub, com bool
	}{
		{"content/2023/submissions/u/a.md", true, false},
		{"content/2023/submissions/u/v/a.md", true, false},
		{"content/2023/submissions/a.md", false, false},
		{"content/2023/submissions/u/a.yaml", false, false},
		{"content/submissions/u/a.md", false, false},
		{"layouts/2023/submissions/u/a.md", false, false},
		{"content/2023/commendations/u/x.yaml", false, true},
		{"content/2023/commendations/x.yaml", false, true},
		{"content/2023/commendations", false, false},
		{"content/units.yaml", false, false},
	} {
		if sub, com := isSubmission(c.path), isCommendation(c.path); sub != c.sub || com != c.com {
			t.Errorf("%s: submission %v, commendation %v", c.path, sub, com)
		}
	}
}
