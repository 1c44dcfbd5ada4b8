package desk

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"wuxiao/generator/content"
)

// Base is the base branch's tree: where roles, statuses and the checker's starting point come from.
type Base interface {
	// Tree returns the loaded tree and the folder (holding content/) it was read from.
	Tree(ctx context.Context) (*content.Tree, fs.FS, error)
}

// DirBase is a clone of the repository on the desk's disk. Tree looks at it at most once
// per Every (or after Refresh) and answers from memory in between. When it is a Git clone,
// that look pulls the base branch (fast-forward only), so that a merged pull request shows
// within that time, and reloads the tree only when the commit changed; a plain folder is
// reloaded.
type DirBase struct {
	Root  string
	Every time.Duration // default one minute

	mu     sync.Mutex
	pulled time.Time
	rev    string
	tree   *content.Tree
	fsys   fs.FS
}

// gitTimeout bounds a pull of the base branch (a forge that does not answer).
const gitTimeout = 2 * time.Minute

// Tree implements Base.
func (b *DirBase) Tree(ctx context.Context) (*content.Tree, fs.FS, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	every := b.Every
	if every == 0 {
		every = time.Minute
	}
	// git answers to the desk's own deadline, not to the request's: a request that went
	// away would skip the pull, fail rev-parse and so reload the whole tree from disk
	// (any signed-in visitor could have it done once a request by closing his connections).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), gitTimeout)
	defer cancel()
	due := time.Since(b.pulled) >= every
	if b.tree != nil && !due {
		return b.tree, b.fsys, nil // no process between pulls: every request asks for the tree
	}
	git := isGit(b.Root)
	if due {
		b.pulled = time.Now()
		if git {
			cmd := exec.CommandContext(ctx, "git", "-C", b.Root, "pull", "--ff-only", "--quiet")
			cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
			cmd.Run() // a failed pull keeps the tree we have; the next one tries again
		}
	}
	rev := ""
	if git {
		out, err := exec.CommandContext(ctx, "git", "-C", b.Root, "rev-parse", "HEAD").Output()
		if err == nil {
			rev = strings.TrimSpace(string(out))
		}
	}
	if b.tree != nil && rev != "" && rev == b.rev {
		return b.tree, b.fsys, nil
	}
	fsys := content.DirFS(b.Root)
	tree, _, err := content.Load(fsys)
	if err != nil {
		return nil, nil, fmt.Errorf("无法读取基准分支 %s：%w", b.Root, err)
	}
	b.tree, b.fsys, b.rev = tree, fsys, rev
	return tree, fsys, nil
}

// Refresh makes the next Tree pull at once (after the desk opened a pull request, say).
func (b *DirBase) Refresh() {
	b.mu.Lock()
	b.pulled = time.Time{}
	b.mu.Unlock()
}

func isGit(root string) bool {
	_, err := os.Stat(filepath.Join(root, ".git"))
	return err == nil
}
