package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"wuxiao/generator/award"
	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// ErrRefused means the command would not do what was asked because of what the content
// says (a decision already public, a file that does not parse); the message says why.
var ErrRefused = errors.New("refused")

// refusedf makes an error that wraps ErrRefused with a message of its own.
func refusedf(format string, args ...any) error {
	return refusal{fmt.Sprintf(format, args...)}
}

type refusal struct{ msg string }

func (r refusal) Error() string        { return r.msg }
func (r refusal) Is(target error) bool { return target == ErrRefused }

// AwardResult is the committee's proposal for one year, from the checked tree.
type AwardResult struct {
	Year     *content.Year
	Analysis *award.Analysis
	Diags    *diag.List // the check's findings; submissions with errors take no part
}

// Award checks the tree and proposes the year's awards from the scores.
func Award(cfg Config, year int) (*AwardResult, error) {
	tree, diags, err := Check(cfg)
	if err != nil {
		return nil, err
	}
	y := findYear(tree, year)
	if y == nil || y.Competition == nil {
		return nil, fmt.Errorf("content/%d/competition.yaml 不存在或有错误，无法评选", year)
	}
	skip := award.Ineligible(y, diags.FilesWithErrors())
	a := award.Analyze(tree, y, content.NewIndex(tree).Conflict, skip)
	return &AwardResult{Year: y, Analysis: a, Diags: diags}, nil
}

// WriteResults writes the proposal into the year's results.yaml, keeping overrides and
// their reasons, and returns the file's repository path and whether it changed. It
// refuses (ErrRefused) to touch a decision that is already public unless nothing would change.
func WriteResults(cfg Config, r *AwardResult) (rel string, changed bool, err error) {
	cfg = cfg.withDefaults()
	y, a := r.Year, r.Analysis
	rel = content.Place{Kind: content.KindResults, Year: y.Year}.Path()
	path := filepath.Join(cfg.Root, filepath.FromSlash(rel))
	if err := content.NoLinkOnPath(cfg.Root, rel); err != nil {
		return rel, false, refusedf("不写入 %s：路径中有符号链接，可能指向仓库之外", rel)
	}
	old, err := readRegular(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return rel, false, err
	}
	if old != nil && y.Results == nil {
		return rel, false, refusedf("%s 无法解析，请先修正（wuxiao check 会指出错误位置）", rel)
	}
	if y.Results.Public() && !award.SameAwards(award.Current(y.Results), a.Decided) {
		return rel, false, refusedf("%s 已是 %s 状态（已公示或已表彰），--write 不会改写。\n"+
			"公示期内需要调整时，请先把 status 改回 draft；表彰（final）后更改奖项须手工修改，并在 corrections 中记录更正日期、文号和理由。", rel, y.Results.Status)
	}
	data, err := award.Rewrite(old, a.Decided)
	if err != nil {
		return rel, false, refusedf("%s：%v", rel, err)
	}
	if bytes.Equal(data, old) {
		return rel, false, nil
	}
	if err := writeAtomic(path, data); err != nil {
		return rel, false, err
	}
	return rel, true, nil
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

// readRegular reads the regular file at name whole (openRegular: a named pipe left in
// results.yaml's place is refused, not waited on).
func readRegular(name string) ([]byte, error) {
	f, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}
