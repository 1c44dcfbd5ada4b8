package desk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"wuxiao/generator/content"
)

// A declaration's photos are shown in its body by a box beside each (no Markdown, no file
// name to know): ticked, the body ends with the photo's image; unticked or the photo
// deleted, the body has no image of it. A shown photo is public, as the check asks.

// showsPhoto tells whether body shows the image file.
func showsPhoto(body, file string) bool {
	return slices.Contains(content.BodyImages(body), file)
}

// withPhoto is body showing the image file once, as its own paragraph at the end when it
// did not show it already, described by title.
func withPhoto(body, file, title string) string {
	if showsPhoto(body, file) {
		return body
	}
	body = strings.TrimRight(body, " \t\r\n") // the form's texts are kept trimmed
	if body != "" {
		body += "\n\n"
	}
	return body + "![" + altText(title) + "](" + file + ")"
}

// withoutPhoto is body with every inline image of file taken out: a paragraph of the
// image alone goes with its blank line, an image on a line of its own goes with the line.
func withoutPhoto(body, file string) string {
	if !showsPhoto(body, file) { // a link, or an image's text in a code block, stays
		return body
	}
	name := regexp.QuoteMeta(file)
	image := `!\[(?:[^\]\\\n]|\\.)*\]\(\s*(?:<` + name + `>|` + name + `)(?:\s+"[^"\n]*")?\s*\)`
	out := regexp.MustCompile(`\n[ \t]*\n[ \t]*`+image+`[ \t]*(?:\n|$)`).ReplaceAllString(body, "\n")
	out = regexp.MustCompile(`(?m)^[ \t]*`+image+`[ \t]*(?:\n|$)`).ReplaceAllString(out, "")
	out = regexp.MustCompile(image).ReplaceAllString(out, "")
	if out == body {
		return body
	}
	return strings.TrimRight(strings.TrimLeft(out, "\r\n"), " \t\r\n")
}

// altText is title as an image's description: its brackets, backslashes and tag openers
// escaped, on one line (the site shows the description as it was typed).
func altText(title string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `<`, `\<`, "\n", " ", "\r", " ").Replace(title)
}

// leaveOutLocations keeps each public photo of dr that records where it was taken without
// the place (content.WithoutLocation: the picture and its orientation stay), as a proof of
// its own whose SHA-256 is that of the bytes kept, and gives the titles of the photos so
// changed. The site publishes a public proof byte for byte (its SHA-256 with it), so this
// is the last point where the place can go. A photo it cannot keep again (the person's
// ceiling of proofs reached) stays as it was, and the form reminds of it (locatedPhotos).
func (s *Server) leaveOutLocations(r *http.Request, login, unit string, dr *draft) (titles []string) {
	for i := range dr.Proofs {
		p := &dr.Proofs[i]
		if !s.locatedPublicPhoto(login, unit, p) {
			continue
		}
		data, err := s.drafts.readProof(login, unit, p.SHA256) // kept only within maxProof
		if err != nil {
			continue
		}
		clean := content.WithoutLocation(data)
		if content.PhotoLocation(clean) {
			continue
		}
		sum := sha256.Sum256(clean)
		sha := hex.EncodeToString(sum[:])
		if err := s.drafts.writeProof(login, unit, sha, int64(len(clean)), bytes.NewReader(clean)); err != nil {
			s.audit.log(r, login, "upload", unit+"/"+dr.ID, "refused", "location kept: "+err.Error())
			continue
		}
		s.audit.log(r, login, "upload", unit+"/"+dr.ID, "ok", "location left out: "+sha)
		p.SHA256, p.Size = sha, int64(len(clean))
		titles = append(titles, p.Title)
	}
	return titles
}

// locatedPublicPhoto tells whether p is a public photo whose kept bytes record where it
// was taken (read from their head, as check's rule attachment does).
func (s *Server) locatedPublicPhoto(login, unit string, p *proof) bool {
	return p.Public && content.IsImageFile(p.File) && content.PhotoLocation(s.drafts.proofHead(login, unit, p.SHA256))
}

// locationsLeftOut says which public photos leaveOutLocations changed.
func locationsLeftOut(titles []string) string {
	if len(titles) == 0 {
		return ""
	}
	return fmt.Sprintf("公开的照片“%s”记录了拍摄地点（照片信息里的 GPS 坐标），工作台已把它去掉，照片本身不变；网站上不会公开在哪里拍的。", strings.Join(titles, "”“"))
}

// locatedPhotos is found with a reminder at the proofs for each public photo of dr that
// records where it was taken (leaveOutLocations could not keep it without): the site would
// publish the place with it.
func (s *Server) locatedPhotos(login, unit string, dr *draft, found findings) findings {
	for _, p := range dr.Proofs {
		if !s.locatedPublicPhoto(login, unit, &p) {
			continue
		}
		if found.ByField == nil {
			found.ByField = map[string][]finding{}
		}
		found.ByField["proofs"] = append(slices.Clip(found.ByField["proofs"]), finding{Field: "proofs", Warning: true,
			Message: fmt.Sprintf("公开的照片“%s”带有拍摄地点（照片信息里的 GPS 坐标），会随网站公开，任何人下载都能看到在哪里拍的。请在手机相机的设置中关闭“位置信息”后重新拍摄，删除这张后重新上传；或不公开它。", p.Title)})
	}
	return found
}
