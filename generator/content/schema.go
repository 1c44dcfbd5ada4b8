package content

import (
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The contract's controlled vocabularies.
var (
	Categories      = []string{"小发明", "小创造", "小革新", "小设计", "小建议"}
	Innovations     = []string{"技术创新", "装备创新", "管理创新", "服务创新", "业态创新"}
	Groups          = []string{"职工", "师生", "农业"}
	Sectors         = []string{"enterprise", "institution", "school", "agriculture"}
	Levels          = []string{"grassroots", "county"}
	UnitTypes       = []string{"city", "county", "industry", "direct", "grassroots"}
	AttachmentTypes = []string{".pdf", ".jpg", ".jpeg", ".png"} // proof materials, by extension
	// Awards are the city's award levels, best first [六(四)]; a unit's or county's own
	// commendation may also give CommendationAward.
	Awards            = []string{"特等奖", "一等奖", "二等奖", "三等奖"}
	CommendationAward = "优秀奖"
)

// GroupOf is the group a grassroots unit of sector competes in [三], or "" for none.
func GroupOf(sector string) string {
	switch sector {
	case "enterprise", "institution":
		return "职工"
	case "school":
		return "师生"
	case "agriculture":
		return "农业"
	}
	return ""
}

// SectorName is a grassroots unit's sector (Sectors) in Chinese: 企业, 事业单位, 学校 or 农业组织.
func SectorName(sector string) string {
	if n, ok := sectorNames[sector]; ok {
		return n
	}
	return sector
}

var sectorNames = map[string]string{"enterprise": "企业", "institution": "事业单位", "school": "学校", "agriculture": "农业组织"}

// LevelName is a prior-commendation level (Levels) in Chinese: 基层工会, or 县（区）、产业或市直工会.
func LevelName(level string) string {
	if n, ok := levelNames[level]; ok {
		return n[1]
	}
	return level
}

// UnitLevelName is the union of a level as the submitting unit sees it: 本单位基层工会, or
// 所属县（区）、产业或市直工会.
func UnitLevelName(level string) string {
	if n, ok := levelNames[level]; ok {
		return n[0] + n[1]
	}
	return level
}

var levelNames = map[string][2]string{"grassroots": {"本单位", "基层工会"}, "county": {"所属", "县（区）、产业或市直工会"}}

// UnitTypeName is a unit type (UnitTypes) in Chinese: 市总工会, 县（区）总工会, 产业工会,
// 市直单位工会 or 基层工会.
func UnitTypeName(t string) string {
	if n, ok := unitTypeNames[t]; ok {
		return n[0]
	}
	return t
}

// UnitTypeShort is a unit type as a table's column says it: 市总工会, 县区, 产业, 市直 or 基层工会.
func UnitTypeShort(t string) string {
	if n, ok := unitTypeNames[t]; ok {
		return n[1]
	}
	return t
}

var unitTypeNames = map[string][2]string{
	"city": {"市总工会", "市总工会"}, "county": {"县（区）总工会", "县区"}, "industry": {"产业工会", "产业"},
	"direct": {"市直单位工会", "市直"}, "grassroots": {"基层工会", "基层工会"},
}

// AwardNames lists the awards a commendation may give, best first, as messages say it:
// 特等奖、一等奖、二等奖、三等奖、优秀奖.
func AwardNames() string {
	return strings.Join(append(append([]string(nil), Awards...), CommendationAward), "、")
}

// Today is the current day in the city's time zone (China Standard Time, UTC+8), the
// day every date of the contract is counted in.
func Today() Date {
	d, _ := ParseDate(time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02"))
	return d
}

// rule is a field's check tag: `check:"req,enum=a|b,min=1,max=9,id,date"`.
type rule struct {
	required       bool
	enum           []string
	hasMin, hasMax bool
	min, max       float64
	id, date       bool
	title          string
}

type fieldInfo struct {
	key   string
	index int
	rule  rule
}

type typeInfo struct {
	fields []fieldInfo
	byKey  map[string]fieldInfo
	keys   []string
	pos    []int // the index of its Positions field named Pos (FieldByIndex), nil for none
}

// fileTypes reads the tags of every file kind once; it is never written after package initialisation.
var fileTypes = newTypeInfos(Site{}, []*Unit{}, []*Expert{}, []*Ban{}, []*Cleared{}, Page{}, Competition{},
	Results{}, Commendation{}, Submission{}, Review{}, Case{}, Bulletin{})

// typeInfos holds the tag readings of every struct type the loader decodes; it is filled
// once before the parallel parse and only read afterwards.
type typeInfos map[reflect.Type]typeInfo

// newTypeInfos reads the tags of roots and of every struct type reachable from them.
func newTypeInfos(roots ...any) typeInfos {
	infos := typeInfos{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		if _, done := infos[t]; done {
			return
		}
		infos[t] = structInfo(t)
		for i := 0; i < t.NumField(); i++ {
			walk(t.Field(i).Type)
		}
	}
	for _, r := range roots {
		walk(reflect.TypeOf(r))
	}
	return infos
}

// of returns the tag readings of struct type t.
func (infos typeInfos) of(t reflect.Type) typeInfo {
	if info, ok := infos[t]; ok {
		return info
	}
	return structInfo(t)
}

// structInfo reads the yaml, check and doc tags of a struct type.
func structInfo(t reflect.Type) typeInfo {
	info := typeInfo{byKey: map[string]fieldInfo{}}
	if sf, ok := t.FieldByName("Pos"); ok && sf.Type == reflect.TypeFor[Positions]() {
		info.pos = sf.Index
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		key := strings.Split(sf.Tag.Get("yaml"), ",")[0]
		if key == "" || key == "-" {
			continue
		}
		f := fieldInfo{key: key, index: i, rule: parseRule(sf.Tag.Get("check"))}
		f.rule.title = sf.Tag.Get("doc")
		info.fields = append(info.fields, f)
		info.byKey[key] = f
		info.keys = append(info.keys, key)
	}
	return info
}

func parseRule(tag string) rule {
	var r rule
	for _, part := range strings.Split(tag, ",") {
		name, val, _ := strings.Cut(part, "=")
		switch name {
		case "req":
			r.required = true
		case "enum":
			r.enum = strings.Split(val, "|")
		case "min":
			r.hasMin = true
			r.min, _ = strconv.ParseFloat(val, 64)
		case "max":
			r.hasMax = true
			r.max, _ = strconv.ParseFloat(val, 64)
		case "id":
			r.id = true
		case "date":
			r.date = true
		}
	}
	return r
}

// Date is a calendar day written YYYY-MM-DD.
type Date struct{ time.Time }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	return Date{t}, err
}

func (d *Date) decodeNode(dec *decoder, n *yaml.Node) {
	if n.Kind != yaml.ScalarNode {
		dec.errorf(n, "日期应写成 YYYY-MM-DD，而不是 %q", shortValue(n))
		return
	}
	t, err := ParseDate(n.Value)
	if err != nil {
		dec.errorf(n, "日期 %q 无效，应写成 YYYY-MM-DD（例如 2023-09-05）", n.Value)
		return
	}
	*d = t
}

// String formats the date as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// suggest returns the candidate closest to s when it is close enough to be a likely typo.
func suggest(s string, candidates []string) string {
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		if dist := editDistance(strings.ToLower(s), strings.ToLower(c)); dist < bestDist {
			best, bestDist = c, dist
		}
	}
	limit := max(1, min(utf8.RuneCountInString(s), utf8.RuneCountInString(best))/3)
	if bestDist <= limit || (best != "" && (strings.HasPrefix(best, s) || strings.HasPrefix(s, best)) && bestDist <= 3) {
		return best
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
