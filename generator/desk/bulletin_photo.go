package desk

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"wuxiao/generator/content"
)

// maxBulletinPhotos bounds the photos one bulletin post carries (the request's bound holds
// two of the largest).
const maxBulletinPhotos = 2

// bulletinPhoto is a photo posted with a bulletin, named beside it.
type bulletinPhoto struct {
	name string
	data []byte
}

// readBulletinPhotos reads the photos posted with the bulletin slug in folder dir: JPG or
// PNG by their bytes, at most maxBulletinPhotos of at most maxProof each, named
// <slug>-<n>.<ext> where fsys has no such file, without the blocks that record where they
// were taken (a phone's GPS). Refusals are findings at the photo field.
func readBulletinPhotos(r *http.Request, fsys fs.FS, dir, slug string) ([]bulletinPhoto, findings) {
	found := findings{ByField: map[string][]finding{}}
	refuse := func(msg string) {
		found.ByField["photo"] = append(found.ByField["photo"], finding{Field: "photo", Message: msg})
		found.Errors++
	}
	if r.MultipartForm == nil {
		return nil, found
	}
	posted := r.MultipartForm.File["photo"]
	if len(posted) > maxBulletinPhotos {
		refuse(fmt.Sprintf("每期简报通过工作台最多附 %d 张照片，这次选了 %d 张；请选出最能说明情况的 %d 张。", maxBulletinPhotos, len(posted), maxBulletinPhotos))
		return nil, found
	}
	var photos []bulletinPhoto
	n := 1
	for _, fh := range posted {
		var data bytes.Buffer
		ext, _, _, err := readProof(fh, &data)
		if err == nil && !strings.HasPrefix(proofTypes[ext], "image/") {
			err = fmt.Errorf("“%s”不是 JPG 或 PNG 照片（按文件内容判断）；简报正文只能显示照片", path.Base(fh.Filename))
		}
		if err != nil {
			refuse(err.Error())
			continue
		}
		name := ""
		for ; name == "" || exists(fsys, path.Join(dir, name)); n++ {
			name = fmt.Sprintf("%s-%d%s", slug, n, ext)
		}
		photos = append(photos, bulletinPhoto{name: name, data: content.WithoutLocation(data.Bytes())}) // a bulletin's photo is public
	}
	return photos, found
}

// photoTitle is the description the person gave the photos, or a plain one.
func photoTitle(r *http.Request) string {
	if t := strings.TrimSpace(textOf(r, "photo_title")); t != "" {
		return t
	}
	return "简报照片"
}

// againPhotos asks a person whose bulletin was not proposed to choose its photos again
// (a page cannot fill a file field), when he had chosen some.
func againPhotos(r *http.Request) string {
	if r.MultipartForm == nil || len(r.MultipartForm.File["photo"]) == 0 {
		return ""
	}
	return "照片没有保存：改正后请重新选择照片再提交。"
}
