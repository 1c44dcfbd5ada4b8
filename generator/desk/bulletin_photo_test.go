package desk

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
)

// TestBulletinWithPhotos: a county writing its bulletin on the desk adds photos of its
// meeting by choosing them (no Markdown, no file name to know): each goes beside the
// bulletin, named after it, and the body shows it at its end; the pull request carries
// both, and the bulletin's union may change such a photo (scope: the bulletin shows it).
// A PDF or a third photo is refused at the photo field and nothing is proposed; the form
// comes back with the body as typed and says the photos must be chosen again.
func TestBulletinWithPhotos(t *testing.T) {
	f := newFixture(t, "2026-09-20")
	c := f.as("kuangqu-union")
	page := f.get("/county/kuangqu/bulletin", c).Body.String()
	if !strings.Contains(page, `enctype="multipart/form-data"`) || !strings.Contains(page, `name="photo"`) {
		t.Fatalf("the bulletin form has no photo field:\n%s", page)
	}
	v := bulletinValues()
	v.Set("photo_title", "推进会现场")
	one, two := pngPhoto("会场"), testtree.PhotoWithLocation() // the second taken with the phone's location on
	w := f.postMultipart("/county/kuangqu/bulletin", v, []upload{{"photo", "IMG_0001.PNG", one}, {"photo", "主席台.jpg", two}}, c)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "已提交") {
		t.Fatalf("post: %d %s", w.Code, statusLine(w.Body.String()))
	}
	proposed := f.forge("kuangqu-union").proposed
	if len(proposed) != 1 {
		t.Fatalf("%d pull requests", len(proposed))
	}
	files := proposed[0].Files
	md := string(files["content/2026/bulletins/kuangqu-2026-1.md"])
	for name, data := range map[string][]byte{"kuangqu-2026-1-1.png": one, "kuangqu-2026-1-2.jpg": content.WithoutLocation(two)} {
		if !bytes.Equal(files["content/2026/bulletins/"+name], data) || !strings.Contains(md, "\n\n![推进会现场]("+name+")") {
			t.Errorf("%s: %d bytes proposed; the bulletin:\n%s", name, len(files["content/2026/bulletins/"+name]), md)
		}
	}
	if content.PhotoLocation(files["content/2026/bulletins/kuangqu-2026-1-2.jpg"]) {
		t.Errorf("the photo was proposed with the place it was taken")
	}
	if len(files) != 3 {
		t.Errorf("%d files proposed", len(files))
	}

	// A description that looks like a tag is text, not HTML the check refuses.
	tagged := bulletinValues()
	tagged.Set("issue", "3")
	tagged.Set("photo_title", "推进会<b>现场</b>[一]")
	if w := f.postMultipart("/county/kuangqu/bulletin", tagged, []upload{{"photo", "a.png", one}}, c); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "已提交") {
		t.Errorf("a description with a tag: %d %s", w.Code, statusLine(w.Body.String()))
	}

	for _, bad := range []struct {
		name    string
		uploads []upload
		want    string
	}{
		{"a PDF", []upload{{"photo", "通知.pdf", pdf("通知")}}, "JPG 或 PNG"},
		{"three photos", []upload{{"photo", "a.png", one}, {"photo", "b.png", one}, {"photo", "c.png", one}}, "最多附 2 张"},
	} {
		v := bulletinValues()
		v.Set("issue", "2")
		w := f.postMultipart("/county/kuangqu/bulletin", v, bad.uploads, c)
		body := w.Body.String()
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(problemBeside(body, `name="photo"`, 600), bad.want) || !strings.Contains(body, "重新选择照片") {
			t.Errorf("%s: %d %s", bad.name, w.Code, statusLine(body))
		}
		if strings.Contains(body, "![") {
			t.Errorf("%s: the form came back with an image in the body", bad.name)
		}
		if n := len(f.forge("kuangqu-union").proposed); n != 2 {
			t.Errorf("%s: %d pull requests", bad.name, n)
		}
	}
}
