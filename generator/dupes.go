package generator

import (
	"fmt"

	"wuxiao/generator/content"
	"wuxiao/generator/rules"
)

// DupesOptions say which pairs of submissions to list.
type DupesOptions struct {
	Year     int     // only pairs that involve this year's submissions; 0 for all
	MinRatio float64 // the lowest copy ratio listed, in (0, 1]
}

// Dupes lists the pairs of submissions whose copy ratio reaches opt.MinRatio, later
// submission first. cacheErr says the fingerprint cache could not be used (the pairs are
// still right); err is for trouble reading the tree.
func Dupes(cfg Config, opt DupesOptions) (pairs []rules.DuplicatePair, cacheErr, err error) {
	cfg = cfg.withDefaults()
	if !isDir(cfg.Root) {
		return nil, nil, fmt.Errorf("根目录 %s 不存在或不是目录", cfg.Root)
	}
	tree, _, err := content.Load(content.DirFS(cfg.Root))
	if err != nil {
		return nil, nil, fmt.Errorf("%s：%v", cfg.Root, err)
	}
	pairs, cacheErr = rules.FindDuplicates(tree, rules.DuplicateOptions{MinRatio: opt.MinRatio, Cache: cfg.DedupCache})
	if opt.Year != 0 {
		kept := pairs[:0]
		for _, p := range pairs {
			if p.Later.Year == opt.Year || p.Earlier.Year == opt.Year {
				kept = append(kept, p)
			}
		}
		pairs = kept
	}
	return pairs, cacheErr, nil
}
