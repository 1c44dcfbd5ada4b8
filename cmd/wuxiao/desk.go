package main

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"wuxiao/generator"
	"wuxiao/generator/content"
	"wuxiao/generator/desk"
	"wuxiao/generator/diag"
	"wuxiao/generator/forge"
)

// desk: wuxiao desk --repo OWNER/NAME --base-url URL [--forge github|gitea|forgejo] [--forge-url URL] [--root DIR] ...
func (m *Main) desk(args []string) int {
	fl := m.newFlags("desk")
	stderr := m.Stderr
	root := fl.String("root", ".", "内容仓库在本机的克隆（工作台定时从基准分支拉取）")
	kind := fl.String("forge", "github", "代码托管平台：github、gitea 或 forgejo")
	forgeURL := fl.String("forge-url", "", "托管平台的网址（Gitea/Forgejo 必填；GitHub 默认为 https://github.com/）")
	repo := fl.String("repo", "", "内容仓库，写成 所有者/仓库名")
	branch := fl.String("branch", "main", "基准分支")
	addr := fl.String("addr", "127.0.0.1:8080", "监听地址（前面由 nginx 等提供 https）")
	baseURL := fl.String("base-url", "", "工作台对外的网址，如 https://desk.example.cn/（OAuth 回调为其下的 oauth/callback）")
	clientID := fl.String("client-id", m.getenv("WUXIAO_DESK_CLIENT_ID"), "OAuth 应用的 client id（或环境变量 WUXIAO_DESK_CLIENT_ID）")
	secretFile := fl.String("client-secret-file", "", "保存 OAuth client secret 的文件（或环境变量 WUXIAO_DESK_CLIENT_SECRET）")
	keyFile := fl.String("session-key-file", "", "会话密钥文件（不存在时生成，权限 0600，不能在内容仓库内；重启后会话仍有效），或环境变量 WUXIAO_DESK_SESSION_KEY")
	drafts := fl.String("drafts", "desk-data/drafts", "保存草稿和待提交的证明材料的目录（不在内容仓库内）")
	auditFile := fl.String("audit", "desk-data/audit.log", "审计日志（JSON，每行一条，追加写入）")
	ipHeader := fl.String("client-ip-header", "", "前面的 nginx 等传来访问者地址的请求头，如 X-Real-IP（频率限制和审计日志按它区分访问者；不在代理后面时不要设）")
	if code, ok := parseFlags(fl, args); !ok {
		return code
	}
	secret, err := m.secretFrom(*secretFile, "WUXIAO_DESK_CLIENT_SECRET")
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao desk：%v\n", err)
		return ExitUsage
	}
	key := []byte(m.getenv("WUXIAO_DESK_SESSION_KEY"))
	if *keyFile != "" {
		if key, err = desk.SessionKey(*keyFile, *root); err != nil {
			fmt.Fprintf(stderr, "wuxiao desk：%v\n", err)
			return ExitUsage
		}
	}
	k, err := forge.ParseKind(*kind)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao desk：%v\n", err)
		return ExitUsage
	}
	r, err := forge.ParseRepo(*repo)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao desk：%v\n", err)
		return ExitUsage
	}
	if k != forge.GitHub && *forgeURL == "" {
		fmt.Fprintln(stderr, "wuxiao desk：Gitea/Forgejo 须用 --forge-url 给出平台网址")
		return ExitUsage
	}
	for _, p := range []struct{ what, path string }{{"草稿目录（--drafts）", *drafts}, {"审计日志（--audit）", *auditFile}} {
		if desk.Within(*root, p.path) {
			fmt.Fprintf(stderr, "wuxiao desk：%s %s 在内容仓库 %s 之内；其中有不公开的联系方式和证明材料，请放到仓库以外的目录（如 /srv/wuxiao-desk/）\n", p.what, p.path, *root)
			return ExitUsage
		}
	}
	if err := os.MkdirAll(*drafts, 0o700); err != nil {
		fmt.Fprintf(stderr, "wuxiao desk：%v\n", err)
		return ExitUsage
	}
	audit, err := os.OpenFile(*auditFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao desk：无法打开审计日志：%v\n", err)
		return ExitUsage
	}
	defer audit.Close()
	client := &http.Client{Timeout: 60 * time.Second}
	srv, err := desk.New(desk.Options{
		Forge: string(k), ForgeURL: *forgeURL, Repo: r.String(), Branch: *branch,
		ClientID: *clientID, ClientSecret: secret, BaseURL: *baseURL, SessionKey: key, Drafts: *drafts,
		ClientIPHeader: *ipHeader,
		HTTPClient:     client,
		Base:           &desk.DirBase{Root: *root},
		Connect: func(ctx context.Context, tok *oauth2.Token) desk.Forge {
			f, err := forge.New(k, *forgeURL, tok.AccessToken, client)
			if err != nil {
				return desk.Broken(err)
			}
			return desk.As(f, r, *branch)
		},
		Revoke: func(ctx context.Context, tok *oauth2.Token) error {
			return forge.Revoke(ctx, k, *forgeURL, *clientID, secret, tok.AccessToken, client)
		},
		Check: func(fsys fs.FS, now content.Date) (*content.Tree, *diag.List, error) {
			return generator.CheckFS(fsys, now, cacheStore(""))
		},
		Audit: audit,
	})
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao desk：%v\n", err)
		return ExitUsage
	}
	hs := &http.Server{Addr: *addr, Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	fmt.Fprintf(stderr, "申报工作台：%s（监听 %s，仓库 %s，平台 %s）\n", *baseURL, *addr, r, k)
	fmt.Fprint(stderr, probeForge(context.Background(), k, *forgeURL, client))
	go srv.Sweep(context.Background()) // revokes the tokens of sessions that ran their time, deletes old drafts
	if err := hs.ListenAndServe(); err != nil {
		fmt.Fprintf(stderr, "wuxiao desk：%v\n", err)
		return ExitUsage
	}
	return ExitOK
}

// secretFrom reads a secret from file, else from the environment variable env.
func (m *Main) secretFrom(file, env string) (string, error) {
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("无法读取 %s：%v", file, err)
		}
		return strings.TrimSpace(string(data)), nil
	}
	return m.getenv(env), nil
}
