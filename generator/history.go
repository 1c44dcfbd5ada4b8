package generator

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/rules"
)

// checkFinalHistory applies rules.CheckCorrections to every year whose results.yaml Git knows:
// the committed versions come from `git log` and `git show` in the root's work tree. Without
// git, outside a work tree or without history it does nothing: the files alone cannot tell.
func checkFinalHistory(root string, tree *content.Tree, out *diag.List) {
	g, err := openGit(root)
	if err != nil {
		return
	}
	files := &historyFiles{g: g}
	defer files.close()
	for _, y := range tree.Years {
		file := content.Place{Kind: content.KindResults, Year: y.Year}.Path()
		history := resultsHistory(files, file, content.MaxYAML)
		if len(history) > 0 {
			rules.CheckCorrections(file, y.Results, history, out)
		}
	}
}

// historyFiles reads committed files for the history rule through one git cat-file for
// all years, started at the first read and again after a read stopped it (a version
// too large for the loader, or git failing).
type historyFiles struct {
	g     *gitRepo
	batch *catFile
}

// show is catFile.show through the shared process.
func (h *historyFiles) show(rev, p string, limit int64) ([]byte, bool, error) {
	if h.batch == nil {
		b, err := h.g.catFile()
		if err != nil {
			return nil, false, err
		}
		h.batch = b
	}
	data, ok, err := h.batch.show(rev, p, limit)
	if h.batch.failed != nil { // git was stopped: the next read starts a new one
		h.close()
	}
	return data, ok, err
}

func (h *historyFiles) close() {
	if h.batch != nil {
		h.batch.close()
		h.batch = nil
	}
}

// resultsHistory reads the committed versions of file (root-relative), oldest first,
// through files; versions that are deleted, longer than limit bytes or do not parse
// are left out.
func resultsHistory(files *historyFiles, file string, limit int64) []rules.Version {
	log, err := files.g.run("log", "--reverse", "--format=%h %cs", "--", file)
	if err != nil {
		return nil
	}
	var out []rules.Version
	for _, line := range strings.Split(strings.TrimSpace(string(log)), "\n") {
		commit, date, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		data, ok, err := files.show(commit, file, limit)
		if err != nil || !ok {
			continue // deleted, not a file, too large, or git failed (the next version starts it again)
		}
		var r struct {
			Status string `yaml:"status"`
			Awards []struct {
				Submission string    `yaml:"submission"`
				Award      string    `yaml:"award"`
				Revoked    yaml.Node `yaml:"revoked"`
			} `yaml:"awards"`
			Corrections []yaml.Node `yaml:"corrections"`
		}
		if yaml.Unmarshal(data, &r) != nil {
			continue
		}
		v := rules.Version{Commit: commit, Date: date, Status: r.Status, Corrections: len(r.Corrections)}
		for _, a := range r.Awards {
			v.Awards = append(v.Awards, rules.AwardKey(a.Submission, a.Award, a.Revoked.Kind == yaml.MappingNode))
		}
		out = append(out, v)
	}
	return out
}
