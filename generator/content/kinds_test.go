package content

import (
	"path"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// TestKindsTable expects every kind of file to have one entry in the table, to be
// classified from a sample path, named, and — unless it is never read — loaded into the Tree.
func TestKindsTable(t *testing.T) {
	samples := map[Kind]string{
		KindSite:          "content/site.yaml",
		KindUnits:         "content/units.yaml",
		KindExperts:       "content/experts.yaml",
		KindBanned:        "content/banned.yaml",
		KindCleared:       "content/cleared.yaml",
		KindPage:          "content/pages/about.md",
		KindPageImage:     "content/pages/liucheng.png",
		KindCompetition:   "content/2023/competition.yaml",
		KindResults:       "content/2023/results.yaml",
		KindAssignments:   "content/2023/assignments.yaml",
		KindCommendation:  "content/2023/commendations/yq/wen-1.yaml",
		KindSubmission:    "content/2023/submissions/yq/pidai.md",
		KindAttachment:    "content/2023/attachments/yq/pidai/photo.jpg",
		KindReview:        "content/2023/reviews/e01.yaml",
		KindCase:          "content/2023/cases/pidai.md",
		KindCaseImage:     "content/2023/cases/pidai.png",
		KindBulletin:      "content/2023/bulletins/di-1-qi.md",
		KindBulletinImage: "content/2023/bulletins/huichang.jpg",
	}
	seen := map[Kind]bool{}
	for _, ki := range Kinds() {
		if seen[ki.Kind] {
			t.Errorf("%s: two entries in the table", ki.Name)
		}
		seen[ki.Kind] = true
		p, ok := samples[ki.Kind]
		if !ok {
			t.Errorf("%s: no sample path in this test", ki.Name)
			continue
		}
		t.Run(ki.Name, func(t *testing.T) {
			if pl := Classify(p); pl.Kind != ki.Kind || pl.Problem != "" {
				t.Fatalf("Classify(%q) = %+v, want kind %s", p, pl, ki.Name)
			} else if byPath := ki.Owner == OwnedByUnit || ki.Owner == OwnedByIssuer || ki.Owner == OwnedByExpert; byPath != (pl.Owner != "") {
				t.Errorf("owner rule %d, but the path gives owner %q", ki.Owner, pl.Owner)
			}
			if ki.Name == "" || ki.Shape == "" || ki.Title == "" || ki.Label == "" || ki.Noun == "" {
				t.Errorf("entry lacks a name, shape or label: %+v", ki)
			}
			if ki.Where != "" {
				shape, where := strings.Split(strings.TrimPrefix(ki.Shape, "content/"), "/"), strings.Split(ki.Where, "/")
				for i := range max(len(shape), len(where)) {
					if i >= len(shape) || i >= len(where) || path.Ext(shape[i]) != path.Ext(where[i]) ||
						!strings.ContainsAny(shape[i], "<*") && shape[i] != where[i] {
						t.Errorf("Where %q does not tell Shape %q", ki.Where, ki.Shape)
						break
					}
				}
			}
			if got, ok := InfoOf(ki.Kind); !ok || got.Name != ki.Name {
				t.Errorf("InfoOf(%s) = %+v, %v", ki.Name, got, ok)
			}
			if ki.Opaque {
				tree, _, err := Load(fstest.MapFS{p: file("x")})
				if err != nil {
					t.Fatal(err)
				}
				if newValue(Place{Kind: ki.Kind}) != nil || tree.Broken[p] {
					t.Errorf("an opaque kind is read or marked broken")
				}
				return
			}
			data := "[]\n"
			if reflect.TypeOf(newValue(Place{Kind: ki.Kind})).Elem().Kind() == reflect.Struct {
				data = "{}\n"
			}
			if ki.Markdown {
				data = "---\ntitle: x\n---\n正文\n"
			}
			tree, _, err := Load(fstest.MapFS{p: file(data)})
			if err != nil {
				t.Fatal(err)
			}
			empty, _, _ := Load(fstest.MapFS{})
			if tree.Broken[p] {
				t.Fatalf("%s is marked broken", p)
			}
			if reflect.DeepEqual(tree, empty) {
				t.Errorf("loading %s left the Tree as if it were empty", p)
			}
			v := reflect.ValueOf(parseFile(fstest.MapFS{p: file(data)}, p, Classify(p), int64(len(data))).value).Elem()
			if v.Kind() == reflect.Struct && v.FieldByName("File").String() != p {
				t.Errorf("the decoded value does not record its file: File = %q", v.FieldByName("File"))
			}
		})
	}
	for k := KindSite; k <= KindAssignments; k++ {
		if !seen[k] {
			t.Errorf("kind %d has no entry in the table", k)
		}
	}
}

// TestClassifyEmptyOwner expects an empty owner folder to be refused for every kind
// whose shape has one (before the table, commendations and submissions let it through).
func TestClassifyEmptyOwner(t *testing.T) {
	for _, p := range []string{"content/2023/commendations//a.yaml", "content/2023/submissions//a.md", "content/2023/attachments//x.pdf"} {
		if pl := Classify(p); !strings.Contains(pl.Problem, `目录名（代码）"" 不合规`) {
			t.Errorf("Classify(%q) = %+v, want the owner refused", p, pl)
		}
	}
}

// TestUnreadableFileKeepsItsPlace expects a file that exists but cannot be read to leave
// what its path alone says: it is marked broken (unless never read), its year exists,
// and a registry's path is recorded (rules point at it and stay quiet about references).
func TestUnreadableFileKeepsItsPlace(t *testing.T) {
	for _, ki := range Kinds() {
		t.Run(ki.Name, func(t *testing.T) {
			p := strings.NewReplacer("<year>", "2023", "<unit>", "yq", "<issuer>", "yq", "<expert>", "e01",
				"<slug>", "x", "<image>", "x.png", "**", "x.pdf").Replace(ki.Shape)
			tree, _, err := Load(fstest.MapFS{p: file("\xff\n")})
			if err != nil {
				t.Fatal(err)
			}
			if tree.Broken[p] == ki.Opaque {
				t.Errorf("%s: Broken = %v for a file that is read: %v", p, tree.Broken[p], !ki.Opaque)
			}
			if strings.Contains(ki.Shape, "<year>") && tree.year(2023, false) == nil {
				t.Errorf("%s: its year is missing from the tree", p)
			}
			if f := reflect.ValueOf(tree).Elem().FieldByName(strings.ToUpper(ki.Name[:1]) + ki.Name[1:] + "File"); f.IsValid() && f.String() != p {
				t.Errorf("%s: the tree's %sFile = %q", p, ki.Name, f.String())
			}
		})
	}
}

// TestPlacePath expects Path to be Classify's inverse for every kind whose shape names a
// single file, and Dir to be the folder its owner's files are in.
func TestPlacePath(t *testing.T) {
	for _, ki := range Kinds() {
		pl := Place{Kind: ki.Kind, Year: 2023, Slug: "pidai"}
		if strings.Contains(ki.Shape, "<unit>") || strings.Contains(ki.Shape, "<issuer>") || strings.Contains(ki.Shape, "<expert>") {
			pl.Owner = "yq"
		}
		if !strings.Contains(ki.Shape, "<year>") {
			pl.Year = 0
		}
		if !strings.Contains(ki.Shape, "<slug>") {
			pl.Slug = ""
		}
		p := pl.Path()
		if strings.HasSuffix(ki.Shape, "**") || strings.HasSuffix(ki.Shape, "<image>") {
			if p != "" {
				t.Errorf("%s: Path() = %q for a shape that names no single file", ki.Name, p)
			}
		} else if got := Classify(p); got != pl {
			t.Errorf("%s: Classify(%q) = %+v, want %+v", ki.Name, p, got, pl)
		}
		if dir := pl.Dir(); !strings.HasSuffix(dir, "/") || p != "" && !strings.HasPrefix(p, dir) {
			t.Errorf("%s: Dir() = %q, Path() = %q", ki.Name, dir, p)
		}
	}
	for pl, want := range map[Place]string{
		{Kind: KindAttachment, Year: 2023, Owner: "yq"}: "content/2023/attachments/yq/",
		{Kind: KindReview, Year: 2023}:                  "content/2023/reviews/",
		{Kind: KindSubmission, Year: 2023, Owner: "yq"}: "content/2023/submissions/yq/",
		{Kind: KindResults, Year: 2023}:                 "content/2023/",
	} {
		if got := pl.Dir(); got != want {
			t.Errorf("%+v.Dir() = %q, want %q", pl, got, want)
		}
	}
}
