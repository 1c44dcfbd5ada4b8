package desk

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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

// draftWithProofs saves kuangqu-mine1's declaration2026 as a draft of mine1-admin (his
// cookie c) with n proofs of size bytes, and returns the form that submits it and the
// proofs' SHA-256.
func draftWithProofs(t *testing.T, f *fixture, c *http.Cookie, n, size int) (url.Values, map[string]bool) {
	t.Helper()
	v := declaration2026()
	v.Set("action", "save")
	sums := map[string]bool{}
	for i := range n {
		data := append(pdf(fmt.Sprint("应用证明", i)), bytes.Repeat([]byte("%"), size)...)[:size]
		sum := sha256.Sum256(data)
		sums[hex.EncodeToString(sum[:])] = true
		if w := f.postMultipart("/unit/kuangqu-mine1/declare", v, []upload{{"proof", fmt.Sprintf("证明%d.pdf", i), data}}, c); w.Code != http.StatusOK {
			t.Fatalf("save with proof %d: %d", i, w.Code)
		}
		v.Set("draft", f.s.drafts.list("mine1-admin", "kuangqu-mine1")[0].ID)
	}
	v.Set("action", "submit")
	v.Del("proof_title")
	return v, sums
}

// A declaration's proofs are read from the desk's disk as they are checked and sent, never
// held whole: submitting three proofs of 8 MiB allocates less than one of them. Before,
// the desk read them all into memory for the check and the forge: a unit admin's 20 proofs
// of 20 MiB were 400 MiB of its heap, two submissions at a time.
func TestDeclarationProofsAreNotHeldInMemory(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	const size = 8 << 20
	v, want := draftWithProofs(t, f, c, 3, size)
	fk := f.forge("mine1-admin")
	fk.sums = map[string]string{}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c)
	runtime.ReadMemStats(&after)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", w.Code, w.Body)
	}
	got := map[string]bool{}
	for _, sum := range fk.sums {
		got[sum] = true
	}
	if !maps.Equal(got, want) {
		t.Errorf("the forge read %v, want the three proofs' %v", fk.sums, want)
	}
	grew := after.TotalAlloc - before.TotalAlloc
	if grew > size {
		t.Errorf("submitting 3 proofs of 8 MiB allocated %.1f MiB", float64(grew)/(1<<20))
	}
	t.Logf("submitting 3 proofs of 8 MiB allocated %.1f MiB", float64(grew)/(1<<20))
}

// A kept proof whose bytes changed on the desk's disk (the same size, other bytes) is not
// submitted: its reads fail at their end, and the person is told at the proofs.
func TestChangedProofIsNotSubmitted(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("action", "save")
	proof := pdf("应用证明")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", v, []upload{{"proof", "证明.pdf", proof}}, c); w.Code != http.StatusOK {
		t.Fatalf("save: %d", w.Code)
	}
	dr := f.s.drafts.list("mine1-admin", "kuangqu-mine1")[0]
	kept, err := f.s.drafts.proofPath("mine1-admin", "kuangqu-mine1", dr.Proofs[0].SHA256)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(kept, bytes.ToUpper(proof), 0o600)
	v.Set("action", "submit")
	v.Set("draft", dr.ID)
	v.Del("proof_title")
	w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c)
	if n := len(f.forge("mine1-admin").proposed); n != 0 || w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "已被改动") {
		t.Errorf("a changed proof: %d, %d pull requests\n%s", w.Code, n, w.Body)
	}
}

// A declaration gets more time with the forge the more proofs it sends: a minute, and a
// second for every 4 MiB (proposeTime); another change a minute.
func TestProposeTimeGrowsWithTheProofs(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v, _ := draftWithProofs(t, f, c, 2, 6<<20)
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c); w.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", w.Code, w.Body)
	}
	if left := f.forge("mine1-admin").left; len(left) != 1 || left[0] <= 62*time.Second || left[0] > 63*time.Second {
		t.Errorf("a declaration with 12 MiB of proofs had %v with the forge, want 63 s", left)
	}
	for _, tc := range []struct {
		proofs []int64
		want   time.Duration
	}{
		{nil, time.Minute}, {[]int64{4<<20 - 1}, time.Minute}, {[]int64{4 << 20}, 61 * time.Second},
		{[]int64{3 << 20, 3 << 20}, 61 * time.Second}, {slices.Repeat([]int64{20 << 20}, 20), 160 * time.Second},
	} {
		ch := Change{Proofs: content.LazyFS{}}
		for i, n := range tc.proofs {
			ch.Proofs[fmt.Sprint(i)] = content.LazyFile{Size: n}
		}
		if got := proposeTime(ch); got != tc.want {
			t.Errorf("proofs %v: %v, want %v", tc.proofs, got, tc.want)
		}
	}
}

// A proof deleted from the desk's disk after the check, while the change goes to the forge
// (its last draft deleted in another window, the files pruned), stops the submission with
// words about the proofs, not about the forge.
func TestProofGoneWhileSentIsToldAsSuch(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v, _ := draftWithProofs(t, f, c, 1, 1<<10)
	dr := f.s.drafts.list("mine1-admin", "kuangqu-mine1")[0]
	kept, err := f.s.drafts.proofPath("mine1-admin", "kuangqu-mine1", dr.Proofs[0].SHA256)
	if err != nil {
		t.Fatal(err)
	}
	fk := f.forge("mine1-admin")
	fk.proposing = func() { os.Remove(kept) }
	w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c)
	if w.Code != http.StatusBadGateway || !strings.Contains(w.Body.String(), "证明材料在提交过程中被删除或改动") || len(fk.proposed) != 0 {
		t.Errorf("a proof gone while sent: %d, %d pull requests\n%s", w.Code, len(fk.proposed), w.Body)
	}
	if !strings.Contains(f.audit.String(), `"proof unreadable"`) {
		t.Errorf("the audit log does not say why:\n%s", f.audit.String())
	}
}
