package render

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"html"
	"slices"
	"strings"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/digest"
)

// DOCX writes the document as a Word file (WordprocessingML, which WPS and LibreOffice
// open too): the title in 小标宋 size 二号, the text in 仿宋 三号 as official documents are
// set, the list as tables, the organizers and date at the end. The same text gives the
// same bytes: every part has a fixed date.
func (d *Decision) DOCX() ([]byte, error) { return d.DOCXWith(nil) }

// DOCXWith is DOCX, taking the deflated pieces of the annex's rows from kept when it has
// them and giving it those it deflates (nil: none kept). Either way the bytes are the
// same: the document part is always deflated in the same pieces (see docPieces).
func (d *Decision) DOCXWith(kept Deflates) ([]byte, error) {
	var df deflater
	var doc []Deflated // word/document.xml, piece by piece
	var rows bytes.Buffer
	for _, p := range d.docPieces() {
		if p.g == nil {
			doc = append(doc, df.deflate(p.text, nil, p.last))
			continue
		}
		key := ""
		if kept != nil {
			key = rowsKey(p)
			if c, ok := kept.Deflated(key); ok {
				doc = append(doc, c)
				continue
			}
		}
		rows.Reset()
		annexRows(&rows, p.g, p.from, p.to)
		c := df.deflate(rows.Bytes(), p.dict, false)
		if kept != nil {
			kept.Deflate(key, c)
		}
		doc = append(doc, c)
	}

	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, part := range []struct {
		name   string
		pieces []Deflated
	}{
		{"[Content_Types].xml", []Deflated{df.deflate([]byte(contentTypes), nil, true)}},
		{"_rels/.rels", []Deflated{df.deflate([]byte(rootRels), nil, true)}},
		{"word/_rels/document.xml.rels", []Deflated{df.deflate([]byte(documentRels), nil, true)}},
		{"word/document.xml", doc},
		{"word/styles.xml", []Deflated{df.deflate([]byte(docStyles), nil, true)}},
	} {
		fh := zipHeader(part.name)
		for _, c := range part.pieces {
			fh.CRC32 = crc32Combine(fh.CRC32, c.CRC, c.Size)
			fh.CompressedSize64 += uint64(len(c.Bytes))
			fh.UncompressedSize64 += uint64(c.Size)
		}
		// Raw, with the sizes and CRC-32 in the local header (no data descriptor after
		// the data), as Word writes its own files.
		w, err := z.CreateRaw(fh)
		if err != nil {
			return nil, err
		}
		for _, c := range part.pieces {
			if _, err := w.Write(c.Bytes); err != nil {
				return nil, err
			}
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// zipHeader is the header of a part deflated beforehand, as archive/zip's CreateHeader
// makes one (version 2.0, the fixed date 2000-01-01 in MS-DOS form and as an extended
// timestamp), which CreateRaw leaves to its caller.
func zipHeader(name string) *zip.FileHeader {
	stamp := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	extra := binary.LittleEndian.AppendUint16(nil, 0x5455) // extended timestamp: its id, size, flags (the time of change) and the time
	extra = binary.LittleEndian.AppendUint16(extra, 5)
	extra = append(extra, 1)
	extra = binary.LittleEndian.AppendUint32(extra, uint32(stamp.Unix()))
	return &zip.FileHeader{Name: name, Method: zip.Deflate, CreatorVersion: 20, ReaderVersion: 20, Modified: stamp,
		ModifiedDate: uint16((stamp.Year()-1980)<<9 | int(stamp.Month())<<5 | stamp.Day()), Extra: extra}
}

// Deflates keeps the deflated pieces of decisions' annexes between builds, by a key that
// hashes the rows a piece holds (wuxiao build --cache): a result changed re-deflates
// only the piece of its row, not the whole list.
type Deflates interface {
	Deflated(key string) (Deflated, bool)
	Deflate(key string, d Deflated)
}

// Deflated is a piece of a part deflated on its own: raw deflate ending byte-aligned, by
// a sync flush (an empty stored block, not final) or, for a part's last piece, by the
// final block; such pieces joined in order are the part's deflate stream.
type Deflated struct {
	Bytes []byte
	CRC   uint32 // CRC-32 of the piece's text
	Size  int64  // the text's length
}

// annexPiece is how many rows of an award's table are deflated together: a result
// changed costs making and deflating this many rows again (about 0.4 MB of XML, a
// millisecond or two). Each piece has its own code tables and sees only annexDict bytes
// of the text before it, so the part grows by about 0.7 % at 10,000 results (64 rows
// without that: 21 %).
const annexPiece = 512

// annexDict is how much of the text just before a piece of rows its deflating may refer
// back to (the piece's dictionary: the end of the rows, or of the heading, before it).
const annexDict = 4 << 10

// docPiece is a piece of word/document.xml: text, or rows [from, to) of the table of
// award g deflated with dict, the text just before them. The last piece ends the stream.
type docPiece struct {
	text     []byte
	g        *AwardGroup
	from, to int
	dict     []byte
	last     bool
}

// docPieces is word/document.xml in the pieces it is deflated in: the text before,
// between and after the tables, and each table's rows, annexPiece at a time, counted
// from the top of the award's table (a row changed, added or removed changes the pieces
// of its award from its own on, numbers included, and no other).
func (d *Decision) docPieces() []docPiece {
	var pieces []docPiece
	var body bytes.Buffer
	para := func(text string, style string) {
		body.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr><w:r><w:t xml:space="preserve">` + html.EscapeString(text) + `</w:t></w:r></w:p>`)
	}
	body.WriteString(xmlHead + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
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
	for _, g := range d.Groups {
		para(g.Award+"（"+itoa(len(g.Results))+" 项）", "Heading")
		body.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="8840" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
		for _, w := range annexWidths {
			body.WriteString(`<w:gridCol w:w="` + itoa(w) + `"/>`)
		}
		body.WriteString(`</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>`)
		for i, h := range []string{"序号", "成果名称", "完成单位", "完成人"} {
			annexCell(&body, h, true, annexWidths[i])
		}
		body.WriteString(`</w:tr>`)
		for from := 0; from < len(g.Results); from += annexPiece {
			dict := body.Bytes()
			if from > 0 {
				var before bytes.Buffer
				annexRows(&before, g, max(0, from-annexDict/256), from) // rows are longer than 256 bytes
				dict = before.Bytes()
			}
			dict = bytes.Clone(dict[max(0, len(dict)-annexDict):])
			pieces = append(pieces, docPiece{text: bytes.Clone(body.Bytes())}, docPiece{g: g, from: from, to: min(from+annexPiece, len(g.Results)), dict: dict})
			body.Reset()
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
	body.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`)
	pieces = append(pieces, docPiece{text: body.Bytes(), last: true})
	return slices.DeleteFunc(pieces, func(p docPiece) bool { return p.g == nil && len(p.text) == 0 })
}

// documentXML is word/document.xml whole.
func (d *Decision) documentXML() string {
	var b bytes.Buffer
	for _, p := range d.docPieces() {
		if p.g != nil {
			annexRows(&b, p.g, p.from, p.to)
		} else {
			b.Write(p.text)
		}
	}
	return b.String()
}

// annexWidths are the annex's columns in twips, 8840 in all: the text width of an A4
// page with official margins.
var annexWidths = [4]int{700, 3300, 2700, 2140}

// annexRow is what row i of award g's table is made of: its number and the result's
// title, unit and authors. Its XML (annexRows) and the key of its piece (rowsKey) are
// made of these alone, each from the same values.
func annexRow(g *AwardGroup, i int) (number int, title, unit string, authors []content.Author) {
	r := g.Results[i]
	return i + 1, r.Title, r.Unit.Name, r.Authors
}

// annexRows writes rows [from, to) of award g's table.
func annexRows(b *bytes.Buffer, g *AwardGroup, from, to int) {
	for i := from; i < to; i++ {
		number, title, unit, authors := annexRow(g, i)
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for c, text := range [4]string{itoa(number), title, unit, authorNames(authors)} {
			annexCell(b, text, false, annexWidths[c])
		}
		b.WriteString(`</w:tr>`)
	}
}

// annexCell writes a cell of the annex's tables.
func annexCell(b *bytes.Buffer, text string, header bool, width int) {
	bold := ""
	if header {
		bold = `<w:rPr><w:b/></w:rPr>`
	}
	b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + itoa(width) + `" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="Cell"/></w:pPr><w:r>` + bold + `<w:t xml:space="preserve">`)
	b.WriteString(html.EscapeString(text))
	b.WriteString(`</w:t></w:r></w:p></w:tc>`)
}

// rowsKey names the deflated piece of rows p by what they are made of (annexRow, taken
// as it is, without making the cells' text) and what their deflating refers back to
// (p.dict).
func rowsKey(p docPiece) string {
	h := digest.New()
	b := append([]byte("annex rows v2\x00"), p.dict...)
	text := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for i := p.from; i < p.to; i++ {
		number, title, unit, authors := annexRow(p.g, i)
		b = binary.AppendUvarint(b, uint64(number))
		text(title)
		text(unit)
		b = binary.AppendUvarint(b, uint64(len(authors)))
		for _, a := range authors {
			text(a.Name)
		}
		if len(b) > 4<<10 {
			h.Write(b)
			b = b[:0]
		}
	}
	h.Write(b)
	return "annex-" + hex.EncodeToString(h.Sum(nil))
}

// deflater deflates the pieces of a .docx, with one compressor for the pieces that have
// no dictionary (a compressor is made for each dictionary).
type deflater struct {
	w   *flate.Writer
	out bytes.Buffer
}

// deflate deflates text on its own, as if dict had come just before it, at the level
// archive/zip uses, ending with a sync flush, or with the final block when last.
func (df *deflater) deflate(text, dict []byte, last bool) Deflated {
	df.out.Reset()
	w := df.w
	switch {
	case len(dict) > 0:
		w, _ = flate.NewWriterDict(&df.out, 5, dict) // archive/zip's level; 5 is valid
	case w == nil:
		w, _ = flate.NewWriter(&df.out, 5)
		df.w = w
	default:
		w.Reset(&df.out)
	}
	w.Write(text) // a bytes.Buffer takes all
	if last {
		w.Close()
	} else {
		w.Flush()
	}
	return Deflated{Bytes: bytes.Clone(df.out.Bytes()), CRC: crc32.ChecksumIEEE(text), Size: int64(len(text))}
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
