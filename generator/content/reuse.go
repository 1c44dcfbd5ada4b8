package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"wuxiao/generator/diag"
	"wuxiao/generator/record"
)

// Reuse holds the files an earlier load parsed, by path and the SHA-256 of their bytes,
// so that a load of a tree in which most files did not change decodes only those that
// did (wuxiao build --cache keeps it between builds, encoded by MarshalBinary). A file
// is read and hashed, and only its parse spared, unless the file system knows its hash
// unread (KnownSums). The nil *Reuse parses everything.
type Reuse struct {
	old   map[string]reused // by path, from the earlier load
	ready chan struct{}     // closed once old is read (ReadReuseLater); nil when it is
	mu    sync.Mutex
	made  map[string]reused // this load's files
	stale int               // files parsed anew, or gone, by the last load
}

// reused is one file's parse and the hash of the bytes it was made from.
type reused struct {
	sum   [32]byte
	kind  Kind // as Classify told it by the file's path
	value any  // a pointer as newValue makes it; nil when the file had none
	diags []diag.Diagnostic
}

// LoadReusing is Load, taking the parse of each file whose bytes reuse holds and
// keeping in reuse the parse of every file it loaded, for the next load.
func LoadReusing(fsys fs.FS, reuse *Reuse) (*Tree, *diag.List, error) {
	if reuse == nil {
		reuse = &Reuse{}
	}
	reuse.made = map[string]reused{}
	reuse.stale = 0
	tree, diags, err := load(fsys, reuse)
	reuse.wait() // load waits for it, unless the walk failed
	for p := range reuse.old {
		if _, ok := reuse.made[p]; !ok {
			reuse.stale++
		}
	}
	reuse.old = reuse.made
	return tree, diags, err
}

// Stale is the number of files the last load parsed anew or found gone: what keeping
// it saves the next load.
func (r *Reuse) Stale() int { return r.stale }

// Files is the number of files the last load parsed or reused.
func (r *Reuse) Files() int { return len(r.old) }

// parse is parseFile, through r; info is the file as the walk found it (nil for
// unknown).
func (r *Reuse) parse(fsys fs.FS, p string, pl Place, size int64, info fs.FileInfo) parsed {
	ki, _ := InfoOf(pl.Kind)
	limit := int64(MaxYAML)
	if ki.Markdown {
		limit = MaxMarkdown
	}
	if r == nil || ki.Opaque || ki.newValue == nil || size > limit {
		return parseFile(fsys, p, pl, size)
	}
	if k, ok := fsys.(KnownSums); ok && info != nil {
		if sum, ok := k.KnownSum(p, info); ok {
			if old, ok := r.old[p]; ok && old.sum == sum && old.kind == pl.Kind {
				return r.reuse(p, old)
			}
		}
	}
	data, sum, err := readSummed(fsys, p)
	if err != nil {
		return parseFile(fsys, p, pl, size) // it says why
	}
	if old, ok := r.old[p]; ok && old.sum == sum && old.kind == pl.Kind {
		return r.reuse(p, old)
	}
	out := parseRead(p, pl, size, func() ([]byte, error) { return data, nil })
	r.mu.Lock()
	r.made[p] = reused{sum: sum, kind: pl.Kind, value: out.value, diags: out.diags.Items()}
	r.stale++
	r.mu.Unlock()
	return out
}

// reuse is the kept parse of file p, taken for this load.
func (r *Reuse) reuse(p string, old reused) parsed {
	r.mu.Lock()
	r.made[p] = old
	r.mu.Unlock()
	out := parsed{value: old.value}
	for _, d := range old.diags {
		out.diags.Add(d)
	}
	return out
}

// KnownSums is a file system that may know the SHA-256 of a file's bytes without
// reading them, by what the walk found of the file (info, from lstat): wuxiao build's
// cache knows it by the file's stamp, as the build that last read the file recorded it.
// Reuse takes the kept parse of such a file unread.
type KnownSums interface {
	KnownSum(name string, info fs.FileInfo) ([32]byte, bool)
}

// SummingFS is a file system that hashes every file it reads whole (as wuxiao build's
// cache does for its own keys): Reuse takes its hash instead of hashing the bytes again.
type SummingFS interface {
	fs.FS
	ReadFileSum(name string) ([]byte, [32]byte, error) // the bytes and their SHA-256
}

// readSummed reads file p of fsys and its SHA-256.
func readSummed(fsys fs.FS, p string) ([]byte, [32]byte, error) {
	if s, ok := fsys.(SummingFS); ok {
		return s.ReadFileSum(p)
	}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, [32]byte{}, err
	}
	return data, sha256.Sum256(data), nil
}

// reuseHead begins an encoded Reuse: a Reuse of another format is not read.
const reuseHead = "wuxiao parsed files v4\n"

// reuseShards is how many gob streams an encoded Reuse holds, each of its own files (by
// path order) and readable alone, so that encoding and decoding use every core: at
// 10,000 results one stream took 0.17 s to decode, on one core, before anything else of
// a build through its cache could start. maxShards bounds what a decoder accepts.
const (
	reuseShards = 8
	maxShards   = 64
)

// reuseEntry is one file of an encoded Reuse, followed in the stream by its value when
// HasValue.
type reuseEntry struct {
	Path     string
	Sum      [32]byte
	Kind     Kind // the path's, which a decoder need not classify again (10,000 times)
	HasValue bool
	Diags    []diag.Diagnostic
	Empty    [][]int // where the value has an empty list or mapping, which gob would make nil
}

// MarshalBinary encodes the files of the last load: the head, the number of shards and
// each shard's length and gob stream. It must be called once that load is done: the
// values are the tree's own, and the rules read them.
func (r *Reuse) MarshalBinary() ([]byte, error) {
	paths := slices.Sorted(maps.Keys(r.old))
	shards := make([][]byte, reuseShards)
	errs := make([]error, reuseShards)
	var wg sync.WaitGroup
	for i := range shards {
		lo, hi := i*len(paths)/len(shards), (i+1)*len(paths)/len(shards)
		wg.Go(func() { shards[i], errs[i] = r.encodeShard(paths[lo:hi]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	size := len(reuseHead) + binary.MaxVarintLen64*(len(shards)+1)
	for _, sh := range shards {
		size += len(sh)
	}
	w := record.NewWriter(append(make([]byte, 0, size), reuseHead...))
	w.Uvarint(uint64(len(shards)))
	for _, sh := range shards {
		w.Bytes(sh)
	}
	return w.Data(), nil
}

// encodeShard is one gob stream of the files at paths, ended by an empty entry.
func (r *Reuse) encodeShard(paths []string) ([]byte, error) {
	var b bytes.Buffer
	enc := gob.NewEncoder(&b)
	for _, p := range paths {
		f := r.old[p]
		e := reuseEntry{Path: p, Sum: f.sum, Kind: f.kind, HasValue: f.value != nil, Diags: f.diags}
		if f.value != nil {
			emptyPaths(reflect.ValueOf(f.value), nil, &e.Empty)
		}
		if err := enc.Encode(e); err != nil {
			return nil, err
		}
		if f.value != nil {
			if err := enc.Encode(f.value); err != nil {
				return nil, fmt.Errorf("%s：%w", p, err)
			}
		}
	}
	if err := enc.Encode(reuseEntry{}); err != nil { // the end: without it, data cut between two files would read as fewer files
		return nil, err
	}
	return b.Bytes(), nil
}

// ReadReuseLater is ReadReuse of the bytes data gives (false: none), on a goroutine of
// its own: a load through the Reuse it returns at once walks the tree meanwhile, and
// waits for it only to parse (a cached rebuild of 10,000 results reads 39 MB and
// decodes them). failed, when not nil, is told why bytes given could not be read.
func ReadReuseLater(data func() ([]byte, bool), failed func(error)) *Reuse {
	r := &Reuse{ready: make(chan struct{})}
	go func() {
		defer close(r.ready)
		b, ok := data()
		if !ok {
			return
		}
		read, err := ReadReuse(b)
		r.old = read.old
		if err != nil && failed != nil {
			failed(err)
		}
	}()
	return r
}

// wait waits until r is read (ReadReuseLater).
func (r *Reuse) wait() {
	if r != nil && r.ready != nil {
		<-r.ready
	}
}

// ReadReuse decodes what MarshalBinary encoded, its shards at once. Data it cannot read,
// whole, gives an empty Reuse and the reason: a load through it parses everything, as
// Load does.
func ReadReuse(data []byte) (*Reuse, error) {
	if !bytes.HasPrefix(data, []byte(reuseHead)) {
		return &Reuse{}, errors.New("格式版本不符")
	}
	r := record.NewReader(data[len(reuseHead):])
	n := r.Uvarint()
	if r.Err() != nil || n == 0 || n > maxShards {
		return &Reuse{}, errors.New("数据不完整")
	}
	shards := make([][]byte, n)
	for i := range shards {
		shards[i] = r.Bytes()
	}
	if r.Err() != nil {
		return &Reuse{}, errors.New("数据不完整")
	}
	if r.Len() != 0 {
		return &Reuse{}, errors.New("结尾之后还有数据")
	}
	olds := make([]map[string]reused, len(shards))
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	for i := range shards {
		wg.Go(func() { olds[i], errs[i] = readShard(shards[i]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return &Reuse{}, err
	}
	old := olds[0]
	for _, o := range olds[1:] {
		for p, f := range o {
			if _, dup := old[p]; dup {
				return &Reuse{}, fmt.Errorf("%s 出现了两次", p)
			}
			old[p] = f
		}
	}
	return &Reuse{old: old}, nil
}

// readShard decodes one shard's gob stream.
func readShard(data []byte) (old map[string]reused, err error) {
	defer func() {
		if p := recover(); p != nil {
			old, err = nil, fmt.Errorf("无法读取：%v", p)
		}
	}()
	dec := gob.NewDecoder(bytes.NewReader(data))
	old = map[string]reused{}
	for {
		var e reuseEntry
		if err := dec.Decode(&e); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("数据不完整")
			}
			return nil, err
		}
		if e.Path == "" { // the end, which nothing follows
			if err := dec.Decode(&e); !errors.Is(err, io.EOF) {
				return nil, errors.New("结尾之后还有数据")
			}
			return old, nil
		}
		if _, dup := old[e.Path]; dup {
			return nil, fmt.Errorf("%s 出现了两次", e.Path)
		}
		f := reused{sum: e.Sum, kind: e.Kind, diags: e.Diags}
		if e.HasValue {
			f.value = newValue(Place{Kind: e.Kind})
			if f.value == nil {
				return nil, fmt.Errorf("%s 不是有值的文件", e.Path)
			}
			if err := dec.Decode(f.value); err != nil {
				return nil, fmt.Errorf("%s：%w", e.Path, err)
			}
			for _, path := range e.Empty {
				if !setEmpty(reflect.ValueOf(f.value), path) {
					return nil, fmt.Errorf("%s：空列表的位置 %v 不存在", e.Path, path)
				}
			}
		}
		old[e.Path] = f
	}
}

// emptyPaths lists where v holds an empty but not nil slice or map: a path is the
// field and element indexes from v down, through pointers.
func emptyPaths(v reflect.Value, path []int, out *[][]int) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			emptyPaths(v.Elem(), path, out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				emptyPaths(v.Field(i), append(path, i), out)
			}
		}
	case reflect.Slice, reflect.Map:
		switch {
		case v.IsNil():
		case v.Len() == 0:
			*out = append(*out, slices.Clone(path))
		case v.Kind() == reflect.Slice:
			for j := range v.Len() {
				emptyPaths(v.Index(j), append(path, j), out)
			}
		}
	}
}

// setEmpty makes the nil slice or map at path (as emptyPaths gives it) empty; false when
// path leads to none.
func setEmpty(v reflect.Value, path []int) bool {
	for {
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if len(path) == 0 {
			break
		}
		i := path[0]
		path = path[1:]
		switch {
		case v.Kind() == reflect.Struct && i >= 0 && i < v.NumField() && v.Type().Field(i).IsExported():
			v = v.Field(i)
		case v.Kind() == reflect.Slice && i >= 0 && i < v.Len():
			v = v.Index(i)
		default:
			return false
		}
	}
	switch {
	case !v.CanSet() || !v.IsNil() && v.Len() != 0:
		return false
	case v.Kind() == reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
	case v.Kind() == reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
	default:
		return false
	}
	return true
}

// modelKeys holds every key of the model's mappings (its yaml tags), to give the keys of
// the Positions read back one string each, where a kept parse of 10,000 results has
// some hundreds of thousands of keys.
var modelKeys = func() map[string]string {
	keys := map[string]string{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name != "" && name != "-" {
				keys[name] = name
			}
			walk(f.Type)
		}
	}
	for _, ki := range kinds {
		if ki.newValue != nil {
			walk(reflect.TypeOf(ki.newValue()))
		}
	}
	return keys
}()

// GobEncode and GobDecode carry a Positions through a Reuse.
func (m Positions) GobEncode() ([]byte, error) {
	w := record.NewWriter(make([]byte, 0, 16+len(m.Start.File)+16*len(m.keys)))
	w.String(m.Start.File)
	w.Varint(int64(m.Start.Line))
	w.Varint(int64(m.Start.Col))
	n := uint64(0) // nil
	if m.keys != nil {
		n = uint64(len(m.keys)) + 1
	}
	w.Uvarint(n)
	for _, k := range m.keys {
		w.String(k.key)
		w.Varint(int64(k.line))
		w.Varint(int64(k.col))
	}
	return w.Data(), nil
}

func (m *Positions) GobDecode(data []byte) error {
	r := record.NewReader(data)
	m.Start.File = string(r.Bytes())
	m.Start.Line, m.Start.Col = int(r.Varint()), int(r.Varint())
	n := r.Uvarint()
	if n > uint64(r.Len())/3+1 { // a key takes 3 bytes at least
		return errors.New("content: damaged positions")
	}
	m.keys = nil
	if n > 0 {
		m.keys = make([]keyPos, n-1)
	}
	for i := range m.keys {
		key := r.Bytes()
		name, known := modelKeys[string(key)] // looked up without a string made
		if !known {
			name = string(key)
		}
		m.keys[i] = keyPos{key: name, line: int32(r.Varint()), col: int32(r.Varint())}
	}
	if r.End() != nil {
		return errors.New("content: damaged positions")
	}
	return nil
}
