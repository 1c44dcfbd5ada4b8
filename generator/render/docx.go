package render

import (
	"archive/zip"
	"bytes"
	"html"
	"strings"
	"time"
)

// DOCX writes the document as a Word file (WordprocessingML, which WPS and LibreOffice
// open too): the title in 小标宋 size 二号, the text in 仿宋 三号 as official documents are
// set, the list as tables, the organizers and date at the end. The same text gives the
// same bytes: every part has a fixed date.
func (d *Decision) DOCX() ([]byte, error) {
	var body strings.Builder
	para := func(text string, style string) {
		body.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr><w:r><w:t xml:space="preserve">` + html.EscapeString(text) + `</w:t></w:r></w:p>`)
	}
	para(d.Title, "DocTitle")
	if d.Doc != "" {
		para(d.Doc, "DocNo")
	}
	if d.Salutation != "" {
		para(d.Salutation, "Salutation")
	}
	for _, p := range d.Paragraphs {
		para(p, "Body")
	}
	for _, s := range d.Sign {
		para(s, "Sign")
	}
	if d.Date != "" {
		para(d.Date, "Sign")
	}
	body.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
	para(d.Annex, "Annex")
	cell := func(text string, header bool, width int) {
		b := ""
		if header {
			b = `<w:rPr><w:b/></w:rPr>`
		}
		body.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + itoa(width) + `" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="Cell"/></w:pPr><w:r>` + b + `<w:t xml:space="preserve">` + html.EscapeString(text) + `</w:t></w:r></w:p></w:tc>`)
	}
	widths := []int{700, 3300, 2700, 2140} // twips, 8840 in all: the text width of an A4 page with official margins
	for _, g := range d.Groups {
		para(g.Award+"（"+itoa(len(g.Results))+" 项）", "Heading")
		body.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="8840" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
		for _, w := range widths {
			body.WriteString(`<w:gridCol w:w="` + itoa(w) + `"/>`)
		}
		body.WriteString(`</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>`)
		for i, h := range []string{"序号", "成果名称", "完成单位", "完成人"} {
			cell(h, true, widths[i])
		}
		body.WriteString(`</w:tr>`)
		for i, r := range g.Results {
			body.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
			cell(itoa(i+1), false, widths[0])
			cell(r.Title, false, widths[1])
			cell(r.Unit.Name, false, widths[2])
			cell(authorNames(r.Authors), false, widths[3])
			body.WriteString(`</w:tr>`)
		}
		body.WriteString(`</w:tbl>`)
	}
	if len(d.Units) > 0 {
		para("优胜单位（"+itoa(len(d.Units))+" 个）", "Heading")
		names := make([]string, len(d.Units))
		for i, u := range d.Units {
			names[i] = u.Name
		}
		para(strings.Join(names, "、"), "Body")
	}
	document := xmlHead + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`

	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	stamp := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, part := range [][2]string{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/document.xml", document},
		{"word/styles.xml", docStyles},
	} {
		w, err := z.CreateHeader(&zip.FileHeader{Name: part[0], Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(part[1])); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const contentTypes = xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`</Types>`

const rootRels = xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`

const documentRels = xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`</Relationships>`

// docStyles: 仿宋 三号 (16 pt) text with a two-character first-line indent and 28 pt lines,
// a 小标宋 二号 (22 pt) title, 黑体 headings, 仿宋 四号 tables with borders.
const docStyles = xmlHead + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="FangSong" w:hAnsi="FangSong" w:eastAsia="仿宋"/><w:sz w:val="32"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="DocTitle"><w:name w:val="文件标题"/><w:pPr><w:spacing w:before="240" w:after="240" w:line="700" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="DocNo"><w:name w:val="文号"/><w:pPr><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Salutation"><w:name w:val="主送"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="正文"/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Sign"><w:name w:val="落款"/><w:pPr><w:jc w:val="right"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Annex"><w:name w:val="附件"/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:rFonts w:ascii="SimHei" w:hAnsi="SimHei" w:eastAsia="黑体"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading"><w:name w:val="名单标题"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/></w:pPr><w:rPr><w:rFonts w:ascii="SimHei" w:hAnsi="SimHei" w:eastAsia="黑体"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Cell"><w:name w:val="表格"/><w:pPr><w:spacing w:line="360" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="28"/></w:rPr></w:style>` +
	`<w:style w:type="table" w:styleId="Grid"><w:name w:val="网格表"/><w:tblPr><w:tblBorders>` +
	`<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`</w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`
