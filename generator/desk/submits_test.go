package desk

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// Declarations are checked and proposed a few at a time, all people's together, and one
// at a time for each person: each holds its proofs in memory through the check and the
// upload (up to 20 of 20 MiB), and six submits of one admin's draft at once held 2.4 GiB
// of heap (and opened six pull requests). The rest wait their turn, or are told to try
// again with the draft kept.
func TestSubmitsAtOnceAreBounded(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	units := filepath.Join(f.root, "content/units.yaml")
	text, _ := os.ReadFile(units)
	write(t, f.root, "content/units.yaml", strings.Replace(string(text), "admins: [mine1-admin]", "admins: [mine1-admin, mine1-b, mine1-c]", 1))
	var busy atomic.Int32 // the second tries told to try again
	most := holdChecks(f, &busy, 3)
	var wg sync.WaitGroup
	var answersMu sync.Mutex
	var answers []string // what each post was answered, for the failure's message
	for _, login := range []string{"mine1-admin", "mine1-b", "mine1-c"} {
		c := f.as(login)
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w := f.postMultipart("/unit/kuangqu-mine1/declare", declaration2026(), []upload{{"proof", "a.pdf", pdf(login)}}, c)
				if w.Code == http.StatusServiceUnavailable && strings.Contains(w.Body.String(), "草稿已保存") {
					busy.Add(1)
				}
				answersMu.Lock()
				answers = append(answers, fmt.Sprintf("%s: %d %s", login, w.Code, statusLine(w.Body.String())))
				answersMu.Unlock()
			}()
		}
	}
	wg.Wait()
	proposed := 0
	for _, login := range []string{"mine1-admin", "mine1-b", "mine1-c"} {
		proposed += len(f.forge(login).proposed)
	}
	if most.Load() > maxSubmitsAtOnce || proposed != 3 || busy.Load() != 3 {
		t.Errorf("%d declarations checked at once (at most %d), %d pull requests opened for 3 people (want 3), %d told to try again (want 3); the answers:\n%s",
			most.Load(), maxSubmitsAtOnce, proposed, busy.Load(), strings.Join(answers, "\n"))
	}
}

// The other forms that open a pull request (a bulletin, a recommendation, an expert's
// scores, the city's results) take the same turns: each runs the checker over the whole
// tree (0.9 s and 61 MB for 2,000 results), and a county admin's ten posts at once ran
// ten checks at once.
func TestChecksOfOtherFormsTakeTurns(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	units := filepath.Join(f.root, "content/units.yaml")
	text, _ := os.ReadFile(units)
	write(t, f.root, "content/units.yaml", strings.Replace(string(text), "admins: [kuangqu-union]", "admins: [kuangqu-union, kuangqu-b]", 1))
	var busy atomic.Int32
	most := holdChecks(f, &busy, 3)
	var wg sync.WaitGroup
	for _, p := range []struct{ login, county string }{{"kuangqu-union", "kuangqu"}, {"kuangqu-b", "kuangqu"}, {"chengqu-union", "chengqu"}} {
		c := f.as(p.login)
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w := f.postForm("/county/"+p.county+"/bulletin", bulletinValues(), c)
				if strings.Contains(w.Body.String(), "正在处理") {
					busy.Add(1)
				}
			}()
		}
	}
	wg.Wait()
	if most.Load() > maxSubmitsAtOnce || busy.Load() != 3 {
		t.Errorf("%d checks at once (at most %d), %d posts told to try again (want 3)", most.Load(), maxSubmitsAtOnce, busy.Load())
	}
}

// holdChecks restarts f's desk with its checker counting the checks that run at once (the
// most of them in most) and holding each until busy has reached answered (the posts told
// to try again were answered) or ten seconds have passed.
func holdChecks(f *fixture, busy *atomic.Int32, answered int32) (most *atomic.Int32) {
	most = new(atomic.Int32)
	var inFlight atomic.Int32
	release := make(chan struct{})
	go func() {
		defer close(release)
		for deadline := time.Now().Add(10 * time.Second); busy.Load() < answered && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
	}()
	check := f.opt.Check
	f.opt.Check = func(fsys fs.FS, now content.Date) (*content.Tree, *diag.List, error) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		<-release
		return check(fsys, now)
	}
	f.restart()
	return most
}

// statusLine is the message a page of the desk shows at its top, and the findings' lines, for
// a test's report.
func statusLine(body string) string {
	var out []string
	for _, mark := range []string{`<p class="flash" role="status">`, `<p class="problem" role="alert">`} {
		for rest := body; ; {
			i := strings.Index(rest, mark)
			if i < 0 {
				break
			}
			rest = rest[i+len(mark):]
			line, _, _ := strings.Cut(rest, "</")
			out = append(out, strings.TrimSpace(line))
		}
	}
	return strings.Join(out, " | ")
}

// TestSubmittedDraftIsNotProposedTwice: a draft whose pull request is open is not
// proposed again (a second pull request of the same files, which the reviewers would
// have to tell apart); once that pull request is closed unmerged, it may be.
func TestSubmittedDraftIsNotProposedTwice(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", declaration2026(), []upload{{"proof", "a.pdf", pdf("证明")}}, c); w.Code != http.StatusSeeOther {
		t.Fatalf("first submit: %d %s", w.Code, statusLine(w.Body.String()))
	}
	dr := newestDraft(t, f)
	again := declaration2026()
	again.Set("draft", dr.ID)
	again.Set("proof_title_"+dr.Proofs[0].File, dr.Proofs[0].Title)
	w := f.postMultipart("/unit/kuangqu-mine1/declare", again, nil, c)
	if w.Code != http.StatusConflict || !strings.Contains(statusLine(w.Body.String()), "已经提交为合并请求 #1") || len(f.forge("mine1-admin").proposed) != 1 {
		t.Fatalf("second submit while #1 is open: %d %s, %d proposed", w.Code, statusLine(w.Body.String()), len(f.forge("mine1-admin").proposed))
	}
	fg := f.forge("mine1-admin")
	fg.mu.Lock()
	fg.open = nil // closed without merging
	fg.mu.Unlock()
	f.s.prList.forget()
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", again, nil, c); w.Code != http.StatusSeeOther || len(fg.proposed) != 2 {
		t.Errorf("submit after #1 was closed: %d %s, %d proposed", w.Code, statusLine(w.Body.String()), len(fg.proposed))
	}
}

// A form of a draft saved since (in another tab, or on the phone) changes nothing: the post
// is refused with the draft as it is now, so that neither tab's work is lost unseen.
func TestStaleDraftFormIsNotSaved(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	dr := savedDraft(t, f, c)
	page := f.get("/unit/kuangqu-mine1/declare?draft="+dr.ID, c).Body.String()
	if !strings.Contains(page, fmt.Sprintf(`name="rev" value="%d"`, dr.Rev)) || dr.Rev == 0 {
		t.Fatalf("the form does not carry the draft's revision %d", dr.Rev)
	}
	phone := declaration2026()
	phone.Set("action", "save")
	phone.Set("draft", dr.ID)
	phone.Set("rev", fmt.Sprint(dr.Rev))
	phone.Set("title", "井下皮带自动张紧装置（手机上改）")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", phone, nil, c); w.Code != http.StatusOK {
		t.Fatalf("the phone's save: %d", w.Code)
	}
	computer := declaration2026() // the same form, opened before the phone saved
	computer.Set("action", "save")
	computer.Set("draft", dr.ID)
	computer.Set("rev", fmt.Sprint(dr.Rev))
	computer.Set("title", "井下皮带自动张紧装置（电脑上改）")
	w := f.postMultipart("/unit/kuangqu-mine1/declare", computer, []upload{{"proof", "a.pdf", pdf("证明")}}, c)
	now := newestDraft(t, f)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "又在另一个窗口或设备上保存") || now.Form.Title != "井下皮带自动张紧装置（手机上改）" || len(now.Proofs) != 0 {
		t.Errorf("the stale form: %d, kept title %q, %d proofs", w.Code, now.Form.Title, len(now.Proofs))
	}
	if !strings.Contains(w.Body.String(), "手机上改") {
		t.Error("the refusal does not show the draft as it is now")
	}
}

// Two writes of a draft read at the same revision: the second is refused, whichever
// request it was (two saves at once, or a save racing the record of its pull request). A
// save that had read the draft before its pull request was recorded took the link away,
// and the next 检查并提交 opened a second pull request of the same.
func TestDraftWritesOfOneRevisionTakeTurns(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	id := savedDraft(t, f, f.as("mine1-admin")).ID
	one, _ := f.s.drafts.load("mine1-admin", "kuangqu-mine1", id)
	two, _ := f.s.drafts.load("mine1-admin", "kuangqu-mine1", id)
	if err := f.s.drafts.submitted("mine1-admin", one, "https://forge.test/pr/1"); err != nil {
		t.Fatal(err)
	}
	two.Form.Title = "改了标题"
	if err := f.s.drafts.save("mine1-admin", two); !errors.Is(err, errDraftChanged) {
		t.Errorf("a save of the draft read before its pull request was recorded: %v, want errDraftChanged", err)
	}
	if kept, _ := f.s.drafts.load("mine1-admin", "kuangqu-mine1", id); kept.PR != "https://forge.test/pr/1" || kept.Form.Title == "改了标题" {
		t.Errorf("kept: pull request %q, title %q", kept.PR, kept.Form.Title)
	}
	// The record of the pull request itself is never refused: it is made on the draft as kept.
	three, _ := f.s.drafts.load("mine1-admin", "kuangqu-mine1", id)
	three.Form.Title = "又改了"
	if err := f.s.drafts.save("mine1-admin", three); err != nil {
		t.Fatal(err)
	}
	if err := f.s.drafts.submitted("mine1-admin", two, "https://forge.test/pr/2"); err != nil || two.Form.Title != "又改了" {
		t.Errorf("recording a pull request on a draft saved since: %v, title %q", err, two.Form.Title)
	}
}

// savedDraft saves kuangqu-mine1's declaration2026 as a new draft of mine1-admin (his
// cookie c) and returns it.
func savedDraft(t *testing.T, f *fixture, c *http.Cookie) *draft {
	t.Helper()
	v := declaration2026()
	v.Set("action", "save")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c); w.Code != http.StatusOK {
		t.Fatalf("save: %d", w.Code)
	}
	return newestDraft(t, f)
}
