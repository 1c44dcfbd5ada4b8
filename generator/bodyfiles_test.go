package generator

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
)

// TestBodyImagesArePublished: a submission's body shows its public photo and links its
// public proofs by their file names, and the site points them at the proofs' published
// addresses (before, they were published as written: a broken image and a 404 beside the
// result page); a case's body shows an image beside the case's file, which the site
// publishes beside the case's page like its cover, and a bulletin's or a page's body one
// beside the bulletins or the pages. The cached build writes the same.
func TestBodyImagesArePublished(t *testing.T) {
	photo := "\x89PNG\r\n\x1a\nPNG fake image bytes\n"
	sum := fmt.Sprintf("%x", sha256.Sum256([]byte(photo)))
	root := testtree.Write(t, nil)
	sub := filepath.Join(root, "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md")
	text, err := os.ReadFile(sub)
	if err != nil {
		t.Fatal(err)
	}
	proof := "  - file: zhaopian/现场 1.png\n    title: 现场照片\n    sha256: " + sum + "\n    public: true\ncontact:"
	body := strings.Replace(string(text), "contact:", proof, 1) +
		"\n![现场](zhaopian/现场%201.png \"改造后\")，详见[应用证明](./yingyong-zhengming.pdf#page=2)、[申报指南](../../pages/guide/)。\n"
	writes := map[string]string{
		"content/2023/submissions/kuangqu-mine1/pidai-jiupian.md":  body,
		"content/2023/attachments/kuangqu-mine1/zhaopian/现场 1.png": photo,
		"content/2023/cases/pidai-xianchang.png":                   photo,
	}
	caseFile := filepath.Join(root, "content/2023/cases/pidai-jiupian.md")
	caseText, err := os.ReadFile(caseFile)
	if err != nil {
		t.Fatal(err)
	}
	writes["content/2023/cases/pidai-jiupian.md"] = string(caseText) + "\n![现场](pidai-xianchang.png)\n"
	guide, err := os.ReadFile(filepath.Join(root, "content/pages/guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	writes["content/pages/guide.md"] = string(guide) + "\n![申报流程](liucheng.png)\n"
	writes["content/pages/liucheng.png"] = photo
	bulletin, err := os.ReadFile(filepath.Join(root, "content/2023/bulletins/2023-01.md"))
	if err != nil {
		t.Fatal(err)
	}
	writes["content/2023/bulletins/2023-01.md"] = string(bulletin) + "\n![推进会现场](huichang.jpg)\n"
	writes["content/2023/bulletins/huichang.jpg"] = photo
	for rel, s := range writes {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cold := filepath.Join(t.TempDir(), "cold")
	if diags, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, BuildOptions{Out: cold}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	page, err := os.ReadFile(filepath.Join(cold, "2023/results/kuangqu-mine1/pidai-jiupian/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<img src="../../../../2023/attachments/kuangqu-mine1/zhaopian/%e7%8e%b0%e5%9c%ba%201.png" alt="现场" title="改造后">`,
		`<a href="../../../../2023/attachments/kuangqu-mine1/yingyong-zhengming.pdf#page=2">应用证明</a>`,
		`<a href="../../pages/guide/">申报指南</a>`, // not a proof: as written
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("result page lacks %s", want)
		}
	}
	if got, err := os.ReadFile(filepath.Join(cold, "2023/attachments/kuangqu-mine1/zhaopian/现场 1.png")); err != nil || string(got) != photo {
		t.Errorf("the photo is not published at its address: %v", err)
	}
	casePage, err := os.ReadFile(filepath.Join(cold, "2023/cases/pidai-jiupian/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(casePage), `<img src="pidai-xianchang.png" alt="现场">`) {
		t.Errorf("case page lacks its image")
	}
	if got, err := os.ReadFile(filepath.Join(cold, "2023/cases/pidai-jiupian/pidai-xianchang.png")); err != nil || string(got) != photo {
		t.Errorf("the case's image is not published beside its page: %v", err)
	}

	guidePage, err := os.ReadFile(filepath.Join(cold, "pages/guide/index.html"))
	if err != nil || !strings.Contains(string(guidePage), `<img src="liucheng.png" alt="申报流程">`) {
		t.Errorf("the guide page lacks its image (%v)", err)
	}
	if got, err := os.ReadFile(filepath.Join(cold, "pages/guide/liucheng.png")); err != nil || string(got) != photo {
		t.Errorf("the page's image is not published beside it: %v", err)
	}

	if got, err := os.ReadFile(filepath.Join(cold, "2023/bulletins/2023-01/huichang.jpg")); err != nil || string(got) != photo {
		t.Errorf("the bulletin's image is not published beside it: %v", err)
	}

	cached := filepath.Join(t.TempDir(), "cached")
	cache := &memCache{}
	for range 2 { // the second through the cache the first filled
		if diags, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, BuildOptions{Out: cached, Cache: cache}); err != nil {
			t.Fatalf("%v\n%s", err, diags.Text())
		}
	}
	if diff := testtree.Differences(snapshot(t, cold), snapshot(t, cached)); len(diff) > 0 {
		t.Errorf("cached build differs from the cold one: %v", diff)
	}
}

// TestPublishedImagesLeaveTheirLocationOut: an image the site publishes beside a case or
// a bulletin, taken with the phone's location on, is published without the place (and
// with its orientation and picture as they were); a public proof is published byte for
// byte, its SHA-256 being published with it (check warns of its location instead). The
// cached build writes the same.
func TestPublishedImagesLeaveTheirLocationOut(t *testing.T) {
	photo := testtree.PhotoWithLocation()
	sum := fmt.Sprintf("%x", sha256.Sum256(photo))
	root := testtree.Write(t, nil)
	add := func(rel, text string) {
		p := filepath.Join(root, rel)
		old, _ := os.ReadFile(p)
		if err := os.WriteFile(p, append(old, text...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sub := "content/2023/submissions/kuangqu-mine1/pidai-jiupian.md"
	text, err := os.ReadFile(filepath.Join(root, sub))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, sub), []byte(strings.Replace(string(text), "contact:", "  - file: xianchang.jpg\n    title: 现场照片\n    sha256: "+sum+"\n    public: true\ncontact:", 1)), 0o644)
	add("content/2023/attachments/kuangqu-mine1/xianchang.jpg", string(photo))
	add("content/2023/cases/pidai-xianchang.jpg", string(photo))
	add("content/2023/cases/pidai-jiupian.md", "\n![现场](pidai-xianchang.jpg)\n")
	add("content/2023/bulletins/huichang.jpg", string(photo))
	add("content/2023/bulletins/2023-01.md", "\n![推进会现场](huichang.jpg)\n")
	cold := filepath.Join(t.TempDir(), "cold")
	if diags, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, BuildOptions{Out: cold}); err != nil {
		t.Fatalf("%v\n%s", err, diags.Text())
	}
	for _, p := range []string{"2023/cases/pidai-jiupian/pidai-xianchang.jpg", "2023/bulletins/2023-01/huichang.jpg"} {
		got, err := os.ReadFile(filepath.Join(cold, p))
		if err != nil || content.PhotoLocation(got) || !bytes.Equal(got, content.WithoutLocation(photo)) {
			t.Errorf("%s published with its location, or not as WithoutLocation leaves it (%v)", p, err)
		}
	}
	if got, err := os.ReadFile(filepath.Join(cold, "2023/attachments/kuangqu-mine1/xianchang.jpg")); err != nil || !bytes.Equal(got, photo) {
		t.Errorf("the public proof is not published byte for byte (%v)", err)
	}
	cached := filepath.Join(t.TempDir(), "cached")
	cache := &memCache{}
	for range 2 {
		if diags, _, err := Build(Config{Root: root, Now: testDate("2026-11-25")}, BuildOptions{Out: cached, Cache: cache}); err != nil {
			t.Fatalf("%v\n%s", err, diags.Text())
		}
	}
	if diff := testtree.Differences(snapshot(t, cold), snapshot(t, cached)); len(diff) > 0 {
		t.Errorf("cached build differs from the cold one: %v", diff)
	}
}
