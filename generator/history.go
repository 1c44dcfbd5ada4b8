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
	for _, y := range tree.Years {
		file := content.Place{Kind: content.KindResults, Year: y.Year}.Path()
		history := resultsHistory(g, file, content.MaxYAML)
		if len(history) > 0 {
			rules.CheckCorrections(file, y.Results, history, out)
		}
	}
}

// resultsHistory reads the committed versions of file (root-relative), oldest first,
// through one git cat-file; versions that are deleted, longer than limit bytes or do not
// parse are left out.
func resultsHistory(g *gitRepo, file string, limit int64) []rules.Version {
	log, err := g.run("log", "--reverse", "--format=%h %cs", "--", file)
	if err != nil {
		return nil
	}
	files, err := g.catFile()
	if err != nil {
		return nil
	}
	defer func() { files.close() }()
	var out []rules.Version
	for _, line := range strings.Split(strings.TrimSpace(string(log)), "\n") {
		commit, date, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		data, ok, err := files.show(commit, file, limit)
		if files.failed != nil { // git was stopped (a version too large for the loader, or git failed): the next versions through a new one
			files.close()
			if files, err = g.catFile(); err != nil {
				return out
			}
			continue
		}
		if err != nil || !ok {
			continue // deleted, or not a file
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
