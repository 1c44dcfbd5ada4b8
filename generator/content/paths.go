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
	if pl, ok := match(parts, ext, slug); ok {
		return pl
	}
	if len(parts) == 1 {
		return Place{Problem: "content/ 下只能有 site.yaml、units.yaml、experts.yaml、banned.yaml、cleared.yaml、pages/ 和年份目录"}
	}
	if parts[0] == "pages" {
		return Place{Problem: "pages/ 下只能有 <名称>.md 页面文件"}
	}
	if !yearPattern.MatchString(parts[0]) {
		return Place{Problem: "目录名 " + strconv.Quote(parts[0]) + " 既不是四位年份，也不是 pages"}
	}
	if year, _ := strconv.Atoi(parts[0]); year < MinYear || year > MaxYear {
		return Place{Problem: yearProblem(parts[0])}
	}
	return Place{Problem: "年份目录下不认识这个位置；应为 competition.yaml、results.yaml、assignments.yaml、commendations/<单位>/<文件>.yaml、submissions/<单位>/<名称>.md、attachments/<单位>/<文件>、reviews/<专家>.yaml、cases/<名称>.md 或 bulletins/<名称>.md"}
}

func yearProblem(dir string) string {
	return "年份目录 " + dir + " 不合理：应在 " + strconv.Itoa(MinYear) + "–" + strconv.Itoa(MaxYear) + " 之间"
}

// imageExts are the extensions a <image> segment of a shape accepts.
var imageExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true}

// match finds the kind whose shape the path's parts (below content/) fit, and checks
// the ids the path carries. In a shape, <year> is a year folder; <unit>, <issuer> and
// <expert> are an owner's id, as a folder or as the file name; <slug>.ext is a file
// name with that extension; <image> an image file; ** one or more further parts.
func match(parts []string, ext, slug string) (Place, bool) {
	for _, ki := range kinds {
		shape := strings.Split(strings.TrimPrefix(ki.Shape, "content/"), "/")
		if rest := shape[len(shape)-1] == "**"; rest && len(parts) < len(shape) || !rest && len(parts) != len(shape) {
			continue
		}
		pl, ok := Place{Kind: ki.Kind}, true
		owned := false
		for i, seg := range shape {
			last := i == len(parts)-1
			switch seg {
			case "**":
			case "<year>":
				if ok = yearPattern.MatchString(parts[i]); ok {
					pl.Year, _ = strconv.Atoi(parts[i])
					if pl.Year < MinYear || pl.Year > MaxYear {
						return Place{Problem: yearProblem(parts[i])}, true
					}
				}
			case "<unit>", "<issuer>", "<expert>":
				pl.Owner, owned = parts[i], true
			case "<image>":
				ok = last && imageExts[ext]
			default:
				stem, sext, isFile := strings.Cut(seg, ".")
				switch {
				case !isFile || !last:
					ok = seg == parts[i]
				case stem == "<slug>":
					ok, pl.Slug = ext == "."+sext, slug
				case stem == "<expert>":
					ok, pl.Owner, owned = ext == "."+sext, slug, true
				default:
					ok = seg == parts[i]
				}
			}
			if !ok {
				break
			}
		}
		if !ok {
			continue
		}
		if owned {
			if pl = withOwner(pl); pl.Problem != "" {
				return pl, true
			}
		}
		return withSlug(pl), true
	}
	return Place{}, false
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
