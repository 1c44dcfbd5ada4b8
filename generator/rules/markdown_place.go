package rules

import (
	"fmt"
	"math"
	"path"
	"strings"

	"wuxiao/generator/content"
)

// placeKind is the kind of file a body is in, which decides what the site publishes
// beside its page.
type placeKind int

const (
	placeUnknown    placeKind = iota // nothing is asked of relative destinations
	placeSubmission                  // its public proofs (attachments with public: true)
	placeCase                        // the images beside the case's file
	placeBulletin                    // the images beside the bulletins' files
	placePage                        // the images beside the pages' files
)

// bodyPlace is what a body's images and relative links can name on the site. The site's
// pages never fetch anything from another host (a reader's visit would be seen there,
// and an image there can be changed after the content was reviewed), and a relative
// image or link that names nothing the site publishes shows a broken image or a page
// that does not exist.
type bodyPlace struct {
	kind        placeKind
	attachments []content.Attachment // a submission's
	dir         string               // a case's, bulletin's or page's folder; a submission's unit's attachments
	files       map[string]int64     // the tree's files and their sizes
	page        string               // the site-relative address of the body's page
	site        *siteMap             // the site's pages, for relative links (nil: not asked)
	shown       map[string]bool      // where the images beside cases, bulletins and pages a body shows are noted
}

// maxBodyImage is the size past which an image a page shows is worth a warning: every
// reader of the page on a phone downloads it, often on mobile data.
const maxBodyImage = 1 << 20

// imageWeight warns of the image at dest, one the site shows, when it is larger than
// maxBodyImage; "" otherwise.
func (p bodyPlace) imageWeight(dest string) string {
	name := content.LocalFile(dest)
	size, ok := p.files[path.Join(p.dir, name)]
	if name == "" || !ok || size <= maxBodyImage {
		return ""
	}
	return fmt.Sprintf("图片 %q 有 %.1f MiB，读者在手机上打开这一页都要下载它；请把它压缩到 1 MiB 以内（原图可以作为另一份证明材料，用链接引用）", clip(dest, 40), math.Ceil(float64(size)*10/(1<<20))/10) // rounded up: never "1.0 MiB" over the 1 MiB
}

// imageProblem says why the image at dest cannot show on the site, or "".
func (p bodyPlace) imageProblem(dest string) string {
	if p.kind == placeUnknown {
		return ""
	}
	name := content.LocalFile(dest)
	if name == "" {
		if !isWebAddress(dest) {
			return "" // mailto: and the like show no image and fetch nothing; a //host is refused already
		}
		return fmt.Sprintf("图片 %q 在其他网站上：网站的页面不从其他网站取文件（读者打开页面时对方会记下这次访问，图片也可能在审核之后被换掉）；%s", clip(dest, 40), p.imageAdvice())
	}
	switch p.kind {
	case placeSubmission:
		a := p.attachment(name)
		switch {
		case a == nil:
			return fmt.Sprintf("图片 %q 不是本成果的证明材料，网站上没有它；请把图片加入 attachments（写上 public: true），再用它的 file 引用", clip(dest, 40))
		case !content.IsImageFile(name):
			return fmt.Sprintf("证明材料 %q 不是图片（只有 jpg、jpeg、png 能显示为图片）；请去掉开头的“!”，写成链接 [%s](%s)", clip(dest, 40), a.Title, dest)
		case !a.Public:
			return fmt.Sprintf("图片 %q 是不公开的证明材料：网站不发布它，读者只会看到一个坏图；请在 attachments 里给它加上 public: true，或删去这张图", clip(dest, 40))
		}
	case placeCase, placePage, placeBulletin:
		file := path.Join(p.dir, name)
		size, ok := p.files[file]
		if !ok || strings.Contains(name, "/") || !content.IsImageFile(name) {
			return fmt.Sprintf("图片 %q 不在本%s文件旁边，网站上没有它；请把 jpg 或 png 图片放在 %s/ 下，再用文件名引用", clip(dest, 40), p.noun(), p.dir)
		}
		if size > content.MaxAttachment { // the build copies no larger file (a proof's is refused by rule attachment)
			return fmt.Sprintf("图片 %q 过大（%.1f MiB），上限为 20 MiB；请压缩到 1 MiB 以内", clip(dest, 40), float64(size)/(1<<20))
		}
	}
	return ""
}

// linkProblem says why the relative link at dest leads nowhere on the site, or "": only
// links to a submission's own proofs are known, and only those that are not public lead
// nowhere.
func (p bodyPlace) linkProblem(dest string) string {
	if p.kind != placeSubmission {
		return ""
	}
	name := content.LocalFile(dest)
	if a := p.attachment(name); name != "" && a != nil && !a.Public {
		return fmt.Sprintf("链接 %q 指向不公开的证明材料：网站不发布它，读者会打开一个不存在的地址；请在 attachments 里给它加上 public: true，或删去这个链接", clip(dest, 40))
	}
	return ""
}

// attachment is the submission's proof whose file is name, or nil.
func (p bodyPlace) attachment(name string) *content.Attachment {
	for i := range p.attachments {
		if path.Clean(p.attachments[i].File) == name {
			return &p.attachments[i]
		}
	}
	return nil
}

// imageAdvice says where an image of this kind of body belongs instead.
func (p bodyPlace) imageAdvice() string {
	switch p.kind {
	case placeSubmission:
		return "请把图片加入本成果的证明材料（attachments，写上 public: true），再用文件名引用，例如 ![现场照片](xianchang.jpg)"
	}
	return "请把图片放在本" + p.noun() + "文件旁边，再用文件名引用，例如 ![现场照片](xianchang.jpg)"
}

// noun names the kind of body in a finding.
func (p bodyPlace) noun() string {
	switch p.kind {
	case placeBulletin:
		return "工作简报"
	case placeCase:
		return "典型案例"
	}
	return "页面"
}

// isWebAddress tells whether dest is an http(s) address of another host.
func isWebAddress(dest string) bool {
	lower := strings.ToLower(strings.TrimSpace(dest))
	return strings.HasPrefix(lower, "http:") || strings.HasPrefix(lower, "https:")
}
