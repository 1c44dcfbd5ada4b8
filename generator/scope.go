package generator

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
	"wuxiao/generator/forge/link"
	"wuxiao/generator/pullreq"
	"wuxiao/generator/rules"
)

// ScopeOptions name the changes to judge: those of HEAD over Base, made by Author.
type ScopeOptions struct {
	Base   string // a revision, such as origin/main
	Author string // the forge account that made the changes
}

// ScopeResult is the decision and, when the base revision's units.yaml or results.yaml
// has errors, those errors: the decision then rests on what could be read.
type ScopeResult struct {
	Decision  pullreq.Decision
	BaseDiags *diag.List
}

// Scope decides whether opt.Author may make the changes HEAD carries over opt.Base,
// judged by the base revision's units.yaml. Each refusal is a "permission" diagnostic
// in Refusals.
func Scope(cfg Config, opt ScopeOptions) (*ScopeResult, error) {
	cfg = cfg.withDefaults()
	g, err := openGit(cfg.Root)
	if err != nil {
		return nil, err
	}
	changes, err := g.changes(opt.Base)
	if err != nil {
		return nil, err
	}
	st, baseDiags, err := scopeState(g, opt.Base, changes)
	if err != nil {
		return nil, err
	}
	return &ScopeResult{Decision: pullreq.Decide(opt.Author, changes, st), BaseDiags: baseDiags}, nil
}

// Refusals are the decision's refusals as diagnostics, one per file.
func (r *ScopeResult) Refusals() *diag.List {
	var diags diag.List
	for _, x := range r.Decision.Refused {
		diags.Errorf(diag.FileStart(x.Path), "permission", "%s", x.Reason)
	}
	return &diags
}

// scopeState reads the registry and the touched years' results as of base, and those years' results as of HEAD.
func scopeState(g *gitRepo, base string, changes []pullreq.Change) (pullreq.State, *diag.List, error) {
	seen := map[int]bool{}
	var years []int
	var bulletins, images []string
	imageFolders := map[string]bool{} // the bulletins' folders with a changed image: all their bulletins are read
	for _, c := range changes {
		for _, p := range []string{c.Path, c.From} {
			pl := content.Classify(p)
			if p != "" && pl.Year != 0 && !seen[pl.Year] {
				seen[pl.Year] = true
				years = append(years, pl.Year)
			}
			if p != "" && pl.Kind == content.KindBulletin {
				bulletins = append(bulletins, p)
			}
			if p != "" && pl.Kind == content.KindBulletinImage {
				images = append(images, p)
				imageFolders[path.Dir(p)] = true
			}
		}
	}
	sort.Ints(years)
	files, err := g.catFile()
	if err != nil {
		return pullreq.State{}, nil, err
	}
	defer files.close()
	read := func(rev string, units bool) (*content.Tree, *diag.List, error) {
		extra := slices.Clone(bulletins)
		for dir := range imageFolders {
			listed, err := g.folder(rev, dir)
			if err != nil {
				return nil, nil, err
			}
			for _, p := range listed {
				if content.Classify(p).Kind == content.KindBulletin && !slices.Contains(extra, p) {
					extra = append(extra, p)
				}
			}
		}
		return files.snapshot(rev, units, years, extra...)
	}
	before, diags, err := read(base, true)
	if err != nil {
		return pullreq.State{}, nil, err
	}
	after, _, err := read("HEAD", false)
	if err != nil {
		return pullreq.State{}, nil, err
	}
	return pullreq.State{Units: before.Units, Experts: before.Experts, Before: resultsByYear(before), After: resultsByYear(after),
		BulletinsBefore: bulletinIssuers(before), BulletinsAfter: bulletinIssuers(after),
		ShownBefore: imageShowers(before, images), ShownAfter: imageShowers(after, images)}, diags, nil
}

// imageShowers maps each of images (bulletin images) to the issuers of the bulletins of
// tree whose bodies show it ("" for the city's).
func imageShowers(tree *content.Tree, images []string) map[string][]string {
	m := map[string][]string{}
	for _, y := range tree.Years {
		for _, b := range y.Bulletins {
			for _, name := range content.BodyImages(b.Body) {
				p := path.Join(path.Dir(b.File), name)
				if slices.Contains(images, p) && !slices.Contains(m[p], b.Unit) {
					m[p] = append(m[p], b.Unit)
				}
			}
		}
	}
	return m
}

// bulletinIssuers maps each bulletin of tree to the unit that issued it ("" for the city).
func bulletinIssuers(tree *content.Tree) map[string]string {
	m := map[string]string{}
	for _, y := range tree.Years {
		for _, b := range y.Bulletins {
			m[b.File] = b.Unit
		}
	}
	return m
}

// Codeowners makes the code owners file of forge kind ("" for site.yaml's forge) from
// units.yaml and says where that forge reads it. It returns the accounts it skipped as
// invalid, and units.yaml's errors, if any, instead of a text.
func Codeowners(cfg Config, kind string) (text, file string, skipped []string, bad *diag.List, err error) {
	cfg = cfg.withDefaults()
	tree, diags, err := content.Load(content.DirFS(cfg.Root))
	if err != nil {
		return "", "", nil, nil, fmt.Errorf("%s：%v", cfg.Root, err)
	}
	if kind == "" && tree.Site != nil {
		kind = tree.Site.Forge
	}
	k, err := link.ParseKind(kind)
	if err != nil {
		return "", "", nil, nil, err
	}
	bad = &diag.List{}
	for _, d := range diags.Items() {
		if d.Pos.File == "content/units.yaml" && d.Severity == diag.Error {
			bad.Add(d)
		}
	}
	for _, u := range tree.Units {
		rules.OneLineName(u, bad) // a name's second line would be a line of CODEOWNERS
	}
	if bad.Len() > 0 {
		return "", "", nil, bad, nil
	}
	text, skipped = pullreq.Codeowners(tree.Units, k)
	return text, pullreq.CodeownersPath(k), skipped, nil, nil
}

// WriteCodeowners writes text to file (as Codeowners returned it) under the root.
func WriteCodeowners(cfg Config, file, text string) error {
	return WriteFile(filepath.Join(cfg.withDefaults().Root, filepath.FromSlash(file)), []byte(text))
}

// PagesResult lists the public pages a change adds or alters, and the site's address.
type PagesResult struct {
	Pages   []pullreq.Page
	Hidden  []pullreq.Hidden
	BaseURL string
}

// Pages lists the public pages that HEAD adds or changes over base.
func Pages(cfg Config, base string) (*PagesResult, error) {
	cfg = cfg.withDefaults()
	g, err := openGit(cfg.Root)
	if err != nil {
		return nil, err
	}
	changes, err := g.changes(base)
	if err != nil {
		return nil, err
	}
	tree, _, err := content.Load(content.DirFS(cfg.Root))
	if err != nil {
		return nil, fmt.Errorf("%s：%v", cfg.Root, err)
	}
	r := &PagesResult{}
	if tree.Site != nil {
		r.BaseURL = tree.Site.BaseURL
	}
	r.Pages, r.Hidden = pullreq.Pages(changes, tree)
	return r, nil
}

// WriteFile makes name's folder and writes data there atomically: a reader sees the old file or the new one, never a part.
func WriteFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("无法建立目录 %s：%w", filepath.Dir(name), err)
	}
	if err := writeAtomic(name, data); err != nil {
		return fmt.Errorf("无法写入 %s：%w", name, err)
	}
	return nil
}
