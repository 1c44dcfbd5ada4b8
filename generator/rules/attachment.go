package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// checkAttachments keeps proof materials honest [六(三)]: inside the unit's folder, present,
// of an accepted type and size, and exactly the file whose sha256 was declared.
func checkAttachments(ctx *Context, out *diag.List) {
	used := map[string]bool{}
	var photoHead []byte // read again for each public photo: the head PhotoLocation reads
	dirs := attachmentDirs{}
	for _, y := range ctx.Tree.Years {
		for _, s := range y.Submissions {
			if len(s.Attachments) == 0 {
				continue
			}
			dir := dirs.of(y.Year, s.Unit)
			for _, a := range s.Attachments {
				if a.File == "" {
					continue
				}
				p, problem := attachmentPath(dir, a.File)
				pos := a.Pos.At("file")
				if problem != "" {
					out.Errorf(pos, "attachment", "证明材料路径 %q %s", a.File, problem)
					continue
				}
				used[p] = true
				var head []byte
				if a.Public && content.IsImageFile(p) {
					if photoHead == nil {
						photoHead = make([]byte, content.PhotoHead)
					}
					head = photoHead
				}
				checkAttachmentFile(ctx, p, dir, a.SHA256, a.Pos.At("sha256"), pos, head, out)
			}
		}
	}
	for p := range ctx.Tree.Files {
		if strings.Contains(p, "/attachments/") && !used[p] && !underBroken(ctx, p) {
			out.Warnf(diag.FileStart(p), "attachment", "这份证明材料没有被任何成果引用")
		}
	}
}

// attachmentPath joins a declared file name to its unit's folder, refusing escapes.
func attachmentPath(dir, file string) (string, string) {
	switch {
	case strings.Contains(file, "\\"):
		return "", "不能含有反斜杠 \\，请用 /"
	case strings.HasPrefix(file, "/") || (len(file) > 1 && file[1] == ':'):
		return "", "不能是绝对路径，应相对于本单位的证明材料目录 " + dir + "/"
	}
	for _, part := range strings.Split(file, "/") {
		if part == ".." {
			return "", "不能含有 ..，证明材料必须放在本单位的目录 " + dir + "/ 内"
		}
	}
	if !slices.Contains(content.AttachmentTypes, strings.ToLower(path.Ext(file))) {
		return "", "不是可接受的格式（只接受 pdf、jpg、jpeg、png）"
	}
	return path.Clean(dir + "/" + file), ""
}

// checkAttachmentFile checks the proof at p; with a photoHead to read it into (a public
// photo), also that it does not publish where it was taken.
func checkAttachmentFile(ctx *Context, p, dir, want string, shaPos, pos diag.Pos, photoHead []byte, out *diag.List) {
	fsys := ctx.Tree.FS
	size, ok := ctx.Tree.Files[p]
	if ctx.Tree.Refused[p] || refusedFolder(ctx.Tree, p) {
		out.Errorf(pos, "attachment", "证明材料 %s 是符号链接或不是普通文件，不能作为证明材料发布；请放入文件本身", p)
		return
	}
	if !ok {
		out.Errorf(pos, "attachment", "找不到证明材料 %s", p)
		return
	}
	if size > content.MaxAttachment {
		out.Errorf(pos, "attachment", "证明材料 %s 过大（%.1f MiB），上限为 20 MiB", p, float64(size)/(1<<20))
		return
	}
	want = strings.ToLower(strings.TrimSpace(want))
	if len(want) != 64 || strings.Trim(want, "0123456789abcdef") != "" {
		out.Errorf(shaPos, "attachment", "sha256 应为 64 位十六进制数字（可用 sha256sum 命令计算）")
		return
	}
	f, err := fsys.Open(p)
	if err != nil {
		out.Errorf(pos, "attachment", "无法读取证明材料 %s：%v", p, err)
		return
	}
	defer f.Close()
	h := sha256.New()
	head := photoHead
	if head == nil {
		head = make([]byte, 8)
	}
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	h.Write(head)
	if _, err := io.Copy(h, io.LimitReader(f, content.MaxAttachment+1)); err != nil {
		out.Errorf(pos, "attachment", "无法读取证明材料 %s：%v", p, err)
		return
	}
	if kind, ok := attachmentMagic(path.Ext(p), head); !ok {
		out.Errorf(pos, "attachment", "证明材料 %s 的内容不是 %s 文件（按文件开头的字节判断）；请上传真实的 %s 文件", p, kind, kind)
		return
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		out.Errorf(shaPos, "attachment", "证明材料 %s 的 SHA-256 为 %s，与申报的不一致；文件可能被替换或改动过", p, got)
	}
	if photoHead != nil && content.PhotoLocation(head) {
		out.Warnf(pos, "attachment", "公开的照片 %s %s", p, locationAdvice)
	}
}

// locationAdvice says what a photo's location does once published and how to leave it out.
const locationAdvice = "带有拍摄地点（照片信息里的 GPS 坐标），会随网站公开，任何人下载照片都能看到在哪里拍的；请在手机相机的设置中关闭“位置信息”（或“地理位置”）后重新拍摄，或先把照片的位置信息删除后再上传"

// refusedFolder reports whether a folder on the way to p is a refused link.
func refusedFolder(t *content.Tree, p string) bool {
	for dir := path.Dir(p); dir != "." && dir != "content"; dir = path.Dir(dir) {
		if t.Refused[dir] {
			return true
		}
	}
	return false
}

// attachmentMagic checks a file's first bytes against its extension's format and names
// the format.
func attachmentMagic(ext string, head []byte) (string, bool) {
	switch strings.ToLower(ext) {
	case ".pdf":
		return "PDF", bytes.HasPrefix(head, []byte("%PDF-"))
	case ".png":
		return "PNG", bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n"))
	case ".jpg", ".jpeg":
		return "JPEG", bytes.HasPrefix(head, []byte("\xff\xd8\xff"))
	}
	return strings.TrimPrefix(ext, "."), false
}

// fileHead reads a file's first bytes (none when it cannot be read).
func fileHead(fsys fs.FS, p string) []byte {
	f, err := fsys.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	return head[:n]
}

// underBroken tells whether attachment p belongs to a unit whose submission of that year
// could not be read: it may well be referenced there.
func underBroken(ctx *Context, p string) bool {
	pl := content.Classify(p)
	return pl.Year != 0 && ctx.Tree.BrokenUnit(pl.Year, pl.Owner)
}

// attachmentDirs holds each unit's folder of proofs in a year (its Place's Dir, without
// the slash), made once a unit rather than once a submission: some 2 µs each, a twentieth
// of a cold build's rules at 10,000 results.
type attachmentDirs map[attachmentOwner]string

type attachmentOwner struct {
	year int
	unit string
}

// of is unit's folder of proofs in year.
func (m attachmentDirs) of(year int, unit string) string {
	k := attachmentOwner{year, unit}
	if d, ok := m[k]; ok {
		return d
	}
	d := strings.TrimSuffix(content.Place{Kind: content.KindAttachment, Year: year, Owner: unit}.Dir(), "/")
	m[k] = d
	return d
}
