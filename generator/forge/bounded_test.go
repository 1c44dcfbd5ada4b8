package forge

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// endless is an answer's body that starts with head and then repeats 'a' up to size
// bytes, counting what was read of it.
type endless struct {
	head string
	size int64
	read int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.read >= e.size {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > e.size-e.read {
		n = e.size - e.read
	}
	for i := int64(0); i < n; i++ {
		if at := e.read + i; at < int64(len(e.head)) {
			p[i] = e.head[at]
		} else {
			p[i] = 'a'
		}
	}
	e.read += n
	return int(n), nil
}

func (e *endless) Close() error { return nil }

// answering is a transport that gives every request the answer its function makes.
type answering func(r *http.Request) *http.Response

func (a answering) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
	}
	resp := a(r)
	resp.Request = r
	return resp, nil
}

func answer(status int, body io.ReadCloser) *http.Response {
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: body, ContentLength: -1}
}

// A broken or hostile forge that answers without end (here 200 MiB of one JSON string)
// is read no further than MaxAnswer: the call fails with ErrAnswerTooLarge instead of
// taking the desk's memory. Without the bound both SDKs read all 200 MiB.
func TestForgeAnswerIsBounded(t *testing.T) {
	for _, kind := range []Kind{GitHub, Gitea} {
		body := &endless{head: `{"login":"`, size: 200 << 20}
		f, err := New(kind, "https://forge.example.cn/", "tok", &http.Client{Transport: answering(func(*http.Request) *http.Response {
			return answer(http.StatusOK, body)
		})})
		if err != nil {
			t.Fatal(err)
		}
		login, err := f.Me(context.Background())
		if !errors.Is(err, ErrAnswerTooLarge) {
			t.Errorf("%s: Me = %.20q, %.200v; want ErrAnswerTooLarge", kind, login, err)
		}
		if body.read > MaxAnswer+64<<10 {
			t.Errorf("%s: read %d MiB of the answer, want at most %d MiB", kind, body.read>>20, MaxAnswer>>20)
		}
	}
}

// The forge's answer to a failed call reaches the error, and from there the desk's log:
// a long one with line breaks (a proxy's HTML page, or lines forged to read as the log's
// own) is cut to one line of at most maxErrorText bytes, and errors.Is still sees what
// the error wraps.
func TestForgeErrorIsOneShortLine(t *testing.T) {
	forged := "2026/11/28 09:00:00 desk: audit admin merge ok\r\n"
	for _, kind := range []Kind{GitHub, Gitea} {
		for _, status := range []int{http.StatusInternalServerError, http.StatusNotFound} {
			text := `{"message":"` + strings.Repeat("出错了\\n"+strings.ReplaceAll(strings.ReplaceAll(forged, "\r", `\r`), "\n", `\n`), 2000) + `"}`
			f, err := New(kind, "https://forge.example.cn/", "tok", &http.Client{Transport: answering(func(*http.Request) *http.Response {
				return answer(status, io.NopCloser(strings.NewReader(text)))
			})})
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.Me(context.Background())
			if err == nil {
				t.Fatalf("%s %d: Me gave no error", kind, status)
			}
			if msg := err.Error(); strings.ContainsAny(msg, "\r\n") || len(msg) > 2*maxErrorText {
				t.Errorf("%s %d: the error is %d bytes, with line breaks: %v; want one line of at most %d bytes", kind, status, len(msg), strings.ContainsAny(msg, "\r\n"), 2*maxErrorText)
			}
			if status == http.StatusNotFound && !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: a 404 does not wrap ErrNotFound: %.200v", kind, err)
			}
		}
	}
}

func TestOneLine(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"a\nb\r\tc\u2028d\u0085e", 100, "a b  c d e"},
		{"中文字", 7, "中文…"},
		{"中文字", 6, "中文…"},
		{"中文字", 9, "中文字"},
		{"ab中", 3, "ab…"},
	} {
		if got := oneLine(c.in, c.max); got != c.want {
			t.Errorf("oneLine(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}
