// Package generator is the pipeline behind every wuxiao command: it loads content/ (package
// content), checks it against the notice's rules (package rules) and renders the site
// (package render), and answers the questions the commands ask of a checked tree (award,
// ledger, dupes, scope, pages, new). It reads and writes the real disk; the packages below
// it take an fs.FS. The commands themselves, flags and printing, live in cmd/wuxiao.
package generator

import (
	"fmt"
	"io/fs"

	"wuxiao/generator/content"
	"wuxiao/generator/dedup"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
	"wuxiao/generator/ruleset"
)

// Config is what every command shares: where the content is and which day counts as today.
// Its zero value is usable: the current folder, and today in Beijing time.
type Config struct {
	Root string // the folder that holds content/; "" means the current folder
	Now  content.Date
	// DedupCache keeps rule duplicate's fingerprints between runs; nil for none. The
	// pipeline writes nothing outside the output folder: the command line gives it a
	// folder in the user's cache.
	DedupCache dedup.Store
}

// withDefaults fills in the root; every entry point of the pipeline calls it first.
func (c Config) withDefaults() Config {
	if c.Root == "" {
		c.Root = "."
	}
	return c
}

// today is the day that counts as today: Now when set, else the current day, asked
// anew each time so that a long wuxiao serve crosses midnight.
func (c Config) today() content.Date {
	if !c.Now.IsZero() {
		return c.Now
	}
	return Today()
}

// Today is the current day in the city's time zone (content.Today).
func Today() content.Date { return content.Today() }

// Check loads the tree at cfg.Root and applies every rule; the error is for I/O trouble only.
func Check(cfg Config) (*content.Tree, *diag.List, error) {
	cfg = cfg.withDefaults()
	tree, diags, err := load(cfg)
	if err != nil {
		return nil, nil, err
	}
	checkLoaded(cfg, tree, diags)
	return tree, diags, nil
}

// load reads the tree at cfg.Root; syntax, schema and path problems go to the list.
func load(cfg Config) (*content.Tree, *diag.List, error) { return loadFS(cfg, nil, nil) }

// loadFS is load through sums (nil: straight from the disk), which sees every read.
func loadFS(cfg Config, sums *sumFS, reuse *content.Reuse) (*content.Tree, *diag.List, error) {
	if !isDir(cfg.Root) {
		return nil, nil, fmt.Errorf("根目录 %s 不存在或不是目录", cfg.Root)
	}
	var fsys fs.FS = content.DirFS(cfg.Root)
	if sums != nil {
		fsys = sums
	}
	load := content.Load
	if reuse != nil { // a build through a cache: the files parsed before (buildcache_parsed.go)
		load = func(fsys fs.FS) (*content.Tree, *diag.List, error) { return content.LoadReusing(fsys, reuse) }
	}
	tree, diags, err := load(fsys)
	if err != nil {
		return nil, nil, fmt.Errorf("%s：%w", cfg.Root, err)
	}
	return tree, diags, nil
}

// checkLoaded applies every rule to a loaded tree, adding to its list. It only reads
// the tree, so it may run while the site is rendered from the same tree.
func checkLoaded(cfg Config, tree *content.Tree, diags *diag.List) {
	checkMemo(cfg, tree, diags, nil, nil, nil)
}

// checkMemo is checkLoaded for a build through a cache: rule duplicate remembers in memo
// (nil for none) what it compared, and the other rules remember in found (nil for none)
// what they found, by what they read (rules.Memo: sums holds the digest of every file
// the loader read).
func checkMemo(cfg Config, tree *content.Tree, diags *diag.List, memo *dedup.Memo, sums map[string][32]byte, found *rules.Memo) {
	all := ruleset.All(cfg.DedupCache)
	for i, r := range all {
		if r.Name == "duplicate" && memo != nil {
			all[i] = rules.DuplicateMemo(cfg.DedupCache, memo, sums)
		}
	}
	rules.RunMemo(tree, cfg.today(), all, sums, found, diags)
	checkFinalHistory(cfg.Root, tree, diags)
	diags.Sort()
}
