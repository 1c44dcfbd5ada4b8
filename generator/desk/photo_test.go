package desk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
)

// pngPhoto is a small PNG file (its bytes are sniffed as PNG; no viewer needs to open it).
func pngPhoto(text string) []byte {
	return []byte("\x89PNG\r\n\x1a\n" + text)
}

// TestPhotoShownInBodyByCheckbox: a unit admin shows a photo of the result in the body
// without knowing Markdown or the photo's file name: a box beside the photo (or the
// upload) puts "![材料名称](文件名)" at the body's end and makes the photo public, which
// a photo on the public page must be; unticking the box, or deleting the photo, takes the
// image out of the body again. The declaration so written passes the checks and is
// proposed with the image in the submission's body.
func TestPhotoShownInBodyByCheckbox(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("action", "save")
	v.Set("proof_title", "现场照片")
	v.Set("proof_show", "1")
	w := f.postMultipart("/unit/kuangqu-mine1/declare", v, []upload{{"proof", "xianchang.png", pngPhoto("皮带")}}, c)
	if w.Code != http.StatusOK {
		t.Fatalf("save: %d\n%s", w.Code, statusLine(w.Body.String()))
	}
	drafts := f.s.drafts.list("mine1-admin", "kuangqu-mine1")
	if len(drafts) != 1 || len(drafts[0].Proofs) != 1 {
		t.Fatalf("drafts: %+v", drafts)
	}
	dr := drafts[0]
	photo := dr.Proofs[0]
	line := "![现场照片](" + photo.File + ")"
	if !strings.HasSuffix(dr.Form.Body, "\n\n"+line) || !photo.Public {
		t.Fatalf("after the upload with the box ticked: public %v, body:\n%s", photo.Public, dr.Form.Body)
	}
	page := w.Body.String()
	if !strings.Contains(page, `name="proof_show_`+photo.File+`" value="1" checked`) {
		t.Errorf("the form does not show the photo's box ticked:\n%s", page)
	}

	// Saved again with the box ticked and the body as the form shows it: one image, not two.
	again := resaved(dr)
	setShown(again, photo)
	again.Set("proof_public_"+photo.File, "1")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", again, nil, c); w.Code != http.StatusOK {
		t.Fatalf("save again: %d\n%s", w.Code, statusLine(w.Body.String()))
	}
	if body := f.s.drafts.list("mine1-admin", "kuangqu-mine1")[0].Form.Body; strings.Count(body, line) != 1 {
		t.Fatalf("saved again: the image %d times:\n%s", strings.Count(body, line), body)
	}

	// Submitted: the check passes and the pull request's submission shows the photo.
	again.Set("action", "submit")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", again, nil, c); w.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", w.Code, statusLine(w.Body.String()))
	}
	proposed := f.forge("mine1-admin").proposed
	if len(proposed) != 1 {
		t.Fatalf("%d pull requests", len(proposed))
	}
	var sub string
	for p, data := range proposed[0].Files {
		if strings.HasPrefix(p, "content/2026/submissions/") {
			sub = string(data)
		}
	}
	if !strings.Contains(sub, line) || !strings.Contains(sub, "public: true") {
		t.Errorf("the proposed submission:\n%s", sub)
	}

	// A new draft: the box unticked takes the image out; the photo deleted takes it out too.
	for _, step := range []struct {
		name string
		set  map[string]string
	}{
		{"unticked", map[string]string{"proof_showable_": "1", "proof_public_": "1"}},
		{"deleted", map[string]string{"proof_showable_": "1", "proof_show_": "1", "proof_remove_": "1"}},
	} {
		v := declaration2026()
		v.Set("action", "save")
		v.Set("proof_title", "现场照片")
		v.Set("proof_show", "1")
		f.postMultipart("/unit/kuangqu-mine1/declare", v, []upload{{"proof", "xianchang.png", pngPhoto(step.name)}}, c)
		dr := newestDraft(t, f)
		next := resaved(dr)
		next.Set("proof_title_"+dr.Proofs[0].File, dr.Proofs[0].Title)
		for k, x := range step.set { // the fields of the draft's photo, named by its file
			next.Set(k+dr.Proofs[0].File, x)
		}
		if w := f.postMultipart("/unit/kuangqu-mine1/declare", next, nil, c); w.Code != http.StatusOK {
			t.Fatalf("%s: %d\n%s", step.name, w.Code, statusLine(w.Body.String()))
		}
		got := newestDraft(t, f)
		if strings.Contains(got.Form.Body, "![") || got.Form.Body != strings.TrimSpace(declaration2026().Get("body")) {
			t.Errorf("%s: the body still shows the photo:\n%q", step.name, got.Form.Body)
		}
	}

	// A PDF has no box, and its box posted anyway shows nothing.
	v = declaration2026()
	v.Set("action", "save")
	v.Set("proof_show", "1")
	f.postMultipart("/unit/kuangqu-mine1/declare", v, []upload{{"proof", "zhengming.pdf", pdf("证明")}}, c)
	if got := newestDraft(t, f); strings.Contains(got.Form.Body, "![") || got.Proofs[0].Public {
		t.Errorf("a PDF was shown as a photo: public %v, body:\n%s", got.Proofs[0].Public, got.Form.Body)
	}
}

// newestDraft is mine1-admin's draft of kuangqu-mine1 saved last.
func newestDraft(t *testing.T, f *fixture) *draft {
	t.Helper()
	drafts := f.s.drafts.list("mine1-admin", "kuangqu-mine1") // the newest first
	if len(drafts) == 0 {
		t.Fatal("no draft")
	}
	return drafts[0]
}

func TestWithAndWithoutPhoto(t *testing.T) {
	const file = "0a1b2c3d-2.jpg"
	for _, c := range []struct{ name, body, with, without string }{
		{"empty body", "", "![现场](0a1b2c3d-2.jpg)", ""},
		{"at the end", "第一段。\n\n![现场](0a1b2c3d-2.jpg)", "第一段。\n\n![现场](0a1b2c3d-2.jpg)", "第一段。"},
		{"between paragraphs", "第一段。\n\n![现场](0a1b2c3d-2.jpg)\n\n第二段。", "第一段。\n\n![现场](0a1b2c3d-2.jpg)\n\n第二段。", "第一段。\n\n第二段。"},
		{"at the start", "![现场](0a1b2c3d-2.jpg)\n\n第二段。", "![现场](0a1b2c3d-2.jpg)\n\n第二段。", "第二段。"},
		{"a line of a paragraph", "第一行\n![现场](0a1b2c3d-2.jpg)\n第三行", "第一行\n![现场](0a1b2c3d-2.jpg)\n第三行", "第一行\n第三行"},
		{"inside a sentence", "如图![现场](0a1b2c3d-2.jpg)所示。", "如图![现场](0a1b2c3d-2.jpg)所示。", "如图所示。"},
		{"with a title and brackets", `见 ![现场\[一\]](<0a1b2c3d-2.jpg> "说明")。`, `见 ![现场\[一\]](<0a1b2c3d-2.jpg> "说明")。`, "见 。"},
		{"twice", "![a](0a1b2c3d-2.jpg)\n\n中间\n\n![b](0a1b2c3d-2.jpg)", "![a](0a1b2c3d-2.jpg)\n\n中间\n\n![b](0a1b2c3d-2.jpg)", "中间"},
		{"a link is no image", "[原图](0a1b2c3d-2.jpg)", "[原图](0a1b2c3d-2.jpg)\n\n![现场](0a1b2c3d-2.jpg)", "[原图](0a1b2c3d-2.jpg)"},
		{"another photo stays", "![b](0a1b2c3d-3.jpg)", "![b](0a1b2c3d-3.jpg)\n\n![现场](0a1b2c3d-2.jpg)", "![b](0a1b2c3d-3.jpg)"},
		{"in a code block it is no image", "    ![a](0a1b2c3d-2.jpg)", "    ![a](0a1b2c3d-2.jpg)\n\n![现场](0a1b2c3d-2.jpg)", "    ![a](0a1b2c3d-2.jpg)"},
	} {
		if got := withPhoto(c.body, file, "现场"); got != c.with {
			t.Errorf("%s: withPhoto = %q, want %q", c.name, got, c.with)
		}
		if got := withoutPhoto(c.body, file); got != c.without {
			t.Errorf("%s: withoutPhoto = %q, want %q", c.name, got, c.without)
		}
	}
	if got := withPhoto("", file, `a]b\c[d<b>`+"\n"+"e"); got != `![a\]b\\c\[d\<b> e](0a1b2c3d-2.jpg)` || !showsPhoto(got, file) {
		t.Errorf("a title with brackets: %q", got)
	}
}

// draftWithPhoto saves mine1-admin's declaration with a photo shown in its body and a PDF,
// and returns the draft's id.
func draftWithPhoto(t *testing.T, f *fixture) string {
	t.Helper()
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("action", "save")
	v.Set("proof_title", "现场照片")
	v.Set("proof_show", "1")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", v, []upload{{"proof", "xianchang.png", pngPhoto("皮带")}}, c); w.Code != http.StatusOK {
		t.Fatalf("saving a draft with a photo: %d %s", w.Code, statusLine(w.Body.String()))
	}
	dr := newestDraft(t, f)
	v = declaration2026()
	v.Set("action", "save")
	v.Set("draft", dr.ID)
	v.Set("body", dr.Form.Body)
	v.Set("proof_title", "")
	setShown(v, dr.Proofs[0])
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", v, []upload{{"proof", "应用证明.pdf", pdf("证明")}}, c); w.Code != http.StatusOK {
		t.Fatalf("adding a PDF: %d %s", w.Code, statusLine(w.Body.String()))
	}
	return dr.ID
}

// TestPublicPhotoWithLocationIsPointedOut: a proof photo made public that records where it
// was taken gets a reminder beside the proofs each time the form shows it (the site would
// publish the place); the draft is saved and may still be submitted, and a photo that is
// not public gets none.
// TestPublicPhotoLeavesItsLocationOut: a photo proof made public (by its box, or by the
// box that shows it in the body) is kept without the place it was taken, and its SHA-256
// is that of the bytes kept, so that the site never publishes where a workshop or a home
// is; a photo kept for the experts alone keeps its bytes until it is made public.
func TestPublicPhotoLeavesItsLocationOut(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	located := testtree.PhotoWithLocation()
	clean := content.WithoutLocation(located)
	sum := func(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }
	const told = "工作台已把它去掉"
	for _, public := range []bool{false, true} {
		v := declaration2026()
		v.Set("action", "save")
		if public {
			v.Set("proof_public", "1")
		}
		w := f.postMultipart("/unit/kuangqu-mine1/declare", v, []upload{{"proof", "xianchang.jpg", located}}, c)
		page := w.Body.String()
		dr := newestDraft(t, f)
		want := sum(located)
		if public {
			want = sum(clean)
		}
		if w.Code != http.StatusOK || len(dr.Proofs) != 1 || dr.Proofs[0].SHA256 != want || dr.Proofs[0].Size != int64(len(clean)) && public {
			t.Fatalf("public %v: %d %s; proofs %+v, want sha256 %s", public, w.Code, statusLine(page), dr.Proofs, want)
		}
		kept, err := f.s.drafts.readProof("mine1-admin", "kuangqu-mine1", want)
		if err != nil || content.PhotoLocation(kept) == public {
			t.Errorf("public %v: the kept proof records a location: %v (%v)", public, content.PhotoLocation(kept), err)
		}
		if strings.Contains(page, told) != public || strings.Contains(page, "带有拍摄地点") {
			t.Errorf("public %v: the page says %q: %v; reminds: %v", public, told, strings.Contains(page, told), strings.Contains(page, "带有拍摄地点"))
		}
		if public {
			continue
		}
		// Made public later, by the box that shows it in the body: left out then.
		v.Set("draft", dr.ID)
		setShown(v, dr.Proofs[0])
		v.Set("action", "submit")
		if w := f.postMultipart("/unit/kuangqu-mine1/declare", v, nil, c); w.Code != http.StatusSeeOther {
			t.Fatalf("submit: %d %s", w.Code, statusLine(w.Body.String()))
		}
		proposed := f.forge("mine1-admin").proposed
		var photo, md []byte
		for name, data := range proposed[len(proposed)-1].Files {
			switch {
			case strings.HasSuffix(name, ".jpg"):
				photo = data
			case strings.HasSuffix(name, ".md"):
				md = data
			}
		}
		if !bytes.Equal(photo, clean) || !strings.Contains(string(md), "sha256: "+sum(clean)) {
			t.Errorf("proposed a photo of %d bytes (location %v), its declaration:\n%s", len(photo), content.PhotoLocation(photo), md)
		}
	}
}

// TestLocatedPhotoOverTheCeilingIsPointedOut: a public photo the desk cannot keep again
// without its place (the person's ceiling of proofs reached) stays as it was, and the form
// reminds him that the site would publish where it was taken.
func TestLocatedPhotoOverTheCeilingIsPointedOut(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	located := testtree.PhotoWithLocation()
	f.s.drafts.quota = int64(len(located)) + 10 // room for the upload, none for a second copy
	v := declaration2026()
	v.Set("action", "save")
	v.Set("proof_public", "1")
	w := f.postMultipart("/unit/kuangqu-mine1/declare", v, []upload{{"proof", "xianchang.jpg", located}}, c)
	h := sha256.Sum256(located)
	dr := newestDraft(t, f)
	if w.Code != http.StatusOK || len(dr.Proofs) != 1 || dr.Proofs[0].SHA256 != hex.EncodeToString(h[:]) {
		t.Fatalf("%d %s; proofs %+v", w.Code, statusLine(w.Body.String()), dr.Proofs)
	}
	if page := w.Body.String(); !strings.Contains(page, "提醒：公开的照片“应用证明”带有拍摄地点") || strings.Contains(page, "工作台已把它去掉") {
		t.Errorf("no reminder, or told it was left out: %s", statusLine(page))
	}
}

// A form shown before the draft's proofs changed elsewhere (a second tab, or the phone and
// the computer) changes none of the proofs it did not show: the person deletes a public
// photo in one tab and uploads a private scan of an ID card, then saves the other tab's
// form, whose photo boxes were ticked. The scan stays private and out of the body, under a
// name the photo never had. Before, the boxes were numbered by place and the scan took the
// photo's place and name: it became public, shown in the body, and would be published.
func TestStaleFormLeavesOtherProofsAlone(t *testing.T) {
	f := newFixture(t, "2026-09-15")
	c := f.as("mine1-admin")
	v := declaration2026()
	v.Set("action", "save")
	v.Set("proof_title", "现场照片")
	v.Set("proof_show", "1")
	f.postMultipart("/unit/kuangqu-mine1/declare", v, []upload{{"proof", "site.png", pngPhoto("现场")}}, c)
	shown := newestDraft(t, f) // what the first tab's form shows
	photo := shown.Proofs[0]
	if !photo.Public || !showsPhoto(shown.Form.Body, photo.File) {
		t.Fatalf("the photo: %+v\n%s", photo, shown.Form.Body)
	}

	second := resaved(shown)
	second.Set("proof_title_"+photo.File, photo.Title)
	second.Set("proof_remove_"+photo.File, "1")
	second.Set("proof_title", "身份证（不公开）")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", second, []upload{{"proof", "idcard.png", pngPhoto("身份证")}}, c); w.Code != http.StatusOK {
		t.Fatalf("the second tab: %d %s", w.Code, statusLine(w.Body.String()))
	}
	scan := newestDraft(t, f).Proofs[0]
	if scan.File == photo.File || scan.Public {
		t.Fatalf("the scan %+v took the deleted photo's name %s, or is public", scan, photo.File)
	}
	more := resaved(newestDraft(t, f)) // and, in the same tab, a public PDF
	more.Set("proof_title_"+scan.File, scan.Title)
	more.Set("proof_title", "效益证明")
	more.Set("proof_public", "1")
	f.postMultipart("/unit/kuangqu-mine1/declare", more, []upload{{"proof", "xiaoyi.pdf", pdf("效益")}}, c)
	benefit := newestDraft(t, f).Proofs[1]
	if !benefit.Public {
		t.Fatalf("the public PDF: %+v", benefit)
	}

	first := resaved(shown)
	setShown(first, photo)
	first.Set("proof_public_"+photo.File, "1")
	if w := f.postMultipart("/unit/kuangqu-mine1/declare", first, nil, c); w.Code != http.StatusOK {
		t.Fatalf("the first tab: %d %s", w.Code, statusLine(w.Body.String()))
	}
	dr := newestDraft(t, f)
	if len(dr.Proofs) != 2 || dr.Proofs[0] != scan || dr.Proofs[1] != benefit || showsPhoto(dr.Form.Body, scan.File) {
		t.Errorf("after the first tab's form: proofs %+v (were %+v, %+v), the body shows the scan: %v", dr.Proofs, scan, benefit, showsPhoto(dr.Form.Body, scan.File))
	}
}

// A new proof's name has a number no proof of the draft had before, also in a draft kept
// before the desk counted them (Named 0).
func TestProofNamesAreNeverGivenTwice(t *testing.T) {
	dr := &draft{ID: "20a757fc-0000", Proofs: []proof{{File: "20a757fc-3.jpg"}, {File: "20a757fc-1.pdf"}}}
	if got := proofName(dr, ".png"); got != "20a757fc-4.png" || dr.Named != 4 {
		t.Errorf("an old draft: %s, Named %d", got, dr.Named)
	}
	dr.Proofs = nil // all deleted
	if got := proofName(dr, ".pdf"); got != "20a757fc-5.pdf" {
		t.Errorf("after the proofs were deleted: %s", got)
	}
}

// setShown sets the fields of photo p in v as its form sends them with the box that shows it
// in the body ticked (its public box is the caller's).
func setShown(v url.Values, p proof) {
	v.Set("proof_title_"+p.File, p.Title)
	v.Set("proof_showable_"+p.File, "1")
	v.Set("proof_show_"+p.File, "1")
}

// resaved is kuangqu-mine1's declaration2026 as its form posts it to save draft dr again:
// the draft's id, and its body as the form shows it.
func resaved(dr *draft) url.Values {
	v := declaration2026()
	v.Set("action", "save")
	v.Set("draft", dr.ID)
	v.Set("body", dr.Form.Body)
	return v
}
