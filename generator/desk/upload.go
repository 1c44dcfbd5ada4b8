package desk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"unicode"

	"wuxiao/generator/content"
)

// maxProof is the contract's limit on one proof material (rule attachment): 20 MiB.
const maxProof = content.MaxAttachment

// maxProofs bounds the proofs of one draft: each is a file of its pull request and a call
// to the forge when that is opened (a blob on GitHub, a look-up on Gitea).
const maxProofs = 20

// maxRequest bounds a whole form post: two proofs at the limit plus the text.
const maxRequest = 2*maxProof + 1<<20

// sniff names a proof's type by its first bytes, never by the name it was sent with.
func sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return ".pdf"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return ".png"
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return ".jpg"
	}
	return ""
}

// maxNameTitle bounds a proof's title taken from its file's name, in characters.
const maxNameTitle = 60

// titleFromName is a proof's title from the name its file was sent with: the last part of
// the path, without its extension, control and format characters (a right-to-left
// override shows "证明‮fdp.exe" as "证明exe.pdf") and slashes, at most maxNameTitle characters.
func titleFromName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.TrimSuffix(name, path.Ext(name))
	var b strings.Builder
	n := 0
	for _, r := range strings.ToValidUTF8(name, "") {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '/' || unicode.IsSpace(r) && r != ' ' {
			continue
		}
		if n++; n > maxNameTitle {
			break
		}
		b.WriteRune(r)
	}
	if t := strings.TrimSpace(b.String()); t != "" && t != "." && t != ".." {
		return t
	}
	return "证明材料"
}

// readProof reads one uploaded file into dst as it is read: at most 20 MiB, a PDF, JPEG or
// PNG by its bytes whose name, if it has an extension, says the same. It returns the
// extension, the sha256 computed here and the size; the error is a sentence for the person
// (dst may have had some bytes by then).
func readProof(fh *multipart.FileHeader, dst io.Writer) (string, string, int64, error) {
	name := path.Base(strings.ReplaceAll(fh.Filename, "\\", "/"))
	if fh.Size > maxProof {
		return "", "", 0, fmt.Errorf("“%s”有 %.1f MiB，超过了 20 MiB 的上限；请压缩或分成几份再上传", name, float64(fh.Size)/(1<<20))
	}
	f, err := fh.Open()
	if err != nil {
		return "", "", 0, fmt.Errorf("“%s”无法读取，请重新上传", name)
	}
	defer f.Close()
	head := make([]byte, 8)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", "", 0, fmt.Errorf("“%s”无法读取，请重新上传", name)
	}
	head = head[:n]
	ext := sniff(head)
	if ext == "" {
		return "", "", 0, fmt.Errorf("“%s”不是 PDF、JPG 或 PNG 文件（按文件内容判断）；请上传扫描件的 PDF 或照片", name)
	}
	claimed := strings.ToLower(path.Ext(name))
	if claimed == ".jpeg" {
		claimed = ".jpg"
	}
	if claimed != "" && claimed != ext {
		return "", "", 0, fmt.Errorf("“%s”的扩展名是 %s，内容却是 %s 文件；请上传原始文件", name, claimed, strings.TrimPrefix(ext, "."))
	}
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(h, dst), io.LimitReader(io.MultiReader(bytes.NewReader(head), f), maxProof+1))
	if err != nil {
		return "", "", 0, fmt.Errorf("“%s”无法读取，请重新上传", name)
	}
	if size > maxProof {
		return "", "", 0, fmt.Errorf("“%s”超过了 20 MiB 的上限", name)
	}
	return ext, hex.EncodeToString(h.Sum(nil)), size, nil
}

// keepUpload copies the upload fh, read by readProof as sha and size, into login's proofs
// of unit, as it is read again.
func (d *draftStore) keepUpload(login, unit string, fh *multipart.FileHeader, sha string, size int64) error {
	src, err := fh.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	return d.writeProof(login, unit, sha, size, src)
}

// readUpload reads a form post with files, of at most maxRequest bytes (files over 1 MiB
// wait on disk until the request ends). When it cannot, it answers (tooBig says what to
// do with a post over the bound, unreadable with one it cannot read), logs action on
// target refused, and returns false. After true the caller removes the files the post left.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, v *visit, action, target, tooBig, unreadable string) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxRequest)
	err := r.ParseMultipartForm(1 << 20)
	if err == nil || errors.Is(err, http.ErrNotMultipart) {
		return true
	}
	if _, over := errors.AsType[*http.MaxBytesError](err); over {
		s.audit.log(r, v.login, action, target, "refused", "request too large")
		s.fail(w, r, http.StatusRequestEntityTooLarge, tooBig)
		return false
	}
	s.fail(w, r, http.StatusBadRequest, unreadable)
	return false
}
