package render

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/adler32"
	"hash/crc32"
	"html/template"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"

	"rsc.io/qr"
	"rsc.io/qr/coding"
	"rsc.io/qr/gf256"
)

// qrScale is the pixels a side of a module in the QR image: one. The page draws it
// pixelated (style.css), and Chrome prints it so (a PDF crop at 300 dpi shows sharp
// modules); a viewer that smooths it anyway blurs each edge symmetrically, so the code
// still reads at the 50 % threshold scanners use. Scale 4 took 780 bytes and 25 µs of
// deflate a code; scale 1 takes 450 and a few µs.
const qrScale = 1

// qrPNG draws text as a QR code (error correction M), the code alone, as a one-bit grey
// PNG in base64, and says its side in modules. The quiet zone of four modules the standard
// asks for is the style sheet's white padding around the image (.qr): drawn into it, it
// took 60 bytes more a certificate. The PNG is written here rather than by image/png:
// each pixel row is filtered "none" at the top of a module row and "up" (all zeros)
// below (about 300 bytes in base64; the inline SVG it replaces took 2,700, and ten
// thousand certificates carry ten thousand codes). Deflate's best compression was
// measured too: 8 bytes less a code, not worth it.
func qrPNG(text string) (string, int, error) {
	l, data, err := qrCodewords(text)
	if err != nil {
		return "", 0, err
	}
	var rows []byte
	if qrScale == 1 {
		rows = l.drawRows(data)
	} else {
		rows = qrRows(l.draw(data))
	}
	idat, err := qrIDAT(rows)
	if err != nil {
		return "", 0, err
	}
	side := l.size * qrScale
	png := make([]byte, 0, 64+len(idat))
	png = append(png, "\x89PNG\r\n\x1a\n"...)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(side))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(side))
	ihdr[8] = 1 // bit depth; colour type 0 (grey), deflate, adaptive filters, no interlace
	png = pngChunk(png, "IHDR", ihdr[:])
	png = pngChunk(png, "IDAT", idat)
	png = pngChunk(png, "IEND", nil)
	return base64.StdEncoding.EncodeToString(png), l.size, nil
}

// qrTag is the <img> of a code qrPNG drew, its text alternative 核验二维码：what.
func qrTag(png string, modules int, what string) template.HTML {
	return template.HTML(appendQRTag(make([]byte, 0, 96+len(png)+len(what)), png, modules, what))
}

// appendQRTag appends qrTag's <img> to b.
func appendQRTag(b []byte, png string, modules int, what string) []byte {
	n := strconv.Itoa(modules)
	b = append(b, `<img class="qr" src="data:image/png;base64,`...)
	b = append(b, png...)
	b = append(b, `" width="`+n+`" height="`+n+`" alt="核验二维码：`...)
	b = append(b, template.HTMLEscapeString(what)...)
	return append(b, `">`...)
}

// qrLayouts keeps the QR layout of each version (level M), ready to draw codes with:
// rsc.io/qr's Encode lays it out again for every code, half of its time, and then reads
// every module's role in it.
var qrLayouts sync.Map // coding.Version → *qrLayout

// qrLayout is a plan's drawing: the code's bitmap before its data (the patterns, and
// the mask on the data modules), and the data modules' places in it, by the bit of the
// data (and check) bytes that inverts each: what coding.Plan.Encode works out for each
// code, module by module. It keeps the check bytes' Reed-Solomon generator too, with its
// products by every byte (coding.Bits.AddCheckBytes works out the generator again for
// every code, and multiplies through the field's logarithms).
type qrLayout struct {
	plan         *coding.Plan
	size, stride int
	base         []byte
	byBit        []qrModule // each bit of the data and check bytes' module, MSB first
	rowsBase     []byte     // the PNG's rows of base (qrRows, a module a pixel)
	rowsByBit    []qrModule // each bit's module in those rows
	check        int        // check bytes to a block
	checkRow     int        // a row of times: check rounded up to 8 bytes
	times        []byte     // row c (of checkRow bytes, zeros past check): the generator, past its first coefficient, times c
}

// qrModule is a data module: its byte in the bitmap and the bit there.
type qrModule struct {
	at   uint16
	mask byte
}

func newQRLayout(plan *coding.Plan) *qrLayout {
	l := &qrLayout{plan: plan, size: len(plan.Pixel), stride: (len(plan.Pixel) + 7) &^ 7}
	l.base = make([]byte, l.stride*l.size)
	l.byBit = make([]qrModule, 8*(plan.DataBytes+plan.CheckBytes))
	l.rowsByBit = make([]qrModule, len(l.byBit))
	rowBytes := (l.size + 7) / 8
	for y, row := range plan.Pixel {
		for x, pix := range row {
			at := y*l.stride*8 + x
			if pix&coding.Black != 0 {
				l.base[at/8] |= 0x80 >> (at % 8)
			}
			if r := pix.Role(); r == coding.Data || r == coding.Check {
				l.byBit[pix.Offset()] = qrModule{uint16(at / 8), 0x80 >> (at % 8)}
				l.rowsByBit[pix.Offset()] = qrModule{uint16(y*(1+rowBytes) + 1 + x/8), 0x80 >> (x % 8)}
			}
		}
	}
	l.rowsBase = qrRows(&qr.Code{Bitmap: l.base, Size: l.size, Stride: l.stride, Scale: 8})
	l.check = plan.CheckBytes / plan.Blocks
	l.checkRow = (l.check + 7) &^ 7
	// The remainder of x^check by the generator (monic, of degree check) is the
	// generator past its first coefficient: the check bytes of the data byte 1.
	gen := make([]byte, l.check)
	gf256.NewRSEncoder(coding.Field, l.check).ECC([]byte{1}, gen)
	l.times = make([]byte, 256*l.checkRow)
	for c := 1; c < 256; c++ {
		for j, g := range gen {
			l.times[c*l.checkRow+j] = coding.Field.Mul(g, byte(c))
		}
	}
	return l
}

// draw is the code of data, its data and check bytes, as coding.Plan.Encode draws it:
// each bit set inverts its module.
func (l *qrLayout) draw(data []byte) *qr.Code {
	return &qr.Code{Bitmap: flipModules(bytes.Clone(l.base), l.byBit, data), Size: l.size, Stride: l.stride, Scale: 8}
}

// drawRows is qrRows of draw(data) at a module a pixel, drawn into the rows themselves.
func (l *qrLayout) drawRows(data []byte) []byte {
	return flipModules(bytes.Clone(l.rowsBase), l.rowsByBit, data)
}

// flipModules inverts in img the module of each bit set in data (byBit: each bit's
// module, MSB first), touching only the bits set, and returns img.
func flipModules(img []byte, byBit []qrModule, data []byte) []byte {
	for i, b := range data {
		mods := byBit[8*i : 8*i+8]
		for ; b != 0; b &= b - 1 {
			m := mods[7-bits.TrailingZeros8(b)]
			img[m.at] ^= m.mask
		}
	}
	return img
}

// addCheck appends to data, the data bytes of a code, the check bytes of each of its
// blocks, as coding.Bits.AddCheckBytes does: the remainder of the block followed by
// check zeros, divided by the generator, a step each data byte, eight bytes at a time
// (the zeros past check in a row of times leave the bytes after the remainder as they
// are).
func (l *qrLayout) addCheck(data []byte) []byte {
	nd, nb := len(data), l.plan.Blocks
	db, extra := nd/nb, nd%nb
	out := slices.Grow(data, nb*l.check)
	p := make([]byte, db+1+l.checkRow)
	for i, at := 0, 0; i < nb; i++ {
		n := db
		if i >= nb-extra {
			n++
		}
		copy(p, data[at:at+n])
		clear(p[n:])
		for k := range n {
			c := int(p[k])
			if c == 0 {
				continue
			}
			q, row := p[k+1:], l.times[c*l.checkRow:][:l.checkRow]
			for ; len(row) >= 8; q, row = q[8:], row[8:] {
				binary.LittleEndian.PutUint64(q, binary.LittleEndian.Uint64(q)^binary.LittleEndian.Uint64(row))
			}
		}
		out = append(out, p[n:n+l.check]...)
		at += n
	}
	return out
}

// qrBytes is the data bytes of text in the QR code's bytes mode in version v, padded to
// its nd data bytes, as coding.String's Encode and coding.Bits.Pad write them bit by bit:
// the mode (0100), the length (8 bits to version 9, 16 beyond), the bytes, then the end
// (0000) and the pad bytes 0xec and 0x11 in turn. The text fits (enc.Bits).
func qrBytes(text string, v coding.Version, nd int) []byte {
	b := make([]byte, 0, nd)
	n := len(text)
	var last byte // the low nibble of the byte before, which the next byte begins with
	if v <= 9 {
		b = append(b, 0x40|byte(n>>4))
		last = byte(n)
	} else {
		b = append(b, 0x40|byte(n>>12), byte(n>>4))
		last = byte(n)
	}
	for i := 0; i < n; i++ {
		b = append(b, last<<4|text[i]>>4)
		last = text[i]
	}
	b = append(b, last<<4) // then the end's four zeros, which may be cut short only where no byte is left
	for pad := byte(0xec); len(b) < nd; pad ^= 0xec ^ 0x11 {
		b = append(b, pad)
	}
	return b[:nd]
}

// qrEncode is qr.Encode(text, qr.M) with the layouts kept (TestQREncodeMatches).
func qrEncode(text string) (*qr.Code, error) {
	l, data, err := qrCodewords(text)
	if err != nil {
		return nil, err
	}
	return l.draw(data), nil
}

// qrCodewords is the layout of text's code at level M and its data and check bytes.
func qrCodewords(text string) (*qrLayout, []byte, error) {
	var enc coding.Encoding
	mode := 'b'
	switch {
	case inQRSet(text, qrDigits):
		enc, mode = coding.Num(text), 'n'
	case inQRSet(text, qrAlphanumeric):
		enc, mode = coding.Alpha(text), 'a'
	default:
		enc = coding.String(text)
	}
	v := coding.Version(coding.MinVersion)
	for ; enc.Bits(v) > v.DataBytes(coding.M)*8; v++ {
		if v == coding.MaxVersion {
			return nil, nil, errors.New("text too long to encode as QR")
		}
	}
	l, ok := qrLayouts.Load(v)
	if !ok {
		plan, err := coding.NewPlan(v, coding.M, 0)
		if err != nil {
			return nil, nil, err
		}
		l, _ = qrLayouts.LoadOrStore(v, newQRLayout(plan))
	}
	nd := v.DataBytes(coding.M)
	var data []byte
	if mode == 'b' {
		data = qrBytes(text, v, nd)
	} else {
		var b coding.Bits
		enc.Encode(&b, v)
		b.Pad(nd*8 - b.Bits())
		data = b.Bytes()
	}
	return l.(*qrLayout), l.(*qrLayout).addCheck(data), nil
}

// The characters of the QR code's numeric and alphanumeric modes.
const (
	qrDigits       = "0123456789"
	qrAlphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
)

// inQRSet reports whether every byte of text is one of set's (ASCII) characters: what
// coding.Num's and coding.Alpha's Check tell, without the error each formats with the
// whole text when it is not, twice a certificate (a sixth of drawing its code).
func inQRSet(text, set string) bool {
	for i := 0; i < len(text); i++ {
		if strings.IndexByte(set, text[i]) < 0 {
			return false
		}
	}
	return true
}

// qrRows is code's PNG scanlines, before compression: one bit a pixel, each row filtered
// "none" at the top of a module row and "up" (all zeros) below.
func qrRows(code *qr.Code) []byte {
	modules := code.Size
	side := modules * qrScale
	stride := (side + 7) / 8
	raw := make([]byte, 0, side*(1+stride))
	if qrScale == 1 { // a module a pixel: each row is the code's bitmap row, inverted (grey 1 is white)
		for y := range side {
			raw = append(raw, 0)
			for _, b := range code.Bitmap[y*code.Stride:][:stride] {
				raw = append(raw, ^b)
			}
			if r := side % 8; r != 0 { // the bits after the last pixel stay 0
				raw[len(raw)-1] &= 0xff << (8 - r)
			}
		}
		return raw
	}
	row := make([]byte, stride)
	zero := make([]byte, stride)
	for y := range side {
		if y%qrScale != 0 {
			raw = append(raw, 2) // up: the same as the row above
			raw = append(raw, zero...)
			continue
		}
		clear(row)
		for m := range modules {
			if code.Black(m, y/qrScale) {
				continue
			}
			for x := m * qrScale; x < (m+1)*qrScale; x++ {
				row[x/8] |= 0x80 >> (x % 8) // grey 1 is white
			}
		}
		raw = append(raw, 0)
		raw = append(raw, row...)
	}
	return raw
}

// zlibs keeps the deflaters of qrIDAT: a new one costs more than the image.
var zlibs = sync.Pool{New: func() any { w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed); return w }}

// Rows of storedRows bytes or so are stored, not deflated: a QR code's modules are near
// random by design (the mask), and a Huffman code of a few hundred such bytes costs more
// in its table than it saves. compress/zlib found so and stored 9,999 of the 10,000 codes
// of the synthetic site (versions 4 and 5), after building a Huffman code for each (half
// of qrPNG's time), and saved 12 bytes on the other; from version 10 (57 modules, 513
// bytes of rows), it saves about a tenth on most codes (TestStoredZlib).
const (
	storedRowsMin = 128 // below, compress/zlib codes them at once without looking for repeats
	storedRowsMax = 450 // versions 3 to 9
)

// qrIDAT is the zlib stream of a code's rows: storedZlib for the usual sizes, else
// compress/zlib's at BestSpeed.
func qrIDAT(rows []byte) ([]byte, error) {
	if len(rows) >= storedRowsMin && len(rows) <= storedRowsMax {
		return storedZlib(rows), nil
	}
	var idat bytes.Buffer
	zw := zlibs.Get().(*zlib.Writer)
	zw.Reset(&idat)
	_, err := zw.Write(rows)
	if err == nil {
		err = zw.Close()
	}
	zlibs.Put(zw)
	return idat.Bytes(), err
}

// storedZlib is the zlib stream of data in a stored (uncompressed) deflate block, as
// compress/zlib writes it at BestSpeed when a Huffman code would not pay (a block, an
// empty final block, the Adler-32), without working out that code first: the same bytes
// wherever it stores (TestStoredZlib).
func storedZlib(data []byte) []byte {
	n := len(data) // at most 177 rows of 24 bytes (version 40), under a block's 65,535
	b := make([]byte, 0, 2+5+n+5+4)
	b = append(b, 0x78, 0x01, 0, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
	b = append(b, data...)
	b = append(b, 1, 0, 0, 0xff, 0xff)
	return binary.BigEndian.AppendUint32(b, adler32.Checksum(data))
}

// pngChunk appends the PNG chunk of type typ holding data to b.
func pngChunk(b []byte, typ string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	start := len(b)
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}
