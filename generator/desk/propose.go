package desk

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"wuxiao/generator/diag"
)

// propose checks files over the base tree and, if the checker finds no error in them,
// opens the pull request; it returns the findings (field from fieldOf) and the pull
// request, or a sentence for the person when the forge failed.
func (s *Server) propose(r *http.Request, v *visit, action, target string, c Change, fieldOf func(diag.Diagnostic) string) (findings, *PullRequest, string) {
	if !s.submits.enter(r.Context(), v.login, submitWait) { // each check reads the whole tree
		s.audit.log(r, v.login, action, target, "refused", "busy")
		return findings{}, nil, busyMessage
	}
	defer s.submits.leave(v.login)
	return s.proposeInTurn(r, v, action, target, c, fieldOf)
}

// proposeInTurn is propose for a change that holds its person's turn already.
func (s *Server) proposeInTurn(r *http.Request, v *visit, action, target string, c Change, fieldOf func(diag.Diagnostic) string) (findings, *PullRequest, string) {
	found, err := s.checkChange(v.fsys, c, fieldOf)
	if err != nil {
		s.opt.Logf("desk: check: %v", err)
		return found, nil, "检查程序无法运行，没有提交，请稍后再试。"
	}
	if found.Errors > 0 {
		s.audit.log(r, v.login, action, target, "refused", fmt.Sprintf("%d findings", found.Errors))
		return found, nil, fmt.Sprintf("检查发现 %d 个问题，没有提交。请按说明修改后再提交。", found.Errors)
	}
	ctx, cancel := context.WithTimeout(r.Context(), proposeTime(c))
	defer cancel()
	pr, err := s.forge(ctx, v).Propose(ctx, c)
	s.prList.forget() // even a failure may have opened it
	if err != nil {
		why, said := forgeTrouble(err)
		s.audit.log(r, v.login, action, target, "failed", why)
		s.opt.Logf("desk: opening pull request: %v", err)
		return found, nil, "没有提交：" + said
	}
	s.audit.log(r, v.login, action, target, "ok", pr.URL)
	if rb, ok := s.opt.Base.(interface{ Refresh() }); ok {
		rb.Refresh()
	}
	return found, &pr, ""
}

// proposeTime is how long c may take with the forge, its commit and its pull request: a
// minute, and a second more for every 4 MiB of proofs. A declaration's 20 proofs of 20 MiB
// took 33 s to commit to Gitea 1.26 on one machine (the CI's, over loopback), and get 160
// s; with the turn's wait (submitWait) and the check, a submission stays well inside the
// desk's 5 minutes for an answer (WriteTimeout) and the README's nginx proxy_read_timeout.
func proposeTime(c Change) time.Duration {
	var proofs int64
	for _, p := range c.Proofs {
		proofs += p.Size
	}
	return time.Minute + time.Duration(proofs>>22)*time.Second
}

// busyMessage tells a person whose change found no turn to submit it again later.
const busyMessage = "工作台正在处理其他提交（或您的上一次提交还没有完成），这次没有提交。请过一两分钟再提交。"

// stamp makes branch names unique without a clock a person could read as meaning.
func stamp() string { return newDraftID()[:6] }

// done shows the page that says a pull request was opened.
func (s *Server) done(w http.ResponseWriter, r *http.Request, v *visit, what string, pr *PullRequest, back string) {
	s.render(w, r, http.StatusOK, "done", &page{Title: "已提交", Login: v.login,
		Data: map[string]any{"What": what, "PR": pr, "Back": back}})
}
