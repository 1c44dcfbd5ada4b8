package content

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"wuxiao/generator/diag"
	"wuxiao/generator/digest"
	"wuxiao/generator/record"
)

// Reuse holds the files an earlier load parsed, by path and the digest of their bytes (package digest),
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
	limit := sizeLimit(ki)
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
	data, sum, err := readSummed(fsys, p, limit)
	if err != nil {
		return parseFile(fsys, p, pl, size) // it says why
	}
	if old, ok := r.old[p]; ok && old.sum == sum && old.kind == pl.Kind {
		return r.reuse(p, old)
	}
	out := parseRead(p, pl, size, func(int64) ([]byte, error) { return data, nil })
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

// KnownSums is a file system that may know the digest of a file's bytes without
// reading them, by what the walk found of the file (info, from lstat): wuxiao build's
// cache knows it by the file's stamp, as the build that last read the file recorded it.
// Reuse takes the kept parse of such a file unread.
type KnownSums interface {
	KnownSum(name string, info fs.FileInfo) ([32]byte, bool)
}

// SummingFS is a file system that hashes every file it reads (as wuxiao build's cache
// does for its own keys): Reuse takes its hash instead of hashing the bytes again.
type SummingFS interface {
	fs.FS
	// ReadFileSum gives the file's bytes, no further than limit+1 of them as ReadAtMost
	// does, and their digest.
	ReadFileSum(name string, limit int64) ([]byte, [32]byte, error)
}

// readSummed reads file p of fsys, no further than limit+1 bytes, and their digest.
func readSummed(fsys fs.FS, p string, limit int64) ([]byte, [32]byte, error) {
	if s, ok := fsys.(SummingFS); ok {
		return s.ReadFileSum(p, limit)
	}
	data, err := ReadAtMost(fsys, p, limit)
	if err != nil {
		return nil, [32]byte{}, err
	}
	return data, digest.Sum(data), nil
}

// reuseHead begins an encoded Reuse: a Reuse of another format is not read.
const reuseHead = "wuxiao parsed files v6\n"

// reuseShards is how many shards an encoded Reuse holds, each of its own files (by path
// order) and readable alone, so that encoding and decoding use every core: at 10,000
// results one gob stream took 0.17 s to decode, on one core, before anything else of a
// build through its cache could start. maxShards bounds what a decoder accepts.
const (
	reuseShards = 8
	maxShards   = 64
)

// MarshalBinary encodes the files of the last load: the head, the number of shards and
// each shard's length and files (encodeShard). It must be called once that load is
// done: the values are the tree's own, and the rules read them.
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

// encodeShard writes the files at paths, each as its path, the hash of its bytes, its
// kind, its findings and, after a byte telling whether it has one, its value (by the
// codecs of reuse_codec.go); then an empty path, so that data cut between two files
// does not read as fewer files.
func (r *Reuse) encodeShard(paths []string) ([]byte, error) {
	diags, err := codecOf(reflect.TypeFor[[]diag.Diagnostic]())
	if err != nil {
		return nil, err
	}
	var w shardWriter
	for _, p := range paths {
		f := r.old[p]
		w.str(p)
		w.Fixed(f.sum[:])
		w.Uvarint(uint64(f.kind))
		diags.enc(&w, reflect.ValueOf(f.diags))
		if f.value == nil {
			w.Byte(0)
			continue
		}
		v := reflect.ValueOf(f.value)
		if want := reflect.TypeOf(newValue(Place{Kind: f.kind})); v.Type() != want {
			return nil, fmt.Errorf("%s：值的类型 %v 不是 %v", p, v.Type(), want)
		}
		c, err := codecOf(v.Type().Elem())
		if err != nil {
			return nil, fmt.Errorf("%s：%w", p, err)
		}
		w.Byte(1)
		c.enc(&w, v.Elem())
	}
	w.str("") // the end
	return w.Data(), nil
}

// ReadReuseLater is ReadReuse of the bytes data gives (false: none), on a goroutine of
// its own: a load through the Reuse it returns at once walks the tree meanwhile, and
// waits for it only to parse (a cached rebuild of 10,000 results reads 27 MB and
// decodes them). failed, when not nil, is told why bytes given could not be read.
func ReadReuseLater(data func() (string, bool), failed func(error)) *Reuse {
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

// wait waits until r is read (ReadReuseLater), and sizes the map of this load's files
// as the earlier one's.
func (r *Reuse) wait() {
	if r != nil && r.ready != nil {
		<-r.ready
	}
	if r != nil && len(r.made) == 0 && len(r.old) > 0 {
		r.made = make(map[string]reused, len(r.old))
	}
}

// ReadReuse decodes what MarshalBinary encoded, its shards at once. Data it cannot read,
// whole, gives an empty Reuse and the reason: a load through it parses everything, as
// Load does. The texts of the files' values are cut from data, not copied: a string, so
// that nothing changes them (the cache reads its file straight into one), which the
// values keep.
func ReadReuse(data string) (*Reuse, error) {
	if !strings.HasPrefix(data, reuseHead) {
		return &Reuse{}, errors.New("格式版本不符")
	}
	r := record.NewStringReader(data[len(reuseHead):])
	n := r.Uvarint()
	if r.Err() != nil || n == 0 || n > maxShards {
		return &Reuse{}, errors.New("数据不完整")
	}
	shards := make([]string, n)
	for i := range shards {
		shards[i] = r.String()
	}
	if r.Err() != nil {
		return &Reuse{}, errors.New("数据不完整")
	}
	if r.Len() != 0 {
		return &Reuse{}, errors.New("结尾之后还有数据")
	}
	olds := make([][]keptFile, len(shards))
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	for i := range shards {
		wg.Go(func() { olds[i], errs[i] = readShard(shards[i]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return &Reuse{}, err
	}
	files := 0
	for _, o := range olds {
		files += len(o)
	}
	old := make(map[string]reused, files)
	for _, o := range olds {
		for _, f := range o {
			if _, dup := old[f.path]; dup {
				return &Reuse{}, fmt.Errorf("%s 出现了两次", f.path)
			}
			old[f.path] = f.reused
		}
	}
	return &Reuse{old: old}, nil
}

// keptFile is one file of a shard, as read.
type keptFile struct {
	path string
	reused
}

// readShard decodes one shard (encodeShard), its files in the order written (ReadReuse
// puts them in one map, and finds a path written twice). Its strings are cut from data,
// which the values read keep.
func readShard(data string) (old []keptFile, err error) {
	defer func() { // a codec meeting what no build wrote: damage, as any other
		if p := recover(); p != nil {
			old, err = nil, fmt.Errorf("无法读取：%v", p)
		}
	}()
	diags, err := codecOf(reflect.TypeFor[[]diag.Diagnostic]())
	if err != nil {
		return nil, err
	}
	d := &shardReader{r: record.NewStringReader(data)}
	for {
		p := d.str()
		if p == "" { // the end, which nothing follows
			if err := d.r.End(); err != nil {
				if d.r.Err() == nil {
					return nil, errors.New("结尾之后还有数据")
				}
				return nil, errors.New("数据不完整")
			}
			return old, nil
		}
		var f reused
		copy(f.sum[:], d.r.Fixed(len(f.sum)))
		f.kind = Kind(d.r.Uvarint())
		diags.dec(d, reflect.ValueOf(&f.diags).Elem())
		if d.r.Byte() != 0 {
			f.value = newValue(Place{Kind: f.kind})
			if f.value == nil {
				return nil, fmt.Errorf("%s 不是有值的文件", p)
			}
			c, err := codecOf(reflect.TypeOf(f.value).Elem())
			if err != nil {
				return nil, err
			}
			c.dec(d, reflect.ValueOf(f.value).Elem())
		}
		if d.r.Err() != nil {
			return nil, errors.New("数据不完整")
		}
		old = append(old, keptFile{p, f})
	}
}
