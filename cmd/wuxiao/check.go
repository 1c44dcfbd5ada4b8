package main

import (
	"errors"
	"flag"
	"fmt"

	"wuxiao/generator"
)

// check: wuxiao check [--root DIR] [--now DATE] [--format text|github|json] [--out FILE] [--strict] [PATH...]
//
// With paths it still checks the whole tree but reports only the findings in those files or folders.
// With --format github it also appends every finding, errors first, to the job summary
// ($GITHUB_STEP_SUMMARY) when the runner names one.
func (m *Main) check(args []string) int {
	fs := m.newFlags("check")
	var cfg generator.Config
	configFlags(fs, &cfg)
	format := formatFlag(fs)
	out := outFlag(fs)
	strict := fs.Bool("strict", false, "警告也算作失败")
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return ExitOK
			}
			return ExitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		paths, args = append(paths, fs.Arg(0)), fs.Args()[1:] // options may follow paths
	}
	if !m.checkFormat("check", *format) {
		return ExitUsage
	}
	_, diags, err := generator.Check(cfg)
	if err != nil {
		return m.fail("check", ExitUsage, err)
	}
	if len(paths) > 0 {
		root := cfg.Root
		if root == "" {
			root = "."
		}
		if diags, err = generator.Only(root, diags, paths); err != nil {
			return m.fail("check", ExitUsage, err)
		}
	}
	if err := m.printFindings(diags, *format, *out); err != nil {
		return m.fail("check", ExitUsage, err)
	}
	if *format == "github" {
		if err := m.stepSummary(diags.Markdown("内容检查")); err != nil {
			return m.fail("check", ExitUsage, err)
		}
	}
	errs, warns := diags.Count()
	if *format != "json" {
		if errs+warns == 0 {
			fmt.Fprintln(m.Stderr, "检查通过：没有发现问题。")
		} else {
			fmt.Fprintf(m.Stderr, "共 %d 个错误，%d 个警告。\n", errs, warns)
		}
	}
	if diags.Failed(*strict) {
		return ExitFindings
	}
	return ExitOK
}
