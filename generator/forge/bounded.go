package forge

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// MaxAnswer is the most of one forge answer read: a file's contents in base64 within
// JSON (a proof is at most 20 MiB, 27 MiB so written) with room to spare. A forge, or a
// proxy in front of it, that answers more (a broken one's endless page, a hostile one's
// gigabyte of JSON) gets an error instead of the desk's whole memory.
const MaxAnswer = 64 << 20

// ErrAnswerTooLarge is the error of a read past MaxAnswer.
var ErrAnswerTooLarge = fmt.Errorf("代码托管平台的回答超过 %d MiB，没有读完（平台或它前面的代理出了问题）", MaxAnswer>>20)

// bounded returns a copy of client whose answers' bodies end in ErrAnswerTooLarge after
// MaxAnswer bytes.
func bounded(client *http.Client) *http.Client {
	c := *client
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = boundedTransport{next}
	return &c
}

type boundedTransport struct{ next http.RoundTripper }

func (t boundedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err == nil && resp.Body != nil {
		resp.Body = &boundedBody{ReadCloser: resp.Body, left: MaxAnswer}
	}
	return resp, err
}

// boundedBody reads its body to left bytes, then fails if the body holds more.
type boundedBody struct {
	io.ReadCloser
	left int64
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		n, err := b.ReadCloser.Read(one[:])
		if n > 0 {
			return 0, ErrAnswerTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

// maxErrorText is the most of a forge's error text kept in an error (and so in the log).
const maxErrorText = 512

// oneLineErr is a forge error whose text is one line of at most maxErrorText bytes: the
// SDKs put the forge's answer in their errors whole, and a broken or hostile forge's
// answer (a proxy's HTML page, a megabyte of JSON, lines that read as log lines of their
// own) would otherwise reach the desk's log as it came. Unwrap keeps the error itself.
type oneLineErr struct{ err error }

func (e oneLineErr) Error() string { return oneLine(e.err.Error(), maxErrorText) }
func (e oneLineErr) Unwrap() error { return e.err }

// oneLine turns s's control characters (line breaks among them) into spaces and cuts it,
// at a character's start, to at most max bytes, marking the cut with "…".
func oneLine(s string, max int) string {
	cut := len(s) > max
	if cut {
		for max > 0 && !utf8.RuneStart(s[max]) {
			max--
		}
		s = s[:max]
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	if cut {
		s += "…"
	}
	return s
}

// cutText wraps err (from an SDK) so that its text is one short line; nil stays nil.
func cutText(err error) error {
	if err == nil || errors.As(err, new(oneLineErr)) {
		return err
	}
	return oneLineErr{err}
}
