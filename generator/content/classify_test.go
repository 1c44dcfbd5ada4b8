package content

import (
	"math/rand/v2"
	"path"
	"strconv"
	"strings"
	"testing"
)

// TestClassifyAgreesWithReference compares Classify, which reads the kinds table, with
// the switch it replaced (kept below as the reference, with the one intended change: an
// empty owner folder is refused for every kind that has one) on every path of up to
// three parts over a vocabulary of folder and file names, and on random deeper ones.
func TestClassifyAgreesWithReference(t *testing.T) {
	vocab := []string{"", ".", ".git", ".x.md", "README.md", "readme.md", "site.yaml", "units.yaml", "experts.yaml",
		"banned.yaml", "cleared.yaml", "competition.yaml", "results.yaml", "assignments.yaml", "notes.txt",
		"pages", "2023", "1999", "2100", "20x3", "202", "commendations", "submissions", "attachments", "reviews",
		"cases", "bulletins", "yq", "Bad_Id", "a.md", "a.yaml", "a.yml", "a.png", "a.jpg", "a.jpeg", "a.PNG", "a.pdf",
		"A.md", "e01.yaml", "x-" + strings.Repeat("a", 64) + ".md", "pidai.md.bak"}
	n := 0
	check := func(parts []string) {
		p := "content/" + strings.Join(parts, "/")
		n++
		if got, want := Classify(p), classifyReference(p); got != want {
			t.Fatalf("Classify(%q) = %+v\nreference gives %+v", p, got, want)
		}
	}
	for _, a := range vocab {
		check([]string{a})
		for _, b := range vocab {
			check([]string{a, b})
			for _, c := range vocab {
				check([]string{a, b, c})
			}
		}
	}
	r := rand.New(rand.NewPCG(13, 13))
	budget := 30000
	if testing.Short() {
		budget = 5000
	}
	for range budget {
		parts := make([]string, 4+r.IntN(3))
		for i := range parts {
			parts[i] = vocab[r.IntN(len(vocab))]
		}
		if r.IntN(2) == 0 { // mostly well-formed prefixes, so deep paths reach the shapes
			parts[0] = "2023"
			parts[1] = []string{"attachments", "submissions", "cases", "commendations"}[r.IntN(4)]
		}
		check(parts)
	}
	t.Logf("%d paths agree", n)
}

// classifyReference is Classify as it was before the kinds table (commit ae2834b^).
func classifyReference(p string) Place {
	rel := strings.TrimPrefix(p, "content/")
	parts := strings.Split(rel, "/")
	base := parts[len(parts)-1]
	if base == "README.md" || strings.HasPrefix(base, ".") {
		return Place{Kind: KindIgnored}
	}
	for _, part := range parts[:len(parts)-1] {
		if strings.HasPrefix(part, ".") {
			return Place{Kind: KindIgnored}
		}
	}
	ext := path.Ext(base)
	slug := strings.TrimSuffix(base, ext)
	if ext == ".yml" {
		return Place{Problem: "YAML 文件的扩展名应为 .yaml，而不是 .yml"}
	}
	if len(parts) == 1 {
		switch base {
		case "site.yaml":
			return Place{Kind: KindSite}
		case "units.yaml":
			return Place{Kind: KindUnits}
		case "experts.yaml":
			return Place{Kind: KindExperts}
		case "banned.yaml":
			return Place{Kind: KindBanned}
		case "cleared.yaml":
			return Place{Kind: KindCleared}
		}
		return Place{Problem: "content/ 下只能有 site.yaml、units.yaml、experts.yaml、banned.yaml、cleared.yaml、pages/ 和年份目录"}
	}
	if parts[0] == "pages" {
		if len(parts) == 2 && ext == ".md" {
			return withSlug(Place{Kind: KindPage, Slug: slug})
		}
		if len(parts) == 2 && (ext == ".jpg" || ext == ".jpeg" || ext == ".png") {
			return Place{Kind: KindPageImage}
		}
		return Place{Problem: "pages/ 下只能有 <名称>.md 页面文件"}
	}
	if !yearPattern.MatchString(parts[0]) {
		return Place{Problem: "目录名 " + strconv.Quote(parts[0]) + " 既不是四位年份，也不是 pages"}
	}
	year, _ := strconv.Atoi(parts[0])
	if year < MinYear || year > MaxYear {
		return Place{Problem: "年份目录 " + parts[0] + " 不合理：应在 " + strconv.Itoa(MinYear) + "–" + strconv.Itoa(MaxYear) + " 之间"}
	}
	pl := Place{Year: year}
	sub := parts[1:]
	switch {
	case len(sub) == 1 && base == "competition.yaml":
		pl.Kind = KindCompetition
	case len(sub) == 1 && base == "results.yaml":
		pl.Kind = KindResults
	case len(sub) == 1 && base == "assignments.yaml":
		pl.Kind = KindAssignments
	case sub[0] == "commendations" && len(sub) == 3 && ext == ".yaml":
		pl.Kind, pl.Owner, pl.Slug = KindCommendation, sub[1], slug
	case sub[0] == "submissions" && len(sub) == 3 && ext == ".md":
		pl.Kind, pl.Owner, pl.Slug = KindSubmission, sub[1], slug
	case sub[0] == "attachments" && len(sub) >= 3:
		pl.Kind, pl.Owner = KindAttachment, sub[1]
		return withOwner(pl)
	case sub[0] == "reviews" && len(sub) == 2 && ext == ".yaml":
		pl.Kind, pl.Owner = KindReview, slug
		return withOwner(pl)
	case sub[0] == "cases" && len(sub) == 2 && ext == ".md":
		pl.Kind, pl.Slug = KindCase, slug
	case sub[0] == "cases" && len(sub) == 2 && (ext == ".jpg" || ext == ".jpeg" || ext == ".png"):
		pl.Kind = KindCaseImage
		return pl
	case sub[0] == "bulletins" && len(sub) == 2 && ext == ".md":
		pl.Kind, pl.Slug = KindBulletin, slug
	case sub[0] == "bulletins" && len(sub) == 2 && (ext == ".jpg" || ext == ".jpeg" || ext == ".png"):
		pl.Kind = KindBulletinImage
		return pl
	default:
		return Place{Problem: "年份目录下不认识这个位置；应为 competition.yaml、results.yaml、assignments.yaml、commendations/<单位>/<文件>.yaml、submissions/<单位>/<名称>.md、attachments/<单位>/<文件>、reviews/<专家>.yaml、cases/<名称>.md 或 bulletins/<名称>.md"}
	}
	if pl.Kind == KindCommendation || pl.Kind == KindSubmission { // the intended change: was pl.Owner != ""
		if pl = withOwner(pl); pl.Problem != "" {
			return pl
		}
	}
	return withSlug(pl)
}
