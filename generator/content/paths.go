package content

import (
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
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
	KindPageImage
	KindBulletinImage
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

// Classify tells what the file at p (root-relative, starting with content/) is: the kind
// whose shape in the kinds table the path fits, or, when it fits none, a problem that
// offers the shapes of the folder it is in.
func Classify(p string) Place {
	parts := strings.Split(strings.TrimPrefix(p, "content/"), "/")
	if notContent(parts) {
		return Place{Kind: KindIgnored}
	}
	base := parts[len(parts)-1]
	ext := path.Ext(base)
	if problem, ok := misspelt[ext]; ok {
		return Place{Problem: problem}
	}
	if pl, ok := match(parts, ext, strings.TrimSuffix(base, ext)); ok {
		for _, part := range parts {
			if pl.Problem != "" {
				break
			}
			if pl.Problem = windowsUnfit(part); pl.Problem == "" {
				pl.Problem = linkUnfit(part)
			}
		}
		if pl.Problem == "" {
			pl.Problem = pathTooLong(p)
		}
		return pl
	}
	return Place{Problem: unplaced(parts)}
}

// unplaced explains why a path fits no shape, offering the Where of the kinds in its
// folder: content/ itself, a named folder (pages/) or a year's.
func unplaced(parts []string) string {
	const yearDir = "<年份>/"
	var top, named, years []string
	folders := map[string][]string{}
	for _, ki := range kinds {
		dir, rest, nested := strings.Cut(ki.Where, "/")
		switch {
		case ki.Where == "":
		case !nested:
			top = append(top, ki.Where)
		case dir+"/" == yearDir:
			years = append(years, rest)
		default:
			if folders[dir] == nil {
				named = append(named, dir)
			}
			folders[dir] = append(folders[dir], rest+" "+ki.Noun+"文件")
		}
	}
	if len(parts) == 1 {
		for _, dir := range named {
			top = append(top, dir+"/")
		}
		if len(years) > 0 {
			top = append(top, "年份目录")
		}
		return "content/ 下只能有 " + list(top, "和")
	}
	if offers, ok := folders[parts[0]]; ok {
		return parts[0] + "/ 下只能有 " + list(offers, "或")
	}
	if !yearPattern.MatchString(parts[0]) {
		return "目录名 " + strconv.Quote(parts[0]) + " 既不是四位年份，也不是 " + strings.Join(named, "、")
	}
	if year, _ := strconv.Atoi(parts[0]); year < MinYear || year > MaxYear {
		return yearProblem(parts[0])
	}
	// files directly in the year folder first, then those in its folders
	sort.SliceStable(years, func(i, j int) bool { return !strings.Contains(years[i], "/") && strings.Contains(years[j], "/") })
	return "年份目录下不认识这个位置；应为 " + list(years, "或")
}

// list joins items with "、", and the last with and ("和" or "或"), spaced from Latin
// letters as Chinese text is.
func list(items []string, and string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	head, last := strings.Join(items[:len(items)-1], "、"), items[len(items)-1]
	if head[len(head)-1] < utf8.RuneSelf {
		and = " " + and
	}
	if last[0] < utf8.RuneSelf {
		and += " "
	}
	return head + and + last
}

func yearProblem(dir string) string {
	return "年份目录 " + dir + " 不合理：应在 " + strconv.Itoa(MinYear) + "–" + strconv.Itoa(MaxYear) + " 之间"
}

// imageExts are the extensions a <image> segment of a shape accepts.
var imageExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true}

// shapes is each kind's Shape below content/, split at its slashes (match, for every
// file of every load).
var shapes = func() [][]string {
	out := make([][]string, len(kinds))
	for k, ki := range kinds {
		out[k] = strings.Split(strings.TrimPrefix(ki.Shape, "content/"), "/")
	}
	return out
}()

// match finds the kind whose shape the path's parts (below content/) fit, and checks
// the ids the path carries. In a shape, <year> is a year folder; <unit>, <issuer> and
// <expert> are an owner's id, as a folder or as the file name; <slug>.ext is a file
// name with that extension; <image> an image file; ** one or more further parts.
func match(parts []string, ext, slug string) (Place, bool) {
	for k, ki := range kinds {
		shape := shapes[k]
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

// Path is the file a place names, from its kind's shape in the kinds table: Classify's
// inverse. "" for a kind whose shape names no single file (attachments, case images).
func (pl Place) Path() string {
	ki, ok := InfoOf(pl.Kind)
	if !ok || strings.HasSuffix(ki.Shape, "**") || strings.HasSuffix(ki.Shape, "<image>") {
		return ""
	}
	return pl.fill(ki.Shape)
}

// Dir is the folder of a place's kind, as far as the place fills it: its shape's folders
// up to the first one the place has no value for, ending in "/" (content/2023/reviews/
// for reviews of 2023, content/2023/attachments/yq/ for a unit's attachments).
func (pl Place) Dir() string {
	ki, _ := InfoOf(pl.Kind)
	segs := strings.Split(ki.Shape, "/")
	dir := ""
	for _, seg := range segs[:len(segs)-1] {
		part := pl.fill(seg)
		if part == "" {
			break
		}
		dir += part + "/"
	}
	return dir
}

// fill puts the place's year, owner and slug in for a shape's placeholders; others
// (<image>) stay. It makes no strings.Replacer: rule attachment asks once a submission.
func (pl Place) fill(shape string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(shape, '<')
		j := strings.IndexByte(shape[max(i, 0):], '>')
		if i < 0 || j < 0 {
			b.WriteString(shape)
			return b.String()
		}
		b.WriteString(shape[:i])
		switch ph := shape[i : i+j+1]; ph {
		case "<year>":
			if pl.Year != 0 {
				b.WriteString(strconv.Itoa(pl.Year))
			}
		case "<unit>", "<issuer>", "<expert>":
			b.WriteString(pl.Owner)
		case "<slug>":
			b.WriteString(pl.Slug)
		default: // not a placeholder: the next may start inside it
			b.WriteByte('<')
			shape = shape[i+1:]
			continue
		}
		shape = shape[i+j+1:]
	}
}
