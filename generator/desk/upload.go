package desk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
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

// readProof reads one uploaded file: at most 20 MiB, a PDF, JPEG or PNG by its bytes whose
// name, if it has an extension, says the same. It returns the bytes, the extension and the
// sha256 computed here; the error is a sentence for the person.
func readProof(fh *multipart.FileHeader) ([]byte, string, string, error) {
	name := path.Base(strings.ReplaceAll(fh.Filename, "\\", "/"))
	if fh.Size > maxProof {
		return nil, "", "", fmt.Errorf("“%s”有 %.1f MiB，超过了 20 MiB 的上限；请压缩或分成几份再上传", name, float64(fh.Size)/(1<<20))
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", "", fmt.Errorf("“%s”无法读取，请重新上传", name)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxProof+1))
	if err != nil {
		return nil, "", "", fmt.Errorf("“%s”无法读取，请重新上传", name)
	}
	if len(data) > maxProof {
		return nil, "", "", fmt.Errorf("“%s”超过了 20 MiB 的上限", name)
	}
	ext := sniff(data)
	if ext == "" {
		return nil, "", "", fmt.Errorf("“%s”不是 PDF、JPG 或 PNG 文件（按文件内容判断）；请上传扫描件的 PDF 或照片", name)
	}
	claimed := strings.ToLower(path.Ext(name))
	if claimed == ".jpeg" {
		claimed = ".jpg"
	}
	if claimed != "" && claimed != ext {
		return nil, "", "", fmt.Errorf("“%s”的扩展名是 %s，内容却是 %s 文件；请上传原始文件", name, claimed, strings.TrimPrefix(ext, "."))
	}
	sum := sha256.Sum256(data)
	return data, ext, hex.EncodeToString(sum[:]), nil
}
