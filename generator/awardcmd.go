package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"wuxiao/generator/award"
	"wuxiao/generator/content"
	"wuxiao/generator/rules"
)

func runAward(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("award", stderr)
	var cfg Config
	configFlags(fs, &cfg)
	year := fs.Int("year", 0, "评选的年份（必填）")
	write := fs.Bool("write", false, "按拟授奖项写出 content/<年份>/results.yaml（草稿），保留已有的 override 及其理由")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *year == 0 {
		fmt.Fprintln(stderr, "wuxiao award：请用 --year 指定年份，例如 --year 2023")
		return ExitUsage
	}
	tree, diags, err := Check(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao award：%v\n", err)
		return ExitUsage
	}
	y := findYear(tree, *year)
	if y == nil || y.Competition == nil {
		fmt.Fprintf(stderr, "wuxiao award：content/%d/competition.yaml 不存在或有错误，无法评选\n", *year)
		return ExitUsage
	}
	skip := award.Ineligible(y, diags)
	a := award.Analyze(tree, y, rules.NewIndex(tree).Conflict, skip)
	if err := a.Print(stdout); err != nil {
		fmt.Fprintf(stderr, "wuxiao award：%v\n", err)
		return ExitUsage
	}
	if errs, _ := diags.Count(); errs > 0 {
		fmt.Fprintf(stderr, "注意：wuxiao check 发现 %d 个错误；未通过检查的成果不参加评奖。\n", errs)
	}
	if !*write {
		return ExitOK
	}
	return writeResults(cfg.Root, y, a, stdout, stderr)
}

// writeResults writes the proposal into results.yaml, refusing to touch a decision that is
// already public unless nothing would change.
func writeResults(root string, y *content.Year, a *award.Analysis, stdout, stderr io.Writer) int {
	rel := "content/" + strconv.Itoa(y.Year) + "/results.yaml"
	path := filepath.Join(root, filepath.FromSlash(rel))
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "wuxiao award：%v\n", err)
		return ExitUsage
	}
	if old != nil && y.Results == nil {
		fmt.Fprintf(stderr, "wuxiao award：%s 无法解析，请先修正（wuxiao check 会指出错误位置）\n", rel)
		return ExitFindings
	}
	if y.Results.Public() && !award.SameAwards(award.Current(y.Results), a.Decided) {
		fmt.Fprintf(stderr, "wuxiao award：%s 已是 %s 状态（已公示或已表彰），--write 不会改写。\n"+
			"公示期内需要调整时，请先把 status 改回 draft；表彰（final）后更改奖项须手工修改，并在 corrections 中记录更正日期、文号和理由。\n", rel, y.Results.Status)
		return ExitFindings
	}
	data, err := award.Rewrite(old, a.Decided)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao award：%s：%v\n", rel, err)
		return ExitFindings
	}
	if bytes.Equal(data, old) {
		fmt.Fprintf(stdout, "%s 无需改动。\n", rel)
		return ExitOK
	}
	if err := writeAtomic(path, data); err != nil {
		fmt.Fprintf(stderr, "wuxiao award：%v\n", err)
		return ExitUsage
	}
	fmt.Fprintf(stdout, "已写出 %s（%d 个奖项）。\n", rel, len(a.Decided))
	return ExitOK
}

func findYear(tree *content.Tree, year int) *content.Year {
	for _, y := range tree.Years {
		if y.Year == year {
			return y
		}
	}
	return nil
}

// writeAtomic writes data to a temporary file beside path and renames it into place.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".wuxiao-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
