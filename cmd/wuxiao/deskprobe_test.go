package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wuxiao/generator/forge"
)

// TestDeskProbeSaysWhatIsWrong: at start, wuxiao desk tells its administrator whether the
// forge at --forge-url answers, and if not, why and what to check, in Chinese.
func TestDeskProbeSaysWhatIsWrong(t *testing.T) {
	for _, c := range []struct {
		version string
		err     error
		want    []string
	}{
		{"Gitea 1.26.0", nil, []string{"可以连接", "Gitea 1.26.0", "https://git.example.cn/"}},
		{"", fmt.Errorf("version: %w (x509: certificate signed by unknown authority)", forge.ErrCertificate), []string{"警告", "证书", "x509"}},
		{"", fmt.Errorf("version: %w (dial tcp: connection refused)", forge.ErrUnreachable), []string{"警告", "连不上", "--forge-url", "connection refused"}},
		{"", fmt.Errorf("version: %w (404)", forge.ErrNotFound), []string{"警告", "没有找到 gitea 的接口", "--forge-url", "--forge"}},
		{"", fmt.Errorf("version: %w (502 Bad Gateway)", forge.ErrUnavailable), []string{"警告", "出错", "502"}},
		{"", errors.New("something else"), []string{"警告", "something else"}},
	} {
		got := deskProbeText(forge.Gitea, "https://git.example.cn/", c.version, c.err)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%v: %q lacks %q", c.err, got, w)
			}
		}
		if strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, "\n") {
			t.Errorf("%v: not one line: %q", c.err, got)
		}
	}
	if got := deskProbeText(forge.GitHub, "", "GitHub", nil); !strings.Contains(got, "https://github.com/") {
		t.Errorf("GitHub's default address is not named: %q", got)
	}
}

// TestDeskProbesTheForge: the probe the desk runs at start asks the forge at its address.
func TestDeskProbesTheForge(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/api/v1/version" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(`{"version":"1.26.0"}`))
	}))
	defer srv.Close()
	if got := probeForge(context.Background(), forge.Gitea, srv.URL+"/", srv.Client()); !strings.Contains(got, "Gitea 1.26.0") {
		t.Errorf("probe of a Gitea: %q", got)
	}
	if got := probeForge(context.Background(), forge.Gitea, srv.URL+"/gitea/", srv.Client()); !strings.Contains(got, "没有找到") {
		t.Errorf("probe of a wrong address: %q", got)
	}
	https := "https://" + strings.TrimPrefix(srv.URL, "http://") + "/"
	if got := probeForge(context.Background(), forge.Gitea, https, srv.Client()); !strings.Contains(got, "只以 http 回答") {
		t.Errorf("probe with https of a forge on http: %q", got)
	}
}
