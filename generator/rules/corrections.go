package rules

import (
	"fmt"
	"sort"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// Version is one committed state of a year's results.yaml, read from the repository's history.
type Version struct {
	Commit      string // abbreviated hash
	Date        string // commit date, YYYY-MM-DD
	Status      string
	Awards      []string // "submission award", one per line
	Corrections int      // entries under corrections
}

// CheckCorrections holds a commended (final) decision still [五(三)]: once a committed
// results.yaml of the year was final, every later change of its awards, committed or in the
// work tree, needs an entry in corrections (date, 文号, reason), and the status may not go back.
// history is the committed versions, oldest first; current is the file as it stands (nil:
// absent). It belongs to rule results; `check` feeds it from Git when the root is a work tree.
func CheckCorrections(file string, current *content.Results, history []Version, out *diag.List) {
	first := -1
	for i, v := range history {
		if v.Status == "final" {
			first = i
			break
		}
	}
	if first < 0 {
		return
	}
	fin := history[first]
	if current == nil {
		out.Errorf(diag.FileStart(file), "results", "本年度评选结果已于 %s（提交 %s）表彰（final），results.yaml 不能删除", fin.Date, fin.Commit)
		return
	}
	versions := append(append([]Version(nil), history[first:]...), versionOf(current))
	changes, firstChange := 0, ""
	for i := 1; i < len(versions); i++ {
		if !sameLines(versions[i-1].Awards, versions[i].Awards) {
			changes++
			if firstChange == "" {
				firstChange = versions[i].Commit
			}
		}
	}
	if current.Status != "final" {
		out.Errorf(current.Pos.At("status"), "results", "本年度评选结果已于 %s（提交 %s）表彰（final），不能改回 %s；如需更正，请保持 final 并在 corrections 中记录", fin.Date, fin.Commit, current.Status)
	}
	recorded := len(current.Corrections) - fin.Corrections
	if changes <= recorded {
		return
	}
	where := "工作区中的改动"
	if firstChange != "" {
		where = "提交 " + firstChange
	}
	pos := current.Pos.At("awards")
	if current.Pos.Has("corrections") {
		pos = current.Pos.At("corrections")
	}
	out.Errorf(pos, "results", "本年度评选结果已于 %s（提交 %s）表彰（final），此后奖项改动了 %d 次（始于%s），corrections 中只新增了 %d 条更正记录；表彰后更改奖项须在 corrections 中记录更正日期、文号和理由：{date, doc, reason}",
		fin.Date, fin.Commit, changes, where, max(recorded, 0))
}

// versionOf describes the work tree's results.yaml like a committed version.
func versionOf(r *content.Results) Version {
	v := Version{Status: r.Status, Corrections: len(r.Corrections)}
	for _, a := range r.Awards {
		v.Awards = append(v.Awards, AwardKey(a.Submission, a.Award, a.Revoked != nil))
	}
	return v
}

// AwardKey is how an award line is compared across versions: the override's wording is not a
// change; a revocation (v2) is one, and needs its correction entry like any other.
func AwardKey(submission, award string, revoked bool) string {
	if revoked {
		return fmt.Sprintf("%s %s 已撤销", submission, award)
	}
	return fmt.Sprintf("%s %s", submission, award)
}

func sameLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}
