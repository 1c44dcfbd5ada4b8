package desk

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestMergedDraftIsPruned: once its pull request is merged (the forge no longer lists it,
// the base holds the result), a submitted draft and its proofs leave the desk's disk: they
// are in the repository now.
func TestMergedDraftIsPruned(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	f.s.drafts.grace = 0
	c := f.as("mine1-admin")
	proof := pdf("x")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", declaration2026(), []upload{{"proof", "证明.pdf", proof}}, c); w.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d", w.Code)
	}
	f.get("/unit/kuangqu-mine1/", c)
	if n := len(f.s.drafts.list("mine1-admin", "kuangqu-mine1")); n != 1 {
		t.Fatalf("%d drafts while the pull request is open", n)
	}
	fk := f.forge("mine1-admin")
	for p, data := range fk.proposed[0].Files {
		write(t, f.root, p, string(data))
	}
	fk.open = nil
	f.s.opt.Base = &DirBase{Root: f.root}
	f.get("/unit/kuangqu-mine1/", c)
	if n := len(f.s.drafts.list("mine1-admin", "kuangqu-mine1")); n != 0 {
		t.Errorf("%d drafts after the merge", n)
	}
	sum := sha256.Sum256(proof)
	if _, err := f.s.drafts.readProof("mine1-admin", "kuangqu-mine1", hex.EncodeToString(sum[:])); err == nil {
		t.Errorf("the merged draft's proof is still on the disk")
	}
	if !strings.Contains(f.audit.String(), `"action":"draft-pruned"`) {
		t.Errorf("audit log:\n%s", f.audit)
	}
}

// TestOldDraftsArePruned: a draft not saved for maxDraftAge is deleted with its proofs by
// the desk's sweep; a younger one stays.
func TestOldDraftsArePruned(t *testing.T) {
	f, clock, _ := clocked(t)
	f.s.drafts.grace = 0
	c := f.as("mine1-admin")
	f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"旧的"}, "action": {"save"}}, []upload{{"proof", "a.pdf", pdf("旧")}}, c)
	*clock = clock.Add(maxDraftAge - 24*time.Hour)
	c = f.as("mine1-admin")
	f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"新的"}, "action": {"save"}}, nil, c)
	*clock = clock.Add(48 * time.Hour)
	f.s.sweepDrafts()
	d := f.s.drafts.list("mine1-admin", "kuangqu-mine1")
	if len(d) != 1 || d[0].Form.Title != "新的" {
		t.Fatalf("after the sweep: %+v", d)
	}
	sum := sha256.Sum256(pdf("旧"))
	if _, err := f.s.drafts.readProof("mine1-admin", "kuangqu-mine1", hex.EncodeToString(sum[:])); err == nil {
		t.Errorf("the old draft's proof is still on the disk")
	}
}

// TestKeptDraftsHaveACeiling: submitted drafts count too (each opened a pull request, ten a
// minute at most): past maxKept one person keeps for one unit, no new draft is made.
func TestKeptDraftsHaveACeiling(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	f.s.drafts.maxKept = 3
	for i := range 3 {
		dr := &draft{ID: newDraftID(), Unit: "kuangqu-mine1", PR: "https://forge.test/pr/" + string(rune('a'+i))}
		if err := f.s.drafts.save("mine1-admin", dr); err != nil {
			t.Fatal(err)
		}
	}
	w := f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"试验"}, "action": {"save"}}, nil, f.as("mine1-admin"))
	if w.Code != http.StatusInsufficientStorage || !strings.Contains(w.Body.String(), "3 份") || len(f.s.drafts.list("mine1-admin", "kuangqu-mine1")) != 3 {
		t.Errorf("a draft past the ceiling: %d\n%s", w.Code, w.Body)
	}
}

// TestDraftsFolderHasATotalCeiling: all the desk's drafts' proofs together have a ceiling
// (many admins each within their own), past which a proof is refused beside its field.
func TestDraftsFolderHasATotalCeiling(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	f.s.drafts.total = 5000
	big := append(pdf("一"), make([]byte, 3000)...)
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", url.Values{"title": {"甲"}, "action": {"save"}}, []upload{{"proof", "a.pdf", big}}, f.as("mine1-admin")); strings.Contains(w.Body.String(), "没有收下") {
		t.Fatalf("the first proof was refused:\n%s", w.Body)
	}
	other := append(pdf("二"), make([]byte, 3000)...)
	w := f.postMultipart("/unit/chengqu-heating/declare", url.Values{"title": {"乙"}, "action": {"save"}}, []upload{{"proof", "b.pdf", other}}, f.as("heating-admin"))
	if !strings.Contains(w.Body.String(), "存储空间已满") {
		t.Errorf("a proof past the desk's ceiling:\n%s", w.Body)
	}
	if d := f.s.drafts.list("heating-admin", "chengqu-heating"); len(d) != 1 || len(d[0].Proofs) != 0 {
		t.Errorf("drafts %+v", d)
	}
}

// TestClosedDraftOfAnOldTitleStays: a submitted draft whose pull request was closed without
// merging stays (to be fixed and submitted again), even when the unit has a result of the
// same title from another year.
func TestClosedDraftOfAnOldTitleStays(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	dr := &draft{ID: newDraftID(), Unit: "kuangqu-mine1", Year: 2026, Form: declaration{Title: "皮带输送机自动纠偏装置"}, PR: "https://forge.test/pr/9"}
	if err := f.s.drafts.save("mine1-admin", dr); err != nil {
		t.Fatal(err)
	}
	page := f.get("/unit/kuangqu-mine1/", f.as("mine1-admin")).Body.String()
	if n := len(f.s.drafts.list("mine1-admin", "kuangqu-mine1")); n != 1 {
		t.Errorf("%d drafts: a closed pull request's draft was deleted", n)
	}
	if !strings.Contains(page, "?draft="+dr.ID) {
		t.Errorf("the closed pull request's draft is not listed to be opened again:\n%s", page)
	}
}
