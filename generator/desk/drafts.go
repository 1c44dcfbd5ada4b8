package desk

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"
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
	PR      string      `json:"pr,omitempty"` // the pull request it became
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
// one unit are at most quota bytes; those no draft of his names any more are deleted once
// grace has passed (a post under way may be about to name one).
type draftStore struct {
	dir     string
	quota   int64
	grace   time.Duration
	maxOpen int // drafts of one person and unit not yet submitted
}

// maxDraftProofs is one person's ceiling on the proofs waiting in his drafts of one unit.
const maxDraftProofs = 500 << 20

// errOverQuota: a proof would take the person's proofs past the ceiling.
var errOverQuota = errors.New("over the drafts' ceiling")

// signedOutFile, in the drafts folder, holds the sessions signed out before their time (ids
// and expiry only: no login, no token).
const signedOutFile = "signed-out.json"

var draftID = regexp.MustCompile(`^[a-z0-9]{16}$`)

func newDraftStore(dir string) (*draftStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("无法建立草稿目录 %s：%w", dir, err)
	}
	return &draftStore{dir: dir, quota: maxDraftProofs, grace: 10 * time.Minute, maxOpen: 100}, nil
}

func (d *draftStore) folder(login, unit string) string {
	h := sha256.Sum256([]byte("wuxiao-desk\x00" + lower(login)))
	return filepath.Join(d.dir, hex.EncodeToString(h[:12]), unit)
}

func newDraftID() string {
	b := sha256.Sum256([]byte(randomID()))
	return hex.EncodeToString(b[:8])
}

// load returns login's draft id of unit; a malformed id is not found.
func (d *draftStore) load(login, unit, id string) (*draft, error) {
	if !draftID.MatchString(id) {
		return nil, fs.ErrNotExist
	}
	data, err := os.ReadFile(filepath.Join(d.folder(login, unit), id+".json"))
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

// save writes dr atomically.
func (d *draftStore) save(login string, dr *draft) error {
	dir := d.folder(login, dr.Unit)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	dr.Updated = time.Now().UTC()
	data, err := json.MarshalIndent(dr, "", "  ")
	if err != nil {
		return err
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

// list returns login's drafts of unit, newest first.
func (d *draftStore) list(login, unit string) []*draft {
	entries, _ := os.ReadDir(d.folder(login, unit))
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
	if len(sha) != 64 {
		return "", errors.New("bad sha256")
	}
	return filepath.Join(d.folder(login, unit), "proofs", sha), nil
}

func (d *draftStore) readProof(login, unit, sha string) ([]byte, error) {
	p, err := d.proofPath(login, unit, sha)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

func (d *draftStore) writeProof(login, unit, sha string, data []byte) error {
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
	if used+int64(len(data)) > d.quota {
		return errOverQuota
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o600)
}

// full tells whether login has as many drafts of unit not yet submitted as he may keep.
func (d *draftStore) full(login, unit string) bool {
	open := 0
	for _, dr := range d.list(login, unit) {
		if dr.PR == "" {
			open++
		}
	}
	return open >= d.maxOpen
}

// prune deletes the proofs of login's drafts of unit that none of those drafts names.
func (d *draftStore) prune(login, unit string) {
	named := map[string]bool{}
	for _, dr := range d.list(login, unit) {
		for _, p := range dr.Proofs {
			named[p.SHA256] = true
		}
	}
	dir := filepath.Join(d.folder(login, unit), "proofs")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || named[e.Name()] || time.Since(info.ModTime()) < d.grace {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
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
