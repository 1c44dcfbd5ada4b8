package forge

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"code.gitea.io/sdk/gitea"
)

// TestGiteaFailuresBehindNginx: a real Gitea behind a real nginx, as a union runs it on
// its own server, refuses and fails in the ways the desk tells apart: a proof larger than
// nginx's client_max_body_size (ErrTooLarge), a collaborator who may only read
// (ErrForbidden), nginx with Gitea stopped behind it (ErrUnavailable), while the same
// calls within the limits pass through.
func TestGiteaFailuresBehindNginx(t *testing.T) {
	url, token := giteaServer(t)
	bin := os.Getenv("WUXIAO_NGINX")
	if bin == "" {
		t.Skip("needs nginx: WUXIAO_NGINX=/usr/sbin/nginx (apt install nginx-light; .ci/run does)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin, r, suffix := freshRepo(t, ctx, url, token, "nginx-test-")
	reader, password := "reader"+suffix, "secret-pw-1"
	no := false
	if _, _, err := admin.AdminCreateUser(gitea.CreateUserOption{Username: reader, Email: reader + "@wuxiao.test", Password: password, MustChangePassword: &no}); err != nil {
		t.Fatal(err)
	}
	read := gitea.AccessModeRead
	if _, err := admin.AddCollaborator(r.Owner, r.Name, reader, gitea.AddCollaboratorOption{Permission: &read}); err != nil {
		t.Fatal(err)
	}
	asReader, err := gitea.NewClient(url, gitea.SetBasicAuth(reader, password), gitea.SetContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	readerToken, _, err := asReader.CreateAccessToken(gitea.CreateAccessTokenOption{Name: "desk", Scopes: []gitea.AccessTokenScope{"write:repository", "read:user"}})
	if err != nil {
		t.Fatal(err)
	}

	_, giteaPort, _ := net.SplitHostPort(mustHost(t, url))
	nothing := closedPort(t)
	proxied := startNginx(t, bin, 2, func(port []string) string {
		return "server { listen 127.0.0.1:" + port[0] + "; client_max_body_size 1m; location / { proxy_pass http://127.0.0.1:" + giteaPort + "; } }\n" +
			"server { listen 127.0.0.1:" + port[1] + "; location / { proxy_pass http://127.0.0.1:" + nothing + "; } }\n"
	})
	front, down := proxied[0], proxied[1]

	commit := func(f Forge, branch string, size int) error {
		_, err := f.Commit(ctx, r, Commit{Branch: branch, From: "main", Message: "申报",
			Files: []File{{Path: "content/2026/attachments/u/proof.pdf", Content: append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), size)...)}}})
		return err
	}
	owner, err := New(Gitea, front, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := commit(owner, "small-"+suffix, 100<<10); err != nil {
		t.Fatalf("a 100 KiB proof through nginx: %v", err)
	}
	checkFailure(t, Gitea, "a 2 MiB proof through nginx's 1 MiB limit", commit(owner, "large-"+suffix, 2<<20), ErrTooLarge)
	// Two proofs of 400 KiB, 1.1 MiB encoded, reach Gitea through the same limit in
	// commits of the forge's batch (here 600 KiB: one proof a commit), both on one branch.
	owner.(*giteaForge).batch = 600 << 10
	var two []File
	for i := range 2 {
		two = append(two, File{Path: fmt.Sprintf("content/2026/attachments/u/proof%d.pdf", i), Content: append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{byte('a' + i)}, 400<<10)...)})
	}
	if _, err := owner.Commit(ctx, r, Commit{Branch: "two-" + suffix, From: "main", Message: "申报", Files: two}); err != nil {
		t.Fatalf("two proofs of 400 KiB through nginx's 1 MiB limit: %v", err)
	}
	for _, f := range two {
		if got, err := owner.File(ctx, r, "two-"+suffix, f.Path); err != nil || !bytes.Equal(got, f.Content) {
			t.Errorf("%s on the branch: %d bytes, %v; want the %d committed", f.Path, len(got), err, len(f.Content))
		}
	}
	owner.(*giteaForge).batch = 0
	direct, err := New(Gitea, url, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := commit(direct, "large-"+suffix, 2<<20); err != nil {
		t.Fatalf("the same proof straight to Gitea: %v", err)
	}
	readOnly, err := New(Gitea, front, readerToken.Token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if who, err := readOnly.Me(ctx); err != nil || who != reader {
		t.Fatalf("the reader through nginx: %q, %v", who, err)
	}
	checkFailure(t, Gitea, "a collaborator who may only read", commit(readOnly, "reader-"+suffix, 1<<10), ErrForbidden)
	stopped, err := New(Gitea, down, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = stopped.Me(ctx)
	checkFailure(t, Gitea, "nginx with nothing behind it", err, ErrUnavailable)
}

// mustHost is the host:port of a URL.
func mustHost(t *testing.T, raw string) string {
	t.Helper()
	u, err := http.NewRequest("GET", raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	return u.URL.Host
}

// closedPort is a loopback port nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	return port
}

// startNginx runs nginx until the test ends with the servers of an http block, given n
// free loopback ports, and returns their base URLs.
func startNginx(t *testing.T, bin string, n int, servers func(ports []string) string) []string {
	t.Helper()
	var ports, urls []string
	for range n {
		p := closedPort(t)
		ports = append(ports, p)
		urls = append(urls, "http://127.0.0.1:"+p+"/")
	}
	dir := t.TempDir()
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n"
	}
	conf := fmt.Sprintf("%sdaemon off;\nworker_processes 1;\npid %[2]s/nginx.pid;\nerror_log %[2]s/error.log;\nevents {}\nhttp {\n"+
		"  access_log off;\n  client_body_temp_path %[2]s/body;\n  proxy_temp_path %[2]s/proxy;\n  fastcgi_temp_path %[2]s/fastcgi;\n"+
		"  uwsgi_temp_path %[2]s/uwsgi;\n  scgi_temp_path %[2]s/scgi;\n", user, dir) + servers(ports) + "}\n"
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", path)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// SIGQUIT: the master stops its workers, then itself (a killed master leaves them running).
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGQUIT); cmd.Wait() })
	for k, u := range urls {
		for i := 0; ; i++ {
			if c, err := net.Dial("tcp", "127.0.0.1:"+ports[k]); err == nil {
				c.Close()
				break
			}
			if i == 100 {
				t.Fatalf("nginx did not listen at %s:\n%s", u, conf)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return urls
}
