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
	ctx, cancel := context.WithTimeout(r.Context(), 60*time.Second)
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

// busyMessage tells a person whose change found no turn to submit it again later.
const busyMessage = "工作台正在处理其他提交（或您的上一次提交还没有完成），这次没有提交。请过一两分钟再提交。"

// stamp makes branch names unique without a clock a person could read as meaning.
func stamp() string { return newDraftID()[:6] }

// done shows the page that says a pull request was opened.
func (s *Server) done(w http.ResponseWriter, r *http.Request, v *visit, what string, pr *PullRequest, back string) {
	s.render(w, r, http.StatusOK, "done", &page{Title: "已提交", Login: v.login,
		Data: map[string]any{"What": what, "PR": pr, "Back": back}})
}
