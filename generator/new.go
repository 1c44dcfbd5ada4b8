package generator

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/scaffold"
)

// NewKinds are the kinds of file New makes.
var NewKinds = []string{"submission", "commendation", "competition", "review", "case", "bulletin"}

// NewOptions say what New makes: a kind of NewKinds, its title, its year (0 for the
// current one) and, for a submission, the unit's id.
type NewOptions struct {
	Kind   string
	Title  string
	Year   int
	Unit   string // submission: the declaring unit; commendation: the issuer
	Expert string // review: the expert's id
}

// New writes the files of a new submission (with the unit's own commendation it needs), a
// commendation of a unit's pending results, a year's competition, an expert's score sheet,
// a case or a bulletin, each with Chinese guidance in place of the content, and returns what it wrote.
func New(cfg Config, opt NewOptions) (*scaffold.Plan, error) {
	cfg = cfg.withDefaults()
	today := cfg.today()
	if opt.Year == 0 {
		opt.Year = today.Year()
	}
	tree, _, err := content.Load(content.DirFS(cfg.Root))
	if err != nil {
		return nil, fmt.Errorf("%s：%v", cfg.Root, err)
	}
	var plan *scaffold.Plan
	switch opt.Kind {
	case "submission":
		plan, err = scaffold.NewSubmission(tree, scaffold.SubmissionInput{Year: opt.Year, Unit: opt.Unit, Title: opt.Title, Today: today})
	case "commendation":
		plan, err = scaffold.NewCommendation(tree, scaffold.CommendationInput{Year: opt.Year, Unit: opt.Unit, Today: today})
	case "competition":
		plan, err = scaffold.NewCompetition(tree, func(p string) ([]byte, error) { return fs.ReadFile(tree.FS, p) }, scaffold.CompetitionInput{Year: opt.Year})
	case "review":
		ix := content.NewIndex(tree)
		plan, err = scaffold.NewReview(tree, scaffold.ReviewInput{Year: opt.Year, Expert: opt.Expert}, ix.Eligible, ix.Conflict)
	case "case":
		plan, err = scaffold.NewCase(tree, scaffold.ArticleInput{Year: opt.Year, Title: opt.Title, Today: today})
	case "bulletin":
		plan, err = scaffold.NewBulletin(tree, scaffold.ArticleInput{Year: opt.Year, Title: opt.Title, Today: today})
	default:
		return nil, fmt.Errorf("未知的类型 %q；可用：%s", opt.Kind, strings.Join(NewKinds, "、"))
	}
	if err != nil {
		return nil, err
	}
	if err := writePlan(cfg.Root, plan); err != nil {
		return nil, err
	}
	return plan, nil
}

// writePlan writes every file of plan under root, each atomically; a new file never
// replaces one that appeared meanwhile.
func writePlan(root string, plan *scaffold.Plan) error {
	for _, f := range plan.Files { // all or nothing: no write goes through a link
		if err := content.NoLinkOnPath(root, f.Path); err != nil {
			return fmt.Errorf("不写入 %s：路径中有符号链接，可能指向仓库之外（%w）", f.Path, err)
		}
	}
	for _, f := range plan.Files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if f.Created {
			if _, err := os.Lstat(p); err == nil {
				return fmt.Errorf("%s 已存在，未覆盖", f.Path)
			}
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := writeAtomic(p, f.Data); err != nil {
			return err
		}
	}
	return nil
}
