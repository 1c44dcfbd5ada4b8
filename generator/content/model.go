package content

import (
	"io/fs"
	"strconv"

	"wuxiao/generator/diag"
)

// Tree is everything under content/, loaded and typed; absent files leave nil or empty fields.
type Tree struct {
	FS      fs.FS // the root folder (the one holding content/)
	Site    *Site
	Units   []*Unit
	Experts []*Expert
	Banned  []*Ban
	Cleared []*Cleared
	Years   []*Year // by year, ascending
	Pages   []*Page
	// Files maps every content file (root-relative path) to its size in bytes.
	Files map[string]int64
	// Broken holds the files that could not be parsed at all; rules stay quiet about
	// references into them rather than repeat the one syntax error many times.
	Broken map[string]bool
	// Refused holds the paths under content/ that are not regular files or folders
	// (symbolic links, devices, pipes): reported by rule path, never read nor published.
	Refused map[string]bool
	// UnitsFile and the other registry paths are set when the file exists.
	UnitsFile, ExpertsFile, BannedFile, ClearedFile string
}

// Site is site.yaml.
type Site struct {
	File           string    `yaml:"-"`
	Pos            Positions `yaml:"-"`
	Title          string    `yaml:"title" check:"req,min=1" doc:"站点标题"`
	BaseURL        string    `yaml:"base_url" check:"req,min=1" doc:"站点网址，以 / 结尾"`
	Organizers     []string  `yaml:"organizers" check:"req,min=1" doc:"主办单位"`
	Description    string    `yaml:"description" doc:"一句话介绍"`
	RepoURL        string    `yaml:"repo_url" doc:"Git 仓库网址"`
	PublishExperts bool      `yaml:"publish_experts" doc:"是否公开专家姓名"`
	DeskURL        string    `yaml:"desk_url" doc:"申报工作台（wuxiao desk）的网址"`
	Forge          string    `yaml:"forge" check:"enum=github|gitea|forgejo" doc:"仓库所在的代码托管平台：github（默认）、gitea 或 forgejo"`
	ICP            string    `yaml:"icp" doc:"ICP 备案号，显示在每页页脚"`
	PoliceFiling   string    `yaml:"police_filing" doc:"公安备案号，显示在 ICP 备案号旁"`
}

// Person is a name with a phone, used for private contacts.
type Person struct {
	Pos   Positions `yaml:"-"`
	Name  string    `yaml:"name" check:"req,min=1" doc:"姓名"`
	Phone string    `yaml:"phone" doc:"电话"`
}

// Unit is one entry of units.yaml.
type Unit struct {
	Pos     Positions `yaml:"-"`
	ID      string    `yaml:"id" check:"req,id" doc:"单位代码"`
	Name    string    `yaml:"name" check:"req,min=1" doc:"单位全称"`
	Type    string    `yaml:"type" check:"req,enum=city|county|industry|direct|grassroots" doc:"单位类型"`
	Parent  string    `yaml:"parent" doc:"上级单位代码"`
	Sector  string    `yaml:"sector" check:"enum=enterprise|institution|school|agriculture" doc:"基层单位类别"`
	Admins  []string  `yaml:"admins" doc:"可修改本单位文件的账号"`
	Liaison *Person   `yaml:"liaison" doc:"联络员（不公开）"`
}

// Expert is one entry of experts.yaml.
type Expert struct {
	Pos         Positions `yaml:"-"`
	ID          string    `yaml:"id" check:"req,id" doc:"专家代码"`
	Name        string    `yaml:"name" check:"req,min=1" doc:"姓名"`
	Affiliation string    `yaml:"affiliation" doc:"所在单位代码"`
	Field       string    `yaml:"field" doc:"专业领域"`
	Login       string    `yaml:"login" doc:"专家在代码托管平台上的账号"`
}

// Ban is one entry of banned.yaml.
type Ban struct {
	Pos        Positions `yaml:"-"`
	Name       string    `yaml:"name" doc:"被禁止的人员姓名（不填则禁止整个单位）"`
	Unit       string    `yaml:"unit" check:"req" doc:"单位代码"`
	Reason     string    `yaml:"reason" check:"req,min=1" doc:"原因"`
	Decided    Date      `yaml:"decided" check:"req,date" doc:"决定日期"`
	Doc        string    `yaml:"doc" doc:"文号"`
	Submission string    `yaml:"submission" doc:"引发处理的成果（年份/单位代码/文件名）"`
}

// Cleared is one entry of cleared.yaml.
type Cleared struct {
	Pos     Positions `yaml:"-"`
	A       string    `yaml:"a" check:"req" doc:"成果甲（年份/单位代码/文件名）"`
	B       string    `yaml:"b" check:"req" doc:"成果乙（年份/单位代码/文件名）"`
	Reason  string    `yaml:"reason" check:"req,min=1" doc:"排除理由"`
	Decided Date      `yaml:"decided" check:"req,date" doc:"决定日期"`
	Doc     string    `yaml:"doc" doc:"文号"`
}

// Year is one <year>/ folder.
type Year struct {
	Year          int
	Dir           string // content/<year>
	Competition   *Competition
	Commendations []*Commendation
	Submissions   []*Submission // sorted by ID
	Reviews       []*Review     // sorted by expert
	Results       *Results
	Assignments   *Assignments // nil when the year has no assignments.yaml
	Cases         []*Case
	Bulletins     []*Bulletin
}

// Span is a {from, to} pair of dates.
type Span struct {
	Pos  Positions `yaml:"-"`
	From Date      `yaml:"from" check:"req,date" doc:"开始日期"`
	To   Date      `yaml:"to" check:"req,date" doc:"结束日期"`
}

// Contains tells whether d lies inside the span, both ends included.
func (s Span) Contains(d Date) bool { return !d.Before(s.From.Time) && !d.After(s.To.Time) }

// Phases are the three steps of the notice [五].
type Phases struct {
	Pos      Positions `yaml:"-"`
	Organize Span      `yaml:"organize" check:"req" doc:"组织推进"`
	Review   Span      `yaml:"review" check:"req" doc:"考核评选"`
	Award    Span      `yaml:"award" check:"req" doc:"表彰奖励"`
}

// Criterion is one line of the rubric.
type Criterion struct {
	Pos  Positions `yaml:"-"`
	Key  string    `yaml:"key" check:"req,id" doc:"评分项代码"`
	Name string    `yaml:"name" check:"req,min=1" doc:"评分项名称"`
	Max  int       `yaml:"max" check:"req,min=1,max=100" doc:"满分"`
}

// Thresholds are the copy ratios of rule duplicate.
type Thresholds struct {
	Pos   Positions `yaml:"-"`
	Error float64   `yaml:"error" check:"min=0,max=1" doc:"判为错误的复制比"`
	Warn  float64   `yaml:"warn" check:"min=0,max=1" doc:"给出警告的复制比"`
}

// Competition is <year>/competition.yaml.
type Competition struct {
	File              string             `yaml:"-"`
	Pos               Positions          `yaml:"-"`
	Year              int                `yaml:"year" check:"req" doc:"年份"`
	Title             string             `yaml:"title" check:"req,min=1" doc:"竞赛名称"`
	Doc               string             `yaml:"doc" doc:"通知文号"`
	Phases            Phases             `yaml:"phases" check:"req" doc:"实施步骤"`
	PriorCommendation []string           `yaml:"prior_commendation" check:"req,enum=grassroots|county" doc:"申报前须经表彰的层级"`
	Quotas            map[string]int     `yaml:"quotas" check:"req,enum=特等奖|一等奖|二等奖|三等奖" doc:"各奖项名额"`
	MinScores         map[string]float64 `yaml:"min_scores" check:"enum=特等奖|一等奖|二等奖|三等奖" doc:"各奖项最低分"`
	Rubric            []Criterion        `yaml:"rubric" check:"req,min=1" doc:"评分细则"`
	MinReviews        int                `yaml:"min_reviews" check:"req,min=1" doc:"每项成果至少的评审专家数"`
	Duplicate         *Thresholds        `yaml:"duplicate" doc:"重复申报的复制比阈值"`
	NoticeDays        int                `yaml:"notice_days" check:"min=1" doc:"公示期最短天数，默认 5"`
	WinningPoints     map[string]int     `yaml:"winning_points" check:"enum=特等奖|一等奖|二等奖|三等奖" doc:"优胜单位计分：每个奖项的分数"`
}

// MinNoticeDays is the shortest public-notice window in calendar days (default 5).
func (c *Competition) MinNoticeDays() int {
	if c != nil && c.NoticeDays > 0 {
		return c.NoticeDays
	}
	return 5
}

// Points returns the 优胜单位 points per award, the contract's defaults for the awards not set.
func (c *Competition) Points() map[string]int {
	p := map[string]int{"特等奖": 8, "一等奖": 5, "二等奖": 3, "三等奖": 1}
	if c != nil {
		for k, v := range c.WinningPoints {
			p[k] = v
		}
	}
	return p
}

// DuplicateThresholds returns the error and warning copy ratios, with the contract's defaults.
func (c *Competition) DuplicateThresholds() (errRatio, warnRatio float64) {
	errRatio, warnRatio = 0.5, 0.2
	if c != nil && c.Duplicate != nil {
		if c.Duplicate.Pos.Has("error") {
			errRatio = c.Duplicate.Error
		}
		if c.Duplicate.Pos.Has("warn") {
			warnRatio = c.Duplicate.Warn
		}
	}
	return
}

// CommendedAward is one line of a commendation document.
type CommendedAward struct {
	Pos        Positions `yaml:"-"`
	Submission string    `yaml:"submission" check:"req" doc:"成果（单位代码/文件名）"`
	Award      string    `yaml:"award" check:"req,enum=特等奖|一等奖|二等奖|三等奖|优秀奖" doc:"奖项"`
}

// Commendation is <year>/commendations/<issuer>/<slug>.yaml.
type Commendation struct {
	File   string           `yaml:"-"`
	Issuer string           `yaml:"-"`
	Slug   string           `yaml:"-"`
	Pos    Positions        `yaml:"-"`
	Doc    string           `yaml:"doc" check:"req,min=1" doc:"文号"`
	Date   Date             `yaml:"date" check:"req,date" doc:"发文日期"`
	Awards []CommendedAward `yaml:"awards" check:"req" doc:"表彰的成果"`
}

// Author is one person who made a result; names are public.
type Author struct {
	Pos  Positions `yaml:"-"`
	Name string    `yaml:"name" check:"req,min=1,max=20" doc:"姓名"`
	Role string    `yaml:"role" doc:"分工"`
	Job  string    `yaml:"job" doc:"岗位"`
}

// Benefit is a result's declared effect.
type Benefit struct {
	Pos      Positions `yaml:"-"`
	Economic float64   `yaml:"economic" check:"min=0,max=1000000" doc:"年经济效益（万元）"`
	Social   string    `yaml:"social" doc:"社会效益"`
}

// Attachment is one proof material of a submission.
type Attachment struct {
	Pos    Positions `yaml:"-"`
	File   string    `yaml:"file" check:"req,min=1" doc:"文件名（相对于本单位证明材料目录）"`
	Title  string    `yaml:"title" check:"req,min=1" doc:"材料名称"`
	SHA256 string    `yaml:"sha256" check:"req" doc:"SHA-256 校验值"`
	Public bool      `yaml:"public" doc:"是否公开"`
}

// Submission is <year>/submissions/<unit>/<slug>.md.
type Submission struct {
	File     string    `yaml:"-"`
	Year     int       `yaml:"-"`
	Unit     string    `yaml:"-"`
	Slug     string    `yaml:"-"`
	Body     string    `yaml:"-"`
	BodyLine int       `yaml:"-"` // line of the body's first line in File
	Pos      Positions `yaml:"-"`

	Title       string       `yaml:"title" check:"req,min=4,max=60" doc:"项目名称"`
	Category    string       `yaml:"category" check:"req,enum=小发明|小创造|小革新|小设计|小建议" doc:"类别"`
	Innovation  string       `yaml:"innovation" check:"req,enum=技术创新|装备创新|管理创新|服务创新|业态创新" doc:"创新类型"`
	Group       string       `yaml:"group" check:"req,enum=职工|师生|农业" doc:"组别"`
	Authors     []Author     `yaml:"authors" check:"req,min=1,max=10" doc:"完成人，第一位为主要完成人"`
	Submitted   Date         `yaml:"submitted" check:"req,date" doc:"申报日期"`
	Started     Date         `yaml:"started" check:"date" doc:"开始日期"`
	Completed   Date         `yaml:"completed" check:"req,date" doc:"投入使用日期"`
	Summary     string       `yaml:"summary" check:"req,min=1,max=200" doc:"成果简介"`
	Benefit     Benefit      `yaml:"benefit" check:"req" doc:"效益"`
	Studio      string       `yaml:"studio" doc:"所在创新工作室"`
	Attachments []Attachment `yaml:"attachments" doc:"证明材料"`
	Contact     *Person      `yaml:"contact" doc:"联系人（不公开）"`
	Tags        []string     `yaml:"tags" doc:"关键词"`
}

// ID is the submission's id inside its year: <unit>/<slug>.
func (s *Submission) ID() string { return s.Unit + "/" + s.Slug }

// AppendID appends the submission's ID to b: with m[string(b)], a map of IDs is looked
// up without a string made.
func (s *Submission) AppendID(b []byte) []byte {
	return append(append(append(b, s.Unit...), '/'), s.Slug...)
}

// GlobalID is <year>/<unit>/<slug>.
func (s *Submission) GlobalID() string {
	var buf [64]byte // one string made, where the year's and the ID's were two more
	return string(s.AppendID(append(strconv.AppendInt(buf[:0], int64(s.Year), 10), '/')))
}

// ScoreLine is one expert's scores for one submission.
type ScoreLine struct {
	Submission string
	Pos        diag.Pos     // of the submission key
	Scores     RubricScores // rubric key → score, at most one decimal
	ScorePos   Positions    // where each rubric key was written
	Comment    string       // private
	ValuePos   diag.Pos     // of the score mapping
}

// RubricScores is one line's scores, by rubric key, in the order written (each key once):
// a line of four scores holds 144 bytes less than with a map (TestScoreLinesLiveBytes),
// about 43 MB less live through the whole build at 100,000 results (300,000 lines).
type RubricScores []RubricScore

// RubricScore is one rubric key's score.
type RubricScore struct {
	Key   string
	Value float64
}

// Get is the score of rubric key k, and whether the line has one.
func (s RubricScores) Get(k string) (float64, bool) {
	for _, x := range s {
		if x.Key == k {
			return x.Value, true
		}
	}
	return 0, false
}

// Review is <year>/reviews/<expert>.yaml.
type Review struct {
	File   string    `yaml:"-"`
	Expert string    `yaml:"-"`
	Pos    Positions `yaml:"-"`
	Scores Scores    `yaml:"scores" check:"req" doc:"评分"`
}

// CityAward is one line of results.yaml.
type CityAward struct {
	Pos        Positions   `yaml:"-"`
	Submission string      `yaml:"submission" check:"req" doc:"成果（单位代码/文件名）"`
	Award      string      `yaml:"award" check:"req,enum=特等奖|一等奖|二等奖|三等奖" doc:"奖项"`
	Override   string      `yaml:"override" doc:"偏离评分顺序的书面理由"`
	Revoked    *Revocation `yaml:"revoked" doc:"表彰后撤销奖项"`
}

// Revocation withdraws an award after final [六(三)]: the entry keeps its place and quota.
type Revocation struct {
	Pos    Positions `yaml:"-"`
	Date   Date      `yaml:"date" check:"req,date" doc:"撤销日期"`
	Doc    string    `yaml:"doc" check:"req,min=1" doc:"撤销文号"`
	Reason string    `yaml:"reason" check:"req,min=1" doc:"撤销理由"`
}

// Correction records a change of awards after a year became final.
type Correction struct {
	Pos    Positions `yaml:"-"`
	Date   Date      `yaml:"date" check:"req,date" doc:"更正日期"`
	Doc    string    `yaml:"doc" check:"req,min=1" doc:"更正文号"`
	Reason string    `yaml:"reason" check:"req,min=1" doc:"更正理由"`
}

// Results is <year>/results.yaml.
type Results struct {
	File         string       `yaml:"-"`
	Pos          Positions    `yaml:"-"`
	Status       string       `yaml:"status" check:"req,enum=draft|notice|final" doc:"状态"`
	Notice       *Span        `yaml:"notice" doc:"公示期"`
	Doc          string       `yaml:"doc" doc:"表彰决定文号"`
	Awards       []CityAward  `yaml:"awards" check:"req" doc:"奖项"`
	WinningUnits []string     `yaml:"winning_units" doc:"优胜单位"`
	Corrections  []Correction `yaml:"corrections" doc:"表彰后的更正记录"`
}

// Public tells whether the results may be published.
func (r *Results) Public() bool { return r != nil && (r.Status == "notice" || r.Status == "final") }

// Case is <year>/cases/<slug>.md.
type Case struct {
	File        string    `yaml:"-"`
	Year        int       `yaml:"-"`
	Slug        string    `yaml:"-"`
	Body        string    `yaml:"-"`
	BodyLine    int       `yaml:"-"`
	Pos         Positions `yaml:"-"`
	Title       string    `yaml:"title" check:"req,min=1,max=80" doc:"标题"`
	Date        Date      `yaml:"date" check:"req,date" doc:"日期"`
	Submissions []string  `yaml:"submissions" check:"req,min=1" doc:"涉及的成果（单位代码/文件名）"`
	Summary     string    `yaml:"summary" check:"req,min=1,max=200" doc:"摘要"`
	Cover       string    `yaml:"cover" doc:"封面图片文件名"`
}

// Bulletin is <year>/bulletins/<slug>.md.
type Bulletin struct {
	File     string    `yaml:"-"`
	Year     int       `yaml:"-"`
	Slug     string    `yaml:"-"`
	Body     string    `yaml:"-"`
	BodyLine int       `yaml:"-"`
	Pos      Positions `yaml:"-"`
	Title    string    `yaml:"title" check:"req,min=1,max=80" doc:"标题"`
	Date     Date      `yaml:"date" check:"req,date" doc:"日期"`
	Issue    int       `yaml:"issue" check:"req,min=1" doc:"期号"`
	Unit     string    `yaml:"unit" doc:"发布简报的县区、产业或市直工会代码（不填为市总工会）"`
}

// Page is pages/<slug>.md.
type Page struct {
	File     string    `yaml:"-"`
	Slug     string    `yaml:"-"`
	Body     string    `yaml:"-"`
	BodyLine int       `yaml:"-"`
	Pos      Positions `yaml:"-"`
	Title    string    `yaml:"title" check:"req,min=1,max=80" doc:"标题"`
	Weight   int       `yaml:"weight" doc:"排序权重，小的在前"`
}

// Assignments is <year>/assignments.yaml: which expert reviews which submissions.
type Assignments struct {
	File  string
	Pos   Positions
	Lines []Assignment // in file order
}

// Assignment is one expert's list of submissions to review.
type Assignment struct {
	Expert      string
	Pos         diag.Pos   // of the expert key
	Submissions []string   // <unit>/<slug>
	SubPos      []diag.Pos // of each submission
}

// Assigned tells whether the file assigns submission id to expert.
func (a *Assignments) Assigned(expert, id string) bool {
	for _, l := range a.Lines {
		if l.Expert == expert {
			for _, s := range l.Submissions {
				if s == id {
					return true
				}
			}
		}
	}
	return false
}
