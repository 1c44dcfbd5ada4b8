package desk

import (
	"bytes"
	"context"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"wuxiao/generator/content"
)

// readCounting is a base whose folder counts the bytes read from its files.
type readCounting struct {
	Base
	n *atomic.Int64
}

func (b readCounting) Tree(ctx context.Context) (*content.Tree, fs.FS, error) {
	tree, fsys, err := b.Base.Tree(ctx)
	return tree, countingFS{fsys, b.n}, err
}

type countingFS struct {
	fs.FS
	n *atomic.Int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return countedFile{f, c.n}, nil
}

type countedFile struct {
	fs.File
	n *atomic.Int64
}

func (f countedFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.n.Add(int64(n))
	return n, err
}

// firstWrite notes how many bytes of the file had been read when the answer's first bytes
// were written.
type firstWrite struct {
	*httptest.ResponseRecorder
	read  *atomic.Int64
	first int64
	wrote bool
}

func (w *firstWrite) Write(p []byte) (int, error) {
	if !w.wrote {
		w.wrote, w.first = true, w.read.Load()
	}
	return w.ResponseRecorder.Write(p)
}

// A proof is sent to the expert as it is read, not read whole first: an expert's sixty
// requests at once for a proof of 20 MiB (his burst) held 1.16 GiB of the desk's heap, and
// a reader who reads slowly keeps what he asked for held for minutes.
func TestExpertProofIsSentAsItIsRead(t *testing.T) {
	f := newFixture(t, "2023-10-15")
	att := filepath.Join(f.root, "content/2023/attachments/kuangqu-mine1/yingyong-zhengming.pdf")
	data, _ := os.ReadFile(att)
	data = append(data, bytes.Repeat([]byte("%"), maxProof-len(data))...)
	os.WriteFile(att, data, 0o644)
	var read atomic.Int64
	f.opt.Base = readCounting{f.opt.Base, &read}
	f.restart()
	r := httptest.NewRequest("GET", "https://desk.test/expert/proof?id=kuangqu-mine1/pidai-jiupian&file=yingyong-zhengming.pdf", nil)
	r.AddCookie(f.as("expert2"))
	w := &firstWrite{ResponseRecorder: httptest.NewRecorder(), read: &read}
	f.s.ServeHTTP(w, r)
	if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), data) || w.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("the proof was not served as it is: %d, %d of %d bytes, %q", w.Code, w.Body.Len(), len(data), w.Header().Get("Content-Type"))
	}
	if w.first > 1<<20 {
		t.Errorf("%d bytes of the proof were read before its first byte was sent", w.first)
	}
}
