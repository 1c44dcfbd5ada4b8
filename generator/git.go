package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/pullreq"
)

// gitRepo runs git in the folder that holds content/, which may lie below the repository's top.
type gitRepo struct {
	root   string
	prefix string // root's path inside the repository, "" or ending in "/"
}

func openGit(root string) (*gitRepo, error) {
	if !inRepository(root) {
		return nil, fmt.Errorf("%s 不在 Git 仓库中（它和它的上级目录都没有 .git）", root)
	}
	g := &gitRepo{root: root}
	out, err := g.run("rev-parse", "--show-prefix")
	if err != nil {
		return nil, err
	}
	g.prefix = strings.TrimSpace(string(out))
	return g, nil
}

// inRepository reports whether git may find a repository for root: GIT_DIR names one, or
// root or a folder above it holds a .git (a folder, or a file for a worktree). Where it
// is false git would say so too, one process later (checkFinalHistory asks at every check
// and build).
func inRepository(root string) bool {
	if os.Getenv("GIT_DIR") != "" {
		return true
	}
	dir, err := filepath.Abs(root)
	if err != nil {
		return true
	}
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); !errors.Is(err, fs.ErrNotExist) {
			return true // there, or unreadable: git decides
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}

// run runs one git command and returns its standard output; a failure carries git's own message.
func (g *gitRepo) run(args ...string) ([]byte, error) {
	return g.runAtMost(content.NoLimit, args...)
}

// errGitTooLarge is a command's output, a file's bytes, longer than its reader takes.
var errGitTooLarge = errors.New("git 的输出超过上限")

// runAtMost is run for a command whose output is a file's bytes: it reads no more than
// limit+1 bytes of them, and stops git when there are more (errGitTooLarge). A commit may
// hold a file of gigabytes in a few megabytes of Git.
func (g *gitRepo) runAtMost(limit int64, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", g.root, "--literal-pathspecs"}, args...)...)
	stderr := &bytes.Buffer{}
	cmd.Stderr = stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, gitFailed(args, err, stderr)
	}
	if err := cmd.Start(); err != nil {
		return nil, gitFailed(args, err, stderr)
	}
	data, readErr := io.ReadAll(io.LimitReader(pipe, limit+1))
	if int64(len(data)) > limit {
		cmd.Process.Kill() // else it waits on a pipe nobody reads
		cmd.Wait()
		return nil, errGitTooLarge
	}
	if err := cmd.Wait(); err != nil {
		return nil, gitFailed(args, err, stderr)
	}
	if readErr != nil {
		return nil, gitFailed(args, readErr, stderr)
	}
	return data, nil
}

// gitFailed says why git command args failed: git's own message, or that git could not run.
func gitFailed(args []string, err error, stderr *bytes.Buffer) error {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return fmt.Errorf("git %s 失败：%s", strings.Join(args, " "), strings.TrimSpace(stderr.String()))
	}
	return fmt.Errorf("无法运行 git：%w", err)
}

// verify checks that rev names a commit.
func (g *gitRepo) verify(rev string) error {
	if strings.HasPrefix(rev, "-") {
		return fmt.Errorf("基准版本 %q 不能以 - 开头", rev)
	}
	if _, err := g.run("rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}"); err != nil {
		return fmt.Errorf("找不到基准版本 %s（在 CI 中检出时需要 fetch-depth: 0）", rev)
	}
	return nil
}

// changes lists what HEAD changed since its merge base with base: git diff --name-status -M base...HEAD.
// Paths are made relative to the root; files outside it start with "../".
func (g *gitRepo) changes(base string) ([]pullreq.Change, error) {
	if err := g.verify(base); err != nil {
		return nil, err
	}
	// With more than one merge base (each side merged the other: a criss-cross), the diff
	// compares with one of them, the one whose commit is dated last, which the author
	// dates; the merge itself starts from all of them, and may take back a change of the
	// base the diff never shows. One merge base: what the merge changes, the diff lists.
	if bases, err := g.run("merge-base", "--all", "--end-of-options", base, "HEAD"); err == nil {
		if n := len(strings.Fields(string(bases))); n > 1 {
			return nil, fmt.Errorf("这个合并请求的分支与 %s 有 %d 个共同的起点（两边互相合并过），无法可靠地判断合并后会改动哪些文件，所以不予判断。请从 %s 的最新版本新建分支，把改动重新提交", base, n, base)
		}
	}
	out, err := g.run("diff", "--name-status", "-z", "-M", "--no-ext-diff", "--end-of-options", base+"...HEAD")
	if err != nil {
		return nil, err
	}
	fields := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	var list []pullreq.Change
	for i := 0; i < len(fields) && fields[i] != ""; {
		status := fields[i]
		n := 1
		if status[0] == 'R' || status[0] == 'C' {
			n = 2
		}
		if i+n >= len(fields) {
			return nil, fmt.Errorf("无法理解 git diff 的输出：%q", status)
		}
		c := pullreq.Change{Status: status[0], Path: g.rel(fields[i+n])}
		if n == 2 {
			c.From = g.rel(fields[i+1])
		}
		switch c.Status {
		case 'A', 'C', 'D', 'M', 'R', 'T':
		default:
			c.Status = 'M' // unmerged or unknown: judged as a modification
		}
		list = append(list, c)
		i += n + 1
	}
	return list, nil
}

// rel turns a repository path into a root-relative one.
func (g *gitRepo) rel(p string) string {
	if g.prefix == "" {
		return p
	}
	if strings.HasPrefix(p, g.prefix) {
		return strings.TrimPrefix(p, g.prefix)
	}
	return strings.Repeat("../", strings.Count(g.prefix, "/")) + p
}

// show returns a root-relative file as of rev; ok is false when it does not exist there.
func (g *gitRepo) show(rev, p string, limit int64) (data []byte, ok bool, err error) {
	listed, err := g.run("ls-tree", "--full-tree", "--name-only", "-z", "--end-of-options", rev, "--", g.prefix+p)
	if err != nil {
		return nil, false, err
	}
	if len(listed) == 0 {
		return nil, false, nil
	}
	data, err = g.runAtMost(limit, "show", "--end-of-options", rev+":"+g.prefix+p)
	if errors.Is(err, errGitTooLarge) {
		return nil, false, fileTooLarge(rev, p, limit)
	}
	return data, err == nil, err
}

// fileTooLarge says that root-relative file p as of rev is longer than limit bytes.
func fileTooLarge(rev, p string, limit int64) error {
	return fmt.Errorf("Git 版本 %s 中的 %s 过大：超过上限 %s", rev, p, content.HumanSize(limit))
}

// folder lists the root-relative paths of the files directly in the root-relative folder
// dir as of rev (none when it has no such folder).
func (g *gitRepo) folder(rev, dir string) ([]string, error) {
	listed, err := g.runAtMost(1<<24, "ls-tree", "--full-tree", "--name-only", "-z", "--end-of-options", rev, "--", g.prefix+strings.TrimSuffix(dir, "/")+"/")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range strings.Split(string(listed), "\x00") {
		if p != "" {
			out = append(out, g.rel(p))
		}
	}
	return out, nil
}

// snapshot loads units.yaml and experts.yaml (when units is set), the given years' results.yaml
// and the extra files as of rev, through the
// same loader as check. Problems in those files come back as diagnostics.
func (c *catFile) snapshot(rev string, units bool, years []int, extra ...string) (*content.Tree, *diag.List, error) {
	files := append([]string(nil), extra...)
	if units {
		files = append(files, content.Place{Kind: content.KindUnits}.Path(), content.Place{Kind: content.KindExperts}.Path())
	}
	for _, y := range years {
		files = append(files, content.Place{Kind: content.KindResults, Year: y}.Path())
	}
	fsys := content.MemFS{"content/": nil}
	for _, f := range files {
		data, ok, err := c.show(rev, f, content.MaxYAML)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			fsys[f] = data
		}
	}
	return content.Load(fsys)
}

// results maps each year of tree to its results.yaml.
func resultsByYear(tree *content.Tree) map[int]*content.Results {
	m := map[int]*content.Results{}
	for _, y := range tree.Years {
		if y.Results != nil {
			m[y.Year] = y.Results
		}
	}
	return m
}
