package desk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// TestUploadIsNotHeldInMemory: a post of two proofs of 20 MiB each (the most one request
// carries) is copied to the draft's folder as it is read, not read whole into memory: the
// request allocates less than one proof's size (most of it the form parser's buffers, one
// MiB of memory for the files before they spill to disk), not the proofs' 40 MiB; both
// proofs are kept, byte for byte.
func TestUploadIsNotHeldInMemory(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	c := f.as("mine1-admin")
	var proofs [][]byte
	for _, fill := range []byte{'a', 'b'} {
		p := pdf(string(fill))
		proofs = append(proofs, append(p, bytes.Repeat([]byte{fill}, maxProof-len(p))...))
	}
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("title", "两份大材料")
	mw.WriteField("action", "save")
	for i, p := range proofs {
		w, _ := mw.CreateFormFile("proof", []string{"一.pdf", "二.pdf"}[i])
		w.Write(p)
	}
	mw.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	w := f.do(http.MethodPost, "/unit/kuangqu-mine1/declare", &b, mw.FormDataContentType(), c)
	runtime.ReadMemStats(&after)
	if w.Code != http.StatusOK {
		t.Fatalf("save: %d\n%s", w.Code, w.Body)
	}
	const most = 16 << 20
	if got := after.TotalAlloc - before.TotalAlloc; got > most {
		t.Errorf("the post of %d MiB of proofs allocated %.1f MiB, want at most %d", 2*maxProof>>20, float64(got)/(1<<20), most>>20)
	}
	drafts := f.s.drafts.list("mine1-admin", "kuangqu-mine1")
	if len(drafts) != 1 || len(drafts[0].Proofs) != 2 {
		t.Fatalf("drafts %+v", drafts)
	}
	for i, p := range proofs {
		sum := sha256.Sum256(p)
		kept, err := os.ReadFile(mustProofPath(t, f, hex.EncodeToString(sum[:])))
		if err != nil || !bytes.Equal(kept, p) || drafts[0].Proofs[i].Size != maxProof {
			t.Errorf("proof %d: kept %d bytes (%v), size %d", i, len(kept), err, drafts[0].Proofs[i].Size)
		}
	}
}

func mustProofPath(t *testing.T, f *fixture, sum string) string {
	t.Helper()
	p, err := f.s.drafts.proofPath("mine1-admin", "kuangqu-mine1", sum)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProofKeptTwiceAtOnceIsNeverReadHalf: two posts of the same file (a double click, or
// two of a unit's admins with the same scan) keep the same proof at the same moment while
// a submit reads it for its check. The reader sees the whole file or none, never a part:
// the proof was written in place, and a submit under load read it truncated and was
// refused ("不是 PDF 文件") with the person's file intact on his disk.
func TestProofKeptTwiceAtOnceIsNeverReadHalf(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	data := append(pdf("同一份"), bytes.Repeat([]byte("x"), 4<<20)...)
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	p := mustProofPath(t, f, sha)
	for round := range 20 {
		os.Remove(p)
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := f.s.drafts.writeProof("mine1-admin", "kuangqu-mine1", sha, int64(len(data)), bytes.NewReader(data)); err != nil {
					t.Errorf("round %d: keeping: %v", round, err)
				}
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		for reading := true; reading; {
			select {
			case <-done:
				reading = false
			default:
			}
			got, err := f.s.drafts.readProof("mine1-admin", "kuangqu-mine1", sha)
			if err == nil && !bytes.Equal(got, data) {
				t.Fatalf("round %d: read %d of %d bytes while the proof was kept", round, len(got), len(data))
			}
		}
		if got, err := f.s.drafts.readProof("mine1-admin", "kuangqu-mine1", sha); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("round %d: kept %d bytes (%v)", round, len(got), err)
		}
	}
}

// However many files one post carries, it writes one audit line: a post of more files than
// a declaration may hold is refused whole, none of them read (a unit admin's 950 one-byte
// files wrote 951 lines, 142 KB, before), and the files refused one by one are counted in
// the post's line.
func TestOnePostOfManyFilesWritesOneAuditLine(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("action", "save")
	for _, tc := range []struct {
		files  int
		detail string
		found  int
	}{{950, `"detail":"950 files at once"`, 1}, {3, `"detail":"proof:3"`, 3}} {
		var files []upload
		for i := range tc.files {
			files = append(files, upload{"proof", fmt.Sprintf("x%d.pdf", i), []byte("x")})
		}
		before := bytes.Count(f.audit.Bytes(), []byte("\n"))
		w := f.postMultipart("/unit/kuangqu-mine1/declare", v, files, c)
		var lines []string
		for _, l := range strings.Split(strings.TrimSpace(f.audit.String()), "\n")[before:] {
			if !strings.Contains(l, `"action":"draft-save"`) { // the post's own
				lines = append(lines, l)
			}
		}
		if len(lines) != 1 || !strings.Contains(lines[0], tc.detail) {
			t.Errorf("%d files: audit lines %d, want one with %s:\n%s", tc.files, len(lines), tc.detail, strings.Join(lines[:min(3, len(lines))], "\n"))
		}
		if n := strings.Count(w.Body.String(), "没有收下") + strings.Count(w.Body.String(), "不是 PDF"); n < tc.found || w.Body.Len() > 64<<10 {
			t.Errorf("%d files: the page (%d bytes) tells %d refusals, want %d", tc.files, w.Body.Len(), n, tc.found)
		}
	}
}
