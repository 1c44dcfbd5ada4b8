// Package desk is `wuxiao desk`: the web workbench beside the forge where unit admins, county unions, experts and the city office do their part with forms, each change a pull request by that person's own account, checked by the real checker first.
//
// The desk keeps no record of its own: the base branch is the truth (roles come from its
// units.yaml and experts.yaml), every write goes through Forge as the signed-in person, and
// only drafts (a person's unfinished forms and proofs) live on the desk's disk.
package desk

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/forge"
	"wuxiao/generator/fserr"
)

// Options configure a desk; New validates them.
type Options struct {
	Forge        string // github, gitea or forgejo
	ForgeURL     string // the forge's web root: https://github.com/ or the Gitea's root URL
	Repo         string // owner/name of the content repository
	Branch       string // the base branch, default main
	ClientID     string // the OAuth application's
	ClientSecret string
	Scopes       []string // OAuth scopes; default per forge
	BaseURL      string   // where the desk is served, e.g. https://desk.example.org/
	SessionKey   []byte   // at least 32 bytes of secret: seals the session cookies and signs the sign-in cookie (SessionKey reads it from a file)
	Drafts       string   // folder of the drafts (server side, one subfolder per person)
	// ClientIPHeader names the header in which the proxy in front (nginx) passes the
	// client's address, e.g. X-Real-IP; empty: the peer's address is the client's, and no
	// header a client sends is believed.
	ClientIPHeader string

	Base    Base                                                 // the base branch's tree
	Connect func(ctx context.Context, token *oauth2.Token) Forge // the forge as one person
	// Revoke asks the forge to revoke a signed-out person's token (forge.Revoke); nil, or
	// an error wrapping forge.ErrCannotRevoke, when the forge has no way to.
	Revoke func(ctx context.Context, token *oauth2.Token) error
	// Check runs every rule of wuxiao check over the folder fsys (holding content/).
	Check func(fsys fs.FS, now content.Date) (*content.Tree, *diag.List, error)
	Now   func() content.Date // today in the city; default: the clock in Beijing time
	Audit io.Writer           // the audit log (JSON lines); nil: discarded
	Logf  func(format string, args ...any)
	// Endpoint overrides the OAuth endpoints (tests); default from Forge and ForgeURL.
	Endpoint *oauth2.Endpoint
	// HTTPClient makes the requests to the OAuth token endpoint; default http.DefaultClient.
	// It follows no redirect to another host either way (forge.OnHost).
	HTTPClient *http.Client
}

// Server is a running desk: one value, no package state.
type Server struct {
	opt      Options
	oauth    *oauth2.Config
	client   *http.Client // for the OAuth token endpoint (tokenContext)
	secure   bool         // cookies carry Secure (the desk is served over https)
	sessions *sessions
	limits   *limiter
	pages    *template.Template
	audit    *auditLog
	drafts   *draftStore
	live     *liveSessions
	verdicts *verdicts
	prList   *prList
	submits  *submitGate
	checked  *baseCheck // the base's findings, for the city's dashboard
	handler  http.Handler
}

// New checks opt and returns the desk's server.
func New(opt Options) (*Server, error) {
	if opt.Branch == "" {
		opt.Branch = "main"
	}
	if opt.Now == nil {
		opt.Now = today
	}
	if opt.Logf == nil {
		opt.Logf = log.Printf
	}
	logf := opt.Logf // a full disk or a folder without permission said in Chinese
	opt.Logf = func(format string, args ...any) { logf(format, fserr.Args(args)...) }
	var problems []string
	switch opt.Forge {
	case "github", "gitea", "forgejo":
	default:
		problems = append(problems, fmt.Sprintf("代码托管平台应为 github、gitea 或 forgejo，而不是 %q", opt.Forge))
	}
	if !strings.Contains(opt.Repo, "/") {
		problems = append(problems, "请给出内容仓库，写成 所有者/仓库名")
	}
	if opt.ClientID == "" || opt.ClientSecret == "" {
		problems = append(problems, "缺少 OAuth 应用的 client id 或 client secret")
	}
	if len(opt.SessionKey) < 32 {
		problems = append(problems, "会话密钥至少 32 字节")
	}
	u, err := url.Parse(opt.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, "工作台网址（base URL）应是 http(s) 开头的完整网址")
	}
	if opt.Drafts == "" {
		problems = append(problems, "请给出保存草稿的目录")
	}
	if opt.Base == nil || opt.Connect == nil || opt.Check == nil {
		problems = append(problems, "内部错误：缺少基准分支、托管平台或检查程序")
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "；"))
	}
	opt.BaseURL = strings.TrimRight(opt.BaseURL, "/") + "/"
	ep := endpoint(opt.Forge, opt.ForgeURL)
	if opt.Endpoint != nil {
		ep = *opt.Endpoint
	}
	if opt.Scopes == nil {
		opt.Scopes = defaultScopes(opt.Forge)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	drafts, err := newDraftStore(opt.Drafts)
	if err != nil {
		return nil, err
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = http.DefaultClient
	}
	s := &Server{
		opt:    opt,
		client: forge.OnHost(opt.HTTPClient),
		oauth: &oauth2.Config{ClientID: opt.ClientID, ClientSecret: opt.ClientSecret, Endpoint: ep,
			RedirectURL: opt.BaseURL + "oauth/callback", Scopes: opt.Scopes},
		secure:   u.Scheme == "https",
		sessions: newSessions(opt.SessionKey, 8*time.Hour),
		limits:   newLimiter(),
		pages:    pages,
		audit:    newAuditLog(opt.Audit, addressFrom(opt.ClientIPHeader)),
		drafts:   drafts,
		live:     newLiveSessions(),
		verdicts: newVerdicts(),
		prList:   &prList{},
		submits:  newSubmitGate(maxSubmitsAtOnce),
		checked:  &baseCheck{},
	}
	s.sessions.logf, s.sessions.name = opt.Logf, s.cookieName(sessionCookie)
	s.drafts.now = func() time.Time { return s.sessions.now() }
	s.sessions.keepEnded(filepath.Join(opt.Drafts, signedOutFile))
	s.handler = s.routes()
	return s, nil
}

// tokenContext is ctx carrying the client the oauth2 package asks the token endpoint
// with: a redirect elsewhere would resend the application's secret, the code and its
// verifier, or a refresh token, to another host.
func (s *Server) tokenContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, s.client)
}

// ServeHTTP serves the desk.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// endpoint is the OAuth authorization server of a forge.
func endpoint(kind, forgeURL string) oauth2.Endpoint {
	if kind == "github" && (forgeURL == "" || strings.Contains(forgeURL, "://github.com")) {
		return oauth2.Endpoint{AuthURL: "https://github.com/login/oauth/authorize",
			TokenURL: "https://github.com/login/oauth/access_token", AuthStyle: oauth2.AuthStyleInParams}
	}
	root := strings.TrimRight(forgeURL, "/")
	return oauth2.Endpoint{AuthURL: root + "/login/oauth/authorize", TokenURL: root + "/login/oauth/access_token"}
}

// defaultScopes are the least each forge needs: write the repository's branches and pull
// requests, read the person's login.
func defaultScopes(kind string) []string {
	if kind == "github" {
		return []string{"repo", "read:user"}
	}
	return []string{"write:repository", "read:user"}
}

// today is the current day in China Standard Time.
func today() content.Date {
	return content.Today()
}
