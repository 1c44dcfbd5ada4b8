package render

import (
	"bytes"
	"path"
	"strings"
	"testing"
	"unicode/utf8"

	"wuxiao/generator/content"
)

// privateValues lists what the contract says is never published, taken from the
// tree itself: liaisons, contacts (but names that are also published authors),
// admins, review comments, expert names unless published, the titles and
// summaries of submissions that are not published results, and non-public
// attachments. Each value maps to where it comes from. A login that is also the
// owner in site.yaml's public repo_url is not looked for.
func privateValues(tree *content.Tree, site *Site) (values map[string]string, hiddenFiles []string) {
	values = map[string]string{}
	public := map[string]bool{} // text that is published anyway (author names, published titles)
	published := map[string]bool{}
	for _, r := range site.Results {
		published[itoa(r.Year.Year)+"/"+r.ID] = true
		public[r.Title] = true
		public[r.Summary] = true
		for _, a := range r.Authors {
			public[a.Name] = true
		}
	}
	add := func(v, why string) {
		v = strings.TrimSpace(v)
		if utf8.RuneCountInString(v) >= 2 && !public[v] {
			values[v] = why
		}
	}
	for _, u := range tree.Units {
		if u.Liaison != nil {
			add(u.Liaison.Name, "liaison of "+u.ID)
			add(u.Liaison.Phone, "liaison phone of "+u.ID)
		}
		for _, a := range u.Admins {
			if tree.Site == nil || !strings.Contains(tree.Site.RepoURL, "/"+a+"/") { // the repository's owner is public
				add(a, "admin of "+u.ID)
			}
		}
	}
	if tree.Site == nil || !tree.Site.PublishExperts {
		for _, e := range tree.Experts {
			add(e.Name, "expert "+e.ID)
		}
	}
	for _, y := range tree.Years {
		for _, rv := range y.Reviews {
			for _, l := range rv.Scores {
				if utf8.RuneCountInString(l.Comment) >= 4 {
					add(l.Comment, "comment in "+rv.File)
				}
			}
		}
		for _, s := range y.Submissions {
			if s.Contact != nil {
				add(s.Contact.Name, "contact of "+s.File)
				add(s.Contact.Phone, "contact phone of "+s.File)
			}
			if !published[s.GlobalID()] {
				add(s.Title, "title of unpublished "+s.File)
				add(s.Summary, "summary of unpublished "+s.File)
			}
			for _, a := range s.Attachments {
				if !a.Public || !published[s.GlobalID()] {
					hiddenFiles = append(hiddenFiles, path.Join(itoa(s.Year), "attachments", s.Unit, a.File))
					add(a.SHA256, "hash of non-public attachment "+a.File)
				}
			}
		}
	}
	return values, hiddenFiles
}

func checkPrivacy(t *testing.T, root string) {
	tree := loadTree(t, root)
	now := "2026-11-25"
	out, _ := renderTree(t, tree, now)
	site := NewSite(tree, "", date(now))
	values, hidden := privateValues(tree, site)
	if len(values) == 0 {
		t.Fatal("found no private values to look for")
	}
	for _, name := range sortedNames(out.files) {
		data := out.files[name]
		for v, why := range values {
			if bytes.Contains(data, []byte(v)) {
				t.Errorf("%s publishes %q (%s)", name, v, why)
			}
		}
	}
	for _, f := range hidden {
		if _, ok := out.files[f]; ok {
			t.Errorf("non-public attachment %s was copied", f)
		}
	}
	t.Logf("%d files free of %d private values", len(out.files), len(values))
}

func TestPrivacyMinimal(t *testing.T) { checkPrivacy(t, minimalRoot) }

// TestPrivacyDemo greps the whole built demo site for every private value of the
// repository's content.
func TestPrivacyDemo(t *testing.T) { checkPrivacy(t, "../..") }
