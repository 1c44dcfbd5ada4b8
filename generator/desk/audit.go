package desk

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// auditLog writes one JSON line per action that matters: sign-ins, refusals, drafts and
// pull requests. It never writes a token, a cookie or a form's contents.
type auditLog struct {
	mu      sync.Mutex
	w       io.Writer
	address func(*http.Request) string // the client's address (addressFrom)
}

func newAuditLog(w io.Writer, address func(*http.Request) string) *auditLog {
	if w == nil {
		w = io.Discard
	}
	return &auditLog{w: w, address: address}
}

// event is one line of the audit log.
type event struct {
	Time   string `json:"time"`
	Login  string `json:"login,omitempty"`
	IP     string `json:"ip,omitempty"`
	Action string `json:"action"`
	Target string `json:"target,omitempty"`
	Result string `json:"result"`
	Detail string `json:"detail,omitempty"`
}

func (a *auditLog) log(r *http.Request, login, action, target, result, detail string) {
	e := event{Time: time.Now().UTC().Format(time.RFC3339), Login: clip(login), Action: action, Target: clip(target), Result: result, Detail: clip(detail)}
	if r != nil {
		e.IP = a.address(r)
	}
	line, _ := json.Marshal(e)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.w.Write(append(line, '\n'))
}

// clip bounds a field of the log that a request can make long (a path, a login).
func clip(s string) string {
	const most = 300
	if len(s) <= most {
		return s
	}
	s = strings.ToValidUTF8(s[:most], "")
	return s + "…"
}
