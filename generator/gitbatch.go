package generator

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"strconv"
	"strings"
)

// catFile reads files as of revisions through one `git cat-file --batch` process: a
// name written, its header and bytes read back, one file at a time. Starting git costs
// milliseconds, more on a busy runner; scope read each file through two (ls-tree, show).
type catFile struct {
	g      *gitRepo
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr bytes.Buffer
	ended  bool  // the process was waited for
	failed error // once set, the process is gone and every read returns it
}

// catFile starts the process; close ends it.
func (g *gitRepo) catFile() (*catFile, error) {
	c := &catFile{g: g}
	c.cmd = exec.Command("git", "-C", g.root, "cat-file", "--batch")
	c.cmd.Stderr = &c.stderr
	var err error
	if c.in, err = c.cmd.StdinPipe(); err != nil {
		return nil, gitFailed([]string{"cat-file", "--batch"}, err, &c.stderr)
	}
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		return nil, gitFailed([]string{"cat-file", "--batch"}, err, &c.stderr)
	}
	if err := c.cmd.Start(); err != nil {
		return nil, gitFailed([]string{"cat-file", "--batch"}, err, &c.stderr)
	}
	c.out = bufio.NewReaderSize(out, 64<<10)
	return c, nil
}

// close ends the process: git ends when its input does.
func (c *catFile) close() {
	if !c.ended {
		c.in.Close()
		c.cmd.Wait()
		c.ended = true
	}
}

// show returns a root-relative file as of rev, no longer than limit bytes; ok is false when
// it does not exist there. A name the batch's lines cannot carry (a line break, a control
// character, a part "." or "..", which git would take relative to the working folder) or
// a revision with a colon is read the old way, through two processes of its own.
func (c *catFile) show(rev, p string, limit int64) (data []byte, ok bool, err error) {
	name := c.g.prefix + p
	if !batchName(rev) || strings.Contains(rev, ":") || !batchName(name) || !fs.ValidPath(name) {
		return c.g.show(rev, p, limit)
	}
	if c.failed != nil {
		return nil, false, c.failed
	}
	object := rev + ":" + name
	if _, err := io.WriteString(c.in, object+"\n"); err != nil {
		return nil, false, c.fail(err)
	}
	header, err := c.out.ReadSlice('\n')
	if err != nil {
		return nil, false, c.fail(err)
	}
	line := strings.TrimSuffix(string(header), "\n")
	if line == object+" missing" {
		return nil, false, nil
	}
	fields := strings.Fields(line)
	if len(fields) != 3 {
		return nil, false, c.fail(fmt.Errorf("无法理解 git cat-file 的回答：%q", line))
	}
	size, err := strconv.ParseInt(fields[2], 10, 64)
	if err != nil || size < 0 {
		return nil, false, c.fail(fmt.Errorf("无法理解 git cat-file 的回答：%q", line))
	}
	if size > limit {
		c.fail(errGitTooLarge)
		return nil, false, fileTooLarge(rev, p, limit)
	}
	data = make([]byte, size+1) // the bytes and git's line break after them
	if _, err := io.ReadFull(c.out, data); err != nil {
		return nil, false, c.fail(err)
	}
	if data[size] != '\n' {
		return nil, false, c.fail(fmt.Errorf("无法理解 git cat-file 的回答：%s 之后没有换行", object))
	}
	if fields[1] != "blob" {
		return nil, false, fmt.Errorf("Git 版本 %s 中的 %s 不是文件（是 %s）", rev, p, fields[1])
	}
	return data[:size], true, nil
}

// fail ends the batch after a read that went wrong, keeping git's own message, and
// returns the error every later read gets.
func (c *catFile) fail(err error) error {
	if c.failed == nil {
		c.cmd.Process.Kill()
		c.in.Close()
		c.cmd.Wait() // and so git's message is whole
		c.ended = true
		if msg := strings.TrimSpace(c.stderr.String()); msg != "" && !errors.Is(err, errGitTooLarge) {
			err = fmt.Errorf("git cat-file 失败：%s", msg)
		} else {
			err = fmt.Errorf("git cat-file 失败：%w", err)
		}
		c.failed = err
	}
	return c.failed
}

// batchName reports whether s can go on a line of the batch as it is: no control
// characters, no line breaks.
func batchName(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return s != ""
}
