package generator

import (
	"context"
	"fmt"
	"slices"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/live"
)

// session is one run of wuxiao serve: what the browsers are shown, and the full checks
// that run behind the quick ones. Its methods run on one goroutine; fullWorker on another.
type session struct {
	p          *preview
	srv        *live.Server
	logf       func(format string, args ...any)
	gen        int           // counts the quick checks
	remembered int           // the gen of the full check the preview remembers
	tree       *content.Tree // the tree of the site published last; nil before the first
	// good is the last tree that passed the full check: its site is made again (patched
	// back, mostly) when a later one fails it.
	good     *content.Tree
	problems []live.Problem // published with it
	jobs     chan fullJob   // to the full-check worker: only the latest waits (buffer 1)
	stop     chan struct{}  // closed to stop the latest full check, once a newer change comes
	results  chan fullJob
	settled  func(errors int) // called after each full check that was not superseded
}

// fullJob is one full check to run, and once run its findings.
type fullJob struct {
	gen   int
	done  <-chan struct{} // closed when a newer change supersedes it
	tree  *content.Tree
	base  *diag.List
	now   content.Date
	found *diag.List
	took  time.Duration
}

func newSession(p *preview, srv *live.Server, logf func(string, ...any)) *session {
	return &session{p: p, srv: srv, logf: logf, jobs: make(chan fullJob, 1), results: make(chan fullJob)}
}

// publish shows site (nil: keep the shown one) with problems, unless nothing would change.
func (s *session) publish(site *previewSite, tree *content.Tree, problems []live.Problem) {
	if site == nil && slices.Equal(problems, s.problems) {
		return
	}
	if site != nil {
		s.tree = tree
	}
	s.problems = problems
	if site == nil {
		s.srv.Publish(nil, problems)
	} else {
		s.srv.Publish(site, problems)
	}
}

// change runs the quick check after changed (nil: everything), publishes its outcome
// and hands the full check to the worker; it returns how long the quick part took.
//
// A full check still running for an earlier change is stopped first, so that the quick
// check has the cores, unless no full check has finished yet: the quick checks build
// on the last one.
func (s *session) change(changed []string) time.Duration {
	start := time.Now()
	if s.stop != nil && s.remembered > 0 {
		close(s.stop)
		s.stop = nil
	}
	s.gen++
	tree, base, err := s.p.load(changed)
	if err != nil {
		s.publish(nil, nil, []live.Problem{{Rule: "build", Message: err.Error()}})
		s.logf("无法读取内容：%v", err)
		return time.Since(start)
	}
	loaded := time.Now()
	var site *previewSite
	var siteErr error
	patch := s.p.patchable(tree)
	prepared := make(chan time.Time, 1)
	if !patch {
		go func() { // a new site while the check runs: two cores do both at once
			site, siteErr = s.p.site(tree)
			prepared <- time.Now()
		}()
	}
	found := s.p.quick(tree, base, changed)
	checked := time.Now()
	errs, _ := found.Count()
	ready := checked
	switch {
	case !patch:
		ready = <-prepared
	case errs == 0: // the site shown is patched, so only once the check passed
		site, siteErr = s.p.site(tree)
		ready = time.Now()
	}
	took := func() string {
		how := "同时准备网站"
		switch {
		case site != nil && site.patched:
			how = "然后修补网站"
		case patch:
			how = "然后准备网站" // a page was still being rendered: a new site was quicker
		}
		return fmt.Sprintf("用时 %d 毫秒：读取 %d，检查 %d，%s %d", time.Since(start).Milliseconds(),
			loaded.Sub(start).Milliseconds(), checked.Sub(loaded).Milliseconds(), how, ready.Sub(loaded).Milliseconds())
	}
	if errs > 0 {
		s.publish(nil, nil, problems(found))
		s.logf("检查未通过：%d 个错误，继续显示上一次的网站（%s）", errs, took())
	} else if siteErr != nil {
		s.publish(nil, nil, []live.Problem{{Rule: "build", Message: siteErr.Error()}})
		s.logf("生成网站失败：%v", siteErr)
	} else {
		s.publish(site, tree, nil)
		what := fmt.Sprintf("%d 处改动", len(changed))
		if changed == nil {
			what = "读取全部内容"
		}
		s.logf("已生成网站（%s，%s）", what, took())
	}
	if s.stop == nil {
		s.stop = make(chan struct{})
	}
	job := fullJob{gen: s.gen, done: s.stop, tree: tree, base: base, now: s.p.now()}
	select {
	case <-s.jobs: // a full check that had not started is superseded
	default:
	}
	s.jobs <- job
	return time.Since(start)
}

// settle takes a full check's findings, if no change came since: a site that fails it
// gives way to the last good one, under the errors; one that passes becomes the good one.
func (s *session) settle(j fullJob) {
	if j.gen > s.remembered { // even when superseded: the quick checks build on it
		s.p.remember(j.tree, j.base, j.found)
		s.remembered = j.gen
	}
	if j.gen != s.gen {
		return
	}
	errs, _ := j.found.Count()
	if s.settled != nil {
		defer s.settled(errs)
	}
	switch {
	case errs > 0 && s.tree == j.tree && s.good != nil:
		site, err := s.p.site(s.good) // back to the last good site
		if err != nil {
			s.publish(nil, nil, problems(j.found))
			s.logf("生成网站失败：%v", err)
			return
		}
		s.publish(site, s.good, problems(j.found))
		s.logf("完整检查发现 %d 个错误，恢复显示上一次通过检查的网站（用时 %.1f 秒）", errs, j.took.Seconds())
	case errs > 0:
		s.publish(nil, nil, problems(j.found))
		s.logf("完整检查发现 %d 个错误（用时 %.1f 秒）", errs, j.took.Seconds())
	case s.tree == j.tree:
		s.good = s.tree
	default: // the quick check erred on findings the full check no longer has
		site, err := s.p.site(j.tree)
		if err != nil {
			s.logf("生成网站失败：%v", err)
			return
		}
		s.publish(site, j.tree, nil)
		s.good = j.tree
		s.logf("完整检查通过，已重新生成（用时 %.1f 秒）", j.took.Seconds())
	}
}

// fullWorker runs the latest full check a little after it is asked for (so that it does not
// slow the reload it follows), and again whenever a newer one comes, until ctx ends.
func (s *session) fullWorker(ctx context.Context, delay time.Duration) {
	for {
		var j fullJob
		select {
		case <-ctx.Done():
			return
		case j = <-s.jobs:
		}
		for waiting := true; waiting; {
			select {
			case <-ctx.Done():
				return
			case newer := <-s.jobs:
				j = newer
			case <-time.After(delay):
				waiting = false
			}
		}
		start := time.Now()
		j.found = s.p.full(j.done, j.tree, j.base, j.now)
		j.took = time.Since(start)
		if j.found == nil {
			continue // stopped: a newer change has its own
		}
		select {
		case s.results <- j:
		case <-ctx.Done():
			return
		}
	}
}
