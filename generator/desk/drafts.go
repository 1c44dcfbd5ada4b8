package desk

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"sync"
	"time"

	"wuxiao/generator/content"
)

// draft is one person's unfinished declaration: the form's answers and the proofs he
// uploaded. It stays on the desk's disk until its pull request is opened, and survives a
// submit the checker refused.
type draft struct {
	ID      string      `json:"id"`
	Unit    string      `json:"unit"`
	Year    int         `json:"year"`
	Updated time.Time   `json:"updated"`
	Form    declaration `json:"form"`
	Proofs  []proof     `json:"proofs"`
	PR      string      `json:"pr,omitempty"`    // the pull request it became
	Named   int         `json:"named,omitempty"` // the number in the last proof's name (proofName)
	// Rev counts the draft's writes: a draft read at another Rev than the one kept (saved
	// meanwhile from another tab, or its pull request recorded) is not written over.
	Rev int `json:"rev,omitempty"`
	// An expert's score sheet: rubric scores as typed, comments and declared conflicts, by submission.
	Scores    map[string]map[string]string `json:"scores,omitempty"`
	Comments  map[string]string            `json:"comments,omitempty"`
	Conflicts map[string]string            `json:"conflicts,omitempty"`
}

// proof is one uploaded proof material; the bytes sit beside the draft, named by sha256.
type proof struct {
	File   string `json:"file"` // its name in the unit's attachment folder
	Title  string `json:"title"`
	Public bool   `json:"public"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// draftStore keeps drafts under dir/<hash of login>/<unit>/<id>.json: a person reaches only
// his own, and the login itself never appears in a path. The proofs one person keeps for
// one unit are at most quota bytes, all the desk's at most total; those no draft of his
// names any more are deleted once grace has passed (a post under way may be about to name
// one). A draft leaves once its pull request is merged (unitHome), or when it has not been
// saved for maxAge (sweepOld).
type draftStore struct {
	dir     string
	quota   int64
	total   int64
	text    int64 // the drafts' own files, one person's of one unit (maxDraftsText)
	grace   time.Duration
	maxOpen int // drafts of one person and unit not yet submitted
	maxKept int // drafts of one person and unit, submitted or not
	maxAge  time.Duration
	now     func() time.Time
	mu      sync.Mutex // a draft's kept Rev is compared and its file written at once
}

// maxDraftProofs is one person's ceiling on the proofs waiting in his drafts of one unit.
const maxDraftProofs = 500 << 20

// maxDraftsTotal is the ceiling on all the proofs in the desk's drafts, every person's.
const maxDraftsTotal = 20 << 30

// maxDraftAge: a draft not saved for this long is deleted with its proofs (a competition
// year's declarations run from March to September).
const maxDraftAge = 180 * 24 * time.Hour

// maxDraft bounds one draft's file, its text and scores (the ceilings above count proofs
// only): a declaration's fields may each hold 64 KiB, and a control character takes six
// bytes in JSON.
const maxDraft = 1 << 20

// maxDraftsText bounds the files of one person's drafts of one unit together: every page
// of the unit reads them all (300 drafts of maxDraft took 2.5 s of CPU a page view).
const maxDraftsText = 16 << 20

// errOverQuota: a proof would take the person's proofs past the ceiling; errDraftsFull:
// it would take the desk's drafts past theirs; errTooManyDrafts: a new draft would take
// the person's drafts of a unit past maxKept; errDraftTooLarge: the draft's file would
// be over maxDraft; errDraftsTextFull: the person's drafts of the unit over text.
var (
	errOverQuota      = errors.New("over the drafts' ceiling")
	errDraftsFull     = errors.New("the drafts folder is full")
	errTooManyDrafts  = errors.New("too many drafts")
	errDraftTooLarge  = errors.New("the draft is too large")
	errDraftsTextFull = errors.New("the person's drafts of the unit are full")
	errDraftChanged   = errors.New("the draft was saved since it was read")
)

// signedOutFile, in the drafts folder, holds the sessions signed out before their time (ids
// and expiry only: no login, no token).
const signedOutFile = "signed-out.json"

var draftID = regexp.MustCompile(`^[a-z0-9]{16}$`)

func newDraftStore(dir string) (*draftStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("无法建立草稿目录 %s：%w", dir, err)
	}
	return &draftStore{dir: dir, quota: maxDraftProofs, total: maxDraftsTotal, text: maxDraftsText, grace: 10 * time.Minute, maxOpen: 100, maxKept: 300,
		maxAge: maxDraftAge, now: time.Now}, nil
}

// folder is where login's drafts of unit are kept. A unit that is no id has none: the
// loader reports a bad id in units.yaml or experts.yaml but keeps it, and "../../x" would
// lead out of the drafts folder; every path of a draft or proof is made here.
func (d *draftStore) folder(login, unit string) (string, error) {
	if !content.IDPattern.MatchString(unit) { // "expert-<id>" may be longer than an id
		return "", fmt.Errorf("drafts of unit %q: not an id", unit)
	}
	h := sha256.Sum256([]byte("wuxiao-desk\x00" + lower(login)))
	return filepath.Join(d.dir, hex.EncodeToString(h[:12]), unit), nil
}

func newDraftID() string {
	b := sha256.Sum256([]byte(randomID()))
	return hex.EncodeToString(b[:8])
}

// load returns login's draft id of unit; a malformed id is not found.
func (d *draftStore) load(login, unit, id string) (*draft, error) {
	dir, err := d.folder(login, unit)
	if err != nil || !draftID.MatchString(id) {
		return nil, fs.ErrNotExist
	}
	data, err := os.ReadFile(filepath.Join(dir, id+".json"))
	if err != nil {
		return nil, err
	}
	var dr draft
	if err := json.Unmarshal(data, &dr); err != nil {
		return nil, err
	}
	if dr.Unit != unit || dr.ID != id {
		return nil, fs.ErrNotExist
	}
	return &dr, nil
}

// save writes dr atomically; a new draft past maxKept is refused with errTooManyDrafts,
// a draft over maxDraft with errDraftTooLarge, one that takes the drafts of the person and
// unit over text with errDraftsTextFull (the file kept as it was either way).
func (d *draftStore) save(login string, dr *draft) error { return d.write(login, dr, true) }

// submitted records the pull request a draft became on the draft as kept now (another
// tab may have saved it since dr was), past the ceilings if need be: a draft refused its
// link (a line of about 60 bytes) would be listed as a draft again, to be submitted again as
// a second pull request of the same. dr becomes the draft as written.
func (d *draftStore) submitted(login string, dr *draft, pr string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if kept, err := d.load(login, dr.Unit, dr.ID); err == nil {
		*dr = *kept
	}
	dr.PR = pr
	return d.writeLocked(login, dr, false)
}

// write writes dr atomically, within the ceilings when bounded, unless the draft kept is at
// another Rev than dr (errDraftChanged).
func (d *draftStore) write(login string, dr *draft, bounded bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.writeLocked(login, dr, bounded)
}

func (d *draftStore) writeLocked(login string, dr *draft, bounded bool) (err error) {
	dir, err := d.folder(login, dr.Unit)
	if err != nil {
		return err
	}
	if kept, err := d.load(login, dr.Unit, dr.ID); err == nil && kept.Rev != dr.Rev {
		return errDraftChanged
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, dr.ID+".json")); bounded && err != nil && d.count(dir) >= d.maxKept {
		return errTooManyDrafts
	}
	was := *dr
	defer func() {
		if err != nil { // dr as it was read, for the caller to tell or try again
			*dr = was
		}
	}()
	dr.Updated, dr.Rev = d.now().UTC(), dr.Rev+1
	data, err := json.MarshalIndent(dr, "", "  ")
	if err != nil {
		return err
	}
	if bounded && len(data) > maxDraft {
		return errDraftTooLarge
	}
	if bounded && d.textOf(dir, dr.ID)+int64(len(data)) > d.text {
		return errDraftsTextFull
	}
	tmp, err := os.CreateTemp(dir, ".draft-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, dr.ID+".json"))
}

// textOf is the bytes of the drafts' files in dir but draft id's.
func (d *draftStore) textOf(dir, id string) int64 {
	entries, _ := os.ReadDir(dir)
	var n int64
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".json" || e.Name() == id+".json" {
			continue
		}
		if info, err := e.Info(); err == nil {
			n += info.Size()
		}
	}
	return n
}

// count is the number of drafts in dir.
func (d *draftStore) count(dir string) int {
	entries, _ := os.ReadDir(dir)
	n := 0
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".json" {
			n++
		}
	}
	return n
}

// remove deletes login's draft id of unit (its proofs go at the next prune).
func (d *draftStore) remove(login, unit, id string) {
	if dir, err := d.folder(login, unit); err == nil && draftID.MatchString(id) {
		os.Remove(filepath.Join(dir, id+".json"))
	}
}

// list returns login's drafts of unit, newest first.
func (d *draftStore) list(login, unit string) []*draft {
	dir, err := d.folder(login, unit)
	if err != nil {
		return nil
	}
	entries, _ := os.ReadDir(dir)
	var out []*draft
	for _, e := range entries {
		name := e.Name()
		if filepath.Ext(name) != ".json" {
			continue
		}
		if dr, err := d.load(login, unit, name[:len(name)-5]); err == nil {
			out = append(out, dr)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Updated.After(out[j].Updated) })
	return out
}

// proofPath is where a proof's bytes are kept, by its sha256.
func (d *draftStore) proofPath(login, unit, sha string) (string, error) {
	dir, err := d.folder(login, unit)
	if err != nil {
		return "", err
	}
	if len(sha) != 64 {
		return "", errors.New("bad sha256")
	}
	return filepath.Join(dir, "proofs", sha), nil
}

// proofHead is the first content.PhotoHead bytes of a proof (none when it cannot be read).
func (d *draftStore) proofHead(login, unit, sha string) []byte {
	p, err := d.proofPath(login, unit, sha)
	if err != nil {
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, content.PhotoHead)
	n, _ := io.ReadFull(f, head)
	return head[:n]
}

// lazyProof is the proof sha of login's drafts of unit as a file read only when opened,
// by the check and as it is sent to the forge, each read checked against its SHA-256 (its
// name) when it ends: a declaration's 20 proofs of 20 MiB are never held in memory. An
// error when it is no longer kept.
func (d *draftStore) lazyProof(login, unit, sha string) (content.LazyFile, error) {
	p, err := d.proofPath(login, unit, sha)
	if err != nil {
		return content.LazyFile{}, err
	}
	info, err := os.Stat(p)
	if err != nil {
		return content.LazyFile{}, err
	}
	return content.LazyFile{Size: info.Size(), Open: func() (io.ReadCloser, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		return &checkedProof{f: f, sha: sha, h: sha256.New()}, nil
	}}, nil
}

// errProofChanged: a kept proof's bytes are no longer those of its SHA-256.
var errProofChanged = errors.New("工作台保存的这份材料已被改动，与上传时的不一致，请删除后重新上传")

// checkedProof reads a kept proof, its SHA-256 checked at its end. It only reads and
// closes: an embedded *os.File would let io.Copy pass over the check (WriteTo).
type checkedProof struct {
	f   *os.File
	sha string
	h   hash.Hash
}

func (c *checkedProof) Close() error { return c.f.Close() }

func (c *checkedProof) Read(p []byte) (int, error) {
	n, err := c.f.Read(p)
	c.h.Write(p[:n])
	if err == io.EOF && hex.EncodeToString(c.h.Sum(nil)) != c.sha {
		return n, errProofChanged
	}
	return n, err
}

func (d *draftStore) readProof(login, unit, sha string) ([]byte, error) {
	p, err := d.proofPath(login, unit, sha)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

// writeProof keeps the size bytes src gives as the proof sha of login's drafts of unit,
// copied as they are read; bytes that are not those (another size or sha256) are not kept.
func (d *draftStore) writeProof(login, unit, sha string, size int64, src io.Reader) error {
	p, err := d.proofPath(login, unit, sha)
	if err != nil {
		return err
	}
	if _, err := os.Stat(p); err == nil {
		return nil // the same bytes are there already
	}
	var used int64
	entries, _ := os.ReadDir(filepath.Dir(p))
	for _, e := range entries {
		if info, err := e.Info(); err == nil {
			used += info.Size()
		}
	}
	if used+size > d.quota {
		return errOverQuota
	}
	if d.used()+size > d.total {
		return errDraftsFull
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*") // pruned after grace if left
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(src, size+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if n != size || hex.EncodeToString(h.Sum(nil)) != sha {
		return fmt.Errorf("proof %s: the bytes changed while they were kept", sha)
	}
	return os.Rename(tmp.Name(), p)
}

// used is the bytes of all the proofs in the desk's drafts.
func (d *draftStore) used() int64 {
	var n int64
	filepath.WalkDir(d.dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() && filepath.Base(filepath.Dir(p)) == "proofs" {
			if info, err := e.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// full tells whether login has as many drafts of unit not yet submitted as he may keep,
// or as many drafts at all.
func (d *draftStore) full(login, unit string) bool {
	open := 0
	drafts := d.list(login, unit)
	for _, dr := range drafts {
		if dr.PR == "" {
			open++
		}
	}
	return open >= d.maxOpen || len(drafts) >= d.maxKept
}

// sweepOld deletes every draft not saved for maxAge, and the proofs no draft left names.
func (d *draftStore) sweepOld() (removed int) {
	people, _ := os.ReadDir(d.dir)
	for _, person := range people {
		if !person.IsDir() {
			continue
		}
		units, _ := os.ReadDir(filepath.Join(d.dir, person.Name()))
		for _, unit := range units {
			dir := filepath.Join(d.dir, person.Name(), unit.Name())
			eachDraft(dir, func(file string, dr *draft, err error) {
				if err == nil && d.now().Sub(dr.Updated) > d.maxAge && os.Remove(file) == nil {
					removed++
				}
			})
			d.pruneDir(dir)
		}
	}
	return removed
}

// prune deletes the proofs of login's drafts of unit that none of those drafts names.
func (d *draftStore) prune(login, unit string) {
	if dir, err := d.folder(login, unit); err == nil {
		d.pruneDir(dir)
	}
}

// pruneDir deletes the proofs in folder dir that none of its drafts names.
func (d *draftStore) pruneDir(folder string) {
	named, unreadable := map[string]bool{}, false
	eachDraft(folder, func(_ string, dr *draft, err error) {
		if err != nil {
			unreadable = true
			return
		}
		for _, p := range dr.Proofs {
			named[p.SHA256] = true
		}
	})
	if unreadable {
		return // a draft that cannot be read may name any proof: keep them all
	}
	dir := filepath.Join(folder, "proofs")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || named[e.Name()] || time.Since(info.ModTime()) < d.grace {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// eachDraft calls f with the file, the decoded draft and the error reading or decoding it,
// for every draft file in folder.
func eachDraft(folder string, f func(file string, dr *draft, err error)) {
	entries, _ := os.ReadDir(folder)
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".json" {
			continue
		}
		file := filepath.Join(folder, e.Name())
		var dr draft
		data, err := os.ReadFile(file)
		if err == nil {
			err = json.Unmarshal(data, &dr)
		}
		f(file, &dr, err)
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	if len(b) > 0 && b[0] == '@' {
		b = b[1:]
	}
	return string(b)
}
