package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"wuxiao/generator/fserr"
)

// outMarker is the file every site wuxiao builds carries at its top: a folder with it is
// wuxiao's own output, which a later build may replace whole.
const outMarker = ".wuxiao-site"

const markerText = "此目录由 wuxiao build 生成，下次构建时会被整体替换；请勿在此存放其他文件。\n"

// outFolder is a build's output folder, checked to be safe to replace and locked against
// other builds while this one runs.
type outFolder struct {
	path    string        // as given (cleaned)
	parent  string        // the folder holding it and its temporaries
	lock    *os.File      // held for the whole build; nil where locking is unsupported
	deleted chan struct{} // closed once the marked temporaries recover found are deleted
	kept    string        // the marked temporary recover kept for keep; "" for none

	mu   sync.Mutex
	made map[string]fs.FileInfo // the folders TempDir made, and the kept one, as they were then
}

// remember notes folder dir as it is now: Replace puts nothing else in the output's place.
func (o *outFolder) remember(dir string, info fs.FileInfo) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.made == nil {
		o.made = map[string]fs.FileInfo{}
	}
	o.made[dir] = info
}

// openOutFolder refuses an output folder that replacing could destroy, then takes the
// lock beside it (telling waiting, when set, the folder another build holds), puts back an output a killed build left aside and removes the
// temporaries killed builds left, but for the first one keep (nil for none) wants kept,
// to be brought up to date in place (siteDir). Close releases it.
func openOutFolder(root, out string, keep func(dir string) bool, waiting func(dir string)) (*outFolder, error) {
	if err := refuseOut(root, out); err != nil {
		return nil, err
	}
	o := &outFolder{path: out, parent: filepath.Dir(out)}
	if err := os.MkdirAll(o.parent, 0o755); err != nil {
		return nil, err
	}
	var wait func()
	if waiting != nil {
		wait = func() { waiting(o.parent) }
	}
	lock, err := lockFolder(o.parent, wait)
	if err != nil {
		return nil, fmt.Errorf("锁定输出目录 %s：%w", o.parent, err)
	}
	o.lock = lock
	// Another build may have finished while we waited: look again under the lock.
	if err := refuseOut(root, out); err != nil {
		o.Close()
		return nil, err
	}
	o.recover(keep)
	return o, nil
}

// Close waits for the deletion recover started, then releases the lock.
func (o *outFolder) Close() {
	if o.deleted != nil {
		<-o.deleted
		o.deleted = nil
	}
	if o.lock != nil {
		o.lock.Close()
		o.lock = nil
	}
}

// tempPrefix names this output's temporaries: .public-123 beside public.
func (o *outFolder) tempPrefix() string { return "." + filepath.Base(o.path) + "-" }

// TempDir makes a new marked folder beside the output to build into.
func (o *outFolder) TempDir() (string, error) {
	tmp, err := os.MkdirTemp(o.parent, o.tempPrefix())
	if err != nil {
		return "", err
	}
	info, err := lstatNow(tmp)
	if err != nil {
		return tmp, err
	}
	o.remember(tmp, info)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return tmp, err
	}
	return tmp, os.WriteFile(filepath.Join(tmp, outMarker), []byte(markerText), 0o644)
}

// Replace puts the finished folder tmp at the output's place in one step where the system
// can (an exchange of the two names), otherwise in two renames. The old output stays
// beside it, marked, under a temporary's name: the next build deletes it while it works
// (see recover), as deleting tens of thousands of files can take a disk longer than the
// build. Killed at any point, the output stays whole or a later build puts it back.
func (o *outFolder) Replace(tmp string) error {
	o.mu.Lock()
	was := o.made[tmp]
	o.mu.Unlock()
	if now, err := os.Lstat(tmp); was != nil && (err != nil || !os.SameFile(was, now)) {
		// whoever may write in the parent put another folder, or a link, at tmp's name
		return fmt.Errorf("%s 在构建中途被换成了别的目录或链接，未替换 %s", tmp, o.path)
	}
	if _, err := os.Lstat(o.path); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, o.path); err != nil {
			return fmt.Errorf("放置新的 %s：%w", o.path, err)
		}
		return nil
	}
	err := exchange(tmp, o.path)
	if err == nil {
		return nil // tmp now holds the old output
	}
	if !errors.Is(err, errNoExchange) {
		return fmt.Errorf("替换 %s：%w", o.path, err)
	}
	old := tmp + ".old"
	if err := os.Rename(o.path, old); err != nil {
		return fmt.Errorf("移开旧的 %s：%w", o.path, err)
	}
	if err := os.Rename(tmp, o.path); err != nil {
		_ = os.Rename(old, o.path)
		return fmt.Errorf("放置新的 %s：%w", o.path, err)
	}
	return nil
}

// recover repairs what a killed build left: an output moved aside but not replaced goes
// back; every other marked temporary (the output the last build replaced, or a killed
// build's) is deleted in the background while this build works, Close waiting for the
// end, but the first one keep wants kept. Only marked folders are touched,
// and empty ones named as TempDir names them (a build killed between making its folder
// and marking it, or between removing the marker and the folder, leaves one).
func (o *outFolder) recover(keep func(dir string) bool) {
	parent, err := os.OpenRoot(o.parent)
	if err != nil {
		return
	}
	entries, err := os.ReadDir(o.parent)
	if err != nil {
		parent.Close()
		return
	}
	_, err = os.Lstat(o.path)
	missing := errors.Is(err, fs.ErrNotExist)
	var stale []fs.DirEntry
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(o.parent, name)
		if !e.IsDir() || !strings.HasPrefix(name, o.tempPrefix()) {
			continue
		}
		if !isOurs(p) {
			if isTempName(strings.TrimPrefix(name, o.tempPrefix())) {
				_ = os.Remove(p) // only ever removes an empty folder
			}
			continue
		}
		if missing && strings.HasSuffix(name, ".old") && os.Rename(p, o.path) == nil {
			missing = false
			continue
		}
		if o.kept == "" && keep != nil && !strings.HasSuffix(name, ".old") && keep(p) {
			if info, err := lstatNow(p); err == nil {
				o.kept = p
				o.remember(p, info)
				continue
			}
		}
		stale = append(stale, e)
	}
	if len(stale) == 0 {
		parent.Close()
		return
	}
	o.deleted = make(chan struct{})
	go func() {
		defer close(o.deleted)
		defer parent.Close()
		for _, e := range stale {
			if was, err := lstatNow(filepath.Join(o.parent, e.Name())); err == nil {
				_ = removeMarked(parent, e.Name(), was)
			}
		}
	}()
}

// isTempName reports whether suffix is what os.MkdirTemp puts after the prefix (digits),
// optionally followed by ".old".
func isTempName(suffix string) bool {
	suffix = strings.TrimSuffix(suffix, ".old")
	if suffix == "" {
		return false
	}
	for _, r := range suffix {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// removeMarked deletes the marked folder name of parent, with its marker last, so that a
// build killed while deleting leaves a folder recover still recognises as its own. was is
// the folder as recover found it (not through a link): the folder is opened once and
// deleted from within, and only when it is still that folder, so that whoever may write
// in parent and puts a link or another folder at name meanwhile does not have the build
// delete what the link leads to (os.Root keeps every step inside the folder opened).
func removeMarked(parent *os.Root, name string, was fs.FileInfo) error {
	dir, err := parent.OpenRoot(name)
	if err != nil {
		return err
	}
	defer dir.Close()
	if now, err := dir.Stat("."); err != nil || !was.IsDir() || !os.SameFile(was, now) {
		return fmt.Errorf("%s 已不是原来的目录，未删除", name)
	}
	if info, err := dir.Lstat(outMarker); err != nil || !info.Mode().IsRegular() {
		return fmt.Errorf("%s 没有标记文件 %s，未删除", name, outMarker)
	}
	f, err := dir.Open(".")
	if err != nil {
		return err
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == outMarker {
			continue
		}
		if err := dir.RemoveAll(e.Name()); err != nil {
			return err
		}
	}
	if err := dir.Remove(outMarker); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return parent.Remove(name) // an empty folder, or a link put there meanwhile: never what it leads to
}

// removeKept removes the folder recover kept for the build (removeMarked), which could
// not use it after all (its record could not be decoded).
func (o *outFolder) removeKept() error {
	o.mu.Lock()
	was := o.made[o.kept]
	o.mu.Unlock()
	if o.kept == "" || was == nil {
		return nil
	}
	parent, err := os.OpenRoot(o.parent)
	if err != nil {
		return err
	}
	defer parent.Close()
	return removeMarked(parent, filepath.Base(o.kept), was)
}

// lstatNow is os.Lstat of p with the file's identity read at once, for os.SameFile. On
// Windows a listing's entry (DirEntry.Info) carries no identity on a drive without file
// IDs (FAT32, exFAT; Wine's drives), so that SameFile of it and the folder opened was
// always false, and an Lstat's is read from the path when SameFile first asks.
func lstatNow(p string) (fs.FileInfo, error) {
	info, err := os.Lstat(p)
	if err == nil {
		os.SameFile(info, info) // reads the identity on Windows; nothing elsewhere
	}
	return info, err
}

// isOurs reports whether dir is a site wuxiao built (it carries the marker).
func isOurs(dir string) bool {
	info, err := os.Lstat(filepath.Join(dir, outMarker))
	return err == nil && info.Mode().IsRegular()
}

// refuseOut says why out may not be a build's output folder: replacing it would delete
// the content, the root or something the tool did not make. nil when it is safe.
func refuseOut(root, out string) error {
	if root == "" {
		root = "."
	}
	absRoot, err := realPath(root)
	if err != nil {
		return err
	}
	absOut, err := realPath(out)
	if err != nil {
		return err
	}
	content := filepath.Join(absRoot, "content")
	refuse := func(format string, args ...any) error {
		return fmt.Errorf("拒绝输出到 %s：%s；构建会整体替换输出目录，请用 --out 另选一个新的或空的目录（默认为根目录下的 public）", out, fmt.Sprintf(format, args...))
	}
	switch {
	case absOut == absRoot:
		return refuse("它就是根目录 %s", root)
	case insideDir(absOut, absRoot):
		return refuse("它包含根目录 %s", root)
	case absOut == content || insideDir(content, absOut):
		return refuse("它在 content/ 内容目录里")
	}
	info, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return refuse("%s", fserr.Text(err))
	case info.Mode()&fs.ModeSymlink != 0:
		return refuse("它是符号链接")
	case !info.IsDir():
		return refuse("它已存在且不是目录")
	}
	if _, err := os.Lstat(filepath.Join(out, ".git")); err == nil {
		return refuse("它是一个 Git 工作目录（有 .git）")
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return refuse("%s", fserr.Text(err))
	}
	if len(entries) > 0 && !isOurs(out) {
		return refuse("它不是空目录，也不是 wuxiao 生成的网站（没有标记文件 %s）", outMarker)
	}
	return nil
}

// insideDir reports whether p lies strictly inside dir.
func insideDir(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}

// realPath is p made absolute with every link in its existing part resolved, so that two
// names of one folder compare equal.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; cur = filepath.Dir(cur) {
		if real, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(real, rest), nil
		}
		if filepath.Dir(cur) == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
	}
}
