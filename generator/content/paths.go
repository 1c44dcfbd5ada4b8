package content

import (
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Kind is what a file under content/ is, judged by its path alone.
type Kind int

const (
	KindUnknown Kind = iota
	KindIgnored
	KindSite
	KindUnits
	KindExperts
	KindBanned
	KindCleared
	KindPage
	KindCompetition
	KindResults
	KindCommendation
	KindSubmission
	KindAttachment
	KindReview
	KindCase
	KindCaseImage
	KindBulletin
	KindAssignments
)

var yearPattern = regexp.MustCompile(`^[0-9]{4}$`)

// MinYear and MaxYear bound a year folder: four digits, and a year the competition can have.
const (
	MinYear = 2000
	MaxYear = 2099
)

// Place is a classified content path: its kind and the ids its folders and name carry.
type Place struct {
	Kind  Kind
	Year  int
	Owner string // unit, issuer or expert id taken from the path
	Slug  string // file name without extension
	// Problem explains, in Chinese, why the path is not where the tree says.
	Problem string
}

// Classify tells what the file at p (root-relative, starting with content/) is.
func Classify(p string) Place {
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
	default:
		return Place{Problem: "年份目录下不认识这个位置；应为 competition.yaml、results.yaml、assignments.yaml、commendations/<单位>/<文件>.yaml、submissions/<单位>/<名称>.md、attachments/<单位>/<文件>、reviews/<专家>.yaml、cases/<名称>.md 或 bulletins/<名称>.md"}
	}
	if pl.Owner != "" {
		if pl = withOwner(pl); pl.Problem != "" {
			return pl
		}
	}
	return withSlug(pl)
}

func withOwner(pl Place) Place {
	if !ValidID(pl.Owner) {
		pl.Problem = "目录名（代码）" + strconv.Quote(pl.Owner) + " 不合规：只能用小写字母、数字和连字符，至多 64 个字符"
	}
	return pl
}

func withSlug(pl Place) Place {
	if pl.Slug != "" && !ValidID(pl.Slug) {
		pl.Problem = "文件名 " + strconv.Quote(pl.Slug) + " 不合规：只能用小写字母、数字和连字符（如 pidai-jiupian），至多 64 个字符"
	}
	return pl
}
