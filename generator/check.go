// Package generator runs the pipeline: load content/, check it against the notice's rules, and build the site.
package generator

import (
	"fmt"
	"os"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
)

// Config is what every command shares: where the content is and which day counts as today.
type Config struct {
	Root string // the folder that holds content/
	Now  content.Date
	// DedupCache is rule duplicate's fingerprint cache, as DedupCacheDir reads it:
	// "" for the user's cache directory, "off" for none.
	DedupCache string
}

// Today is the current day in the city's time zone (China Standard Time).
func Today() content.Date {
	t := time.Now().In(time.FixedZone("CST", 8*3600))
	d, _ := content.ParseDate(t.Format("2006-01-02"))
	return d
}

// Check loads the tree at cfg.Root and applies every rule; the error is for I/O trouble only.
func Check(cfg Config) (*content.Tree, *diag.List, error) {
	tree, diags, err := load(cfg)
	if err != nil {
		return nil, nil, err
	}
	checkLoaded(cfg, tree, diags)
	return tree, diags, nil
}

// load reads the tree at cfg.Root; syntax, schema and path problems go to the list.
func load(cfg Config) (*content.Tree, *diag.List, error) {
	if cfg.Root == "" {
		cfg.Root = "."
	}
	if info, err := os.Stat(cfg.Root); err != nil || !info.IsDir() {
		return nil, nil, fmt.Errorf("根目录 %s 不存在或不是目录", cfg.Root)
	}
	tree, diags, err := content.Load(content.DirFS(cfg.Root))
	if err != nil {
		return nil, nil, fmt.Errorf("%s：%w", cfg.Root, err)
	}
	return tree, diags, nil
}

// checkLoaded applies every rule to a loaded tree, adding to its list. It only reads
// the tree, so it may run while the site is rendered from the same tree.
func checkLoaded(cfg Config, tree *content.Tree, diags *diag.List) {
	if cfg.Root == "" {
		cfg.Root = "."
	}
	if cfg.Now.IsZero() {
		cfg.Now = Today()
	}
	rules.Run(tree, cfg.Now, rules.WithDedupCache(rules.All(), DedupCacheDir(cfg.DedupCache)), diags)
	checkFinalHistory(cfg.Root, tree, diags)
	diags.Items()
}
