package content

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"io"
)

// PhotoHead is how much of an image PhotoLocation reads: a JPEG's Exif block is at most
// 64 KiB and comes before the picture, after at most a JFIF block.
const PhotoHead = 160 << 10

// PhotoLocation tells whether a JPEG or PNG, given by its first bytes (PhotoHead of them
// will do), records where it was taken: a GPS latitude or longitude in its Exif block (a
// phone's camera writes one when its location is on), or in its XMP block. Malformed
// metadata records nothing.
func PhotoLocation(head []byte) bool {
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xd8")):
		return jpegLocation(head)
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return pngLocation(head)
	}
	return false
}

// jpegLocation looks at each APP1 segment of a JPEG before its picture.
func jpegLocation(b []byte) bool {
	found := false
	jpegWalk(b, func(marker byte, payload []byte, _, _ int) {
		found = found || marker == 0xe1 && (exifLocation(payload) || xmpLocation(payload))
	})
	return found
}

// jpegWalk walks the segments of a JPEG (b starts with its SOI) up to its picture data,
// calling f with each one's marker, its payload and its place b[start:end] (cut at b's
// end; a marker without a length is 2 bytes and a fill byte 1, with no payload). It
// returns where it stopped: at the picture, the end marker, malformed bytes or b's end;
// no metadata comes after.
func jpegWalk(b []byte, f func(marker byte, payload []byte, start, end int)) int {
	i := 2
	for i+4 <= len(b) && b[i] == 0xff {
		marker := b[i+1]
		if marker == 0xff || marker == 0xd8 || marker >= 0xd0 && marker <= 0xd7 || marker == 0x01 {
			n := 2
			if marker == 0xff { // fill byte
				n = 1
			}
			f(marker, nil, i, i+n)
			i += n
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if marker == 0xda || marker == 0xd9 || n < 2 {
			break
		}
		end := min(len(b), i+2+n)
		f(marker, b[i+4:end], i, end)
		i = end
	}
	return i
}

// pngLocation looks at a PNG's eXIf chunk and its text chunks (tEXt, zTXt, iTXt), before
// its picture data and after it (text may come anywhere up to the end).
func pngLocation(b []byte) bool {
	found, budget := false, maxPNGText
	pngWalk(b, func(typ string, data []byte, _, _ int) { found = found || pngLocated(typ, data, &budget) })
	return found
}

// pngLocated tells whether a PNG chunk records where the picture was taken: an eXIf chunk
// with a GPS position, or a text chunk whose text (inflated, when compressed) is an XMP
// packet naming one or a raw Exif profile (ImageMagick's "Raw profile type exif", hex)
// with one. A compressed text that cannot be inflated, or inflates past what is left of
// budget (maxPNGText for a whole image: zlib makes a megabyte of a kilobyte), is taken as
// recording a location: what it says cannot be told.
func pngLocated(typ string, data []byte, budget *int) bool {
	if typ == "eXIf" {
		return tiffLocation(data)
	}
	keyword, text, ok := pngText(typ, data, budget)
	if !ok {
		return typ == "zTXt" || typ == "iTXt"
	}
	if xmpLocation(text) {
		return true
	}
	if profile, raw := bytes.CutPrefix(keyword, []byte("Raw profile type ")); raw && (bytes.EqualFold(profile, []byte("exif")) || bytes.EqualFold(profile, []byte("APP1"))) {
		exif := rawProfile(text)
		return exif == nil || tiffLocation(bytes.TrimPrefix(exif, []byte("Exif\x00\x00")))
	}
	return false
}

// maxPNGText bounds the text an image's compressed chunks inflate to, all together: XMP
// packets are kilobytes.
const maxPNGText = 1 << 20

// pngText is a text chunk's keyword and text, inflated when compressed; not ok when the
// chunk is no text chunk, is malformed, or inflates past what is left of budget.
func pngText(typ string, data []byte, budget *int) (keyword, text []byte, ok bool) {
	keyword, rest, found := bytes.Cut(data, []byte{0})
	switch {
	case !found:
		return nil, nil, false
	case typ == "tEXt":
		return keyword, rest, true
	case typ == "zTXt" && len(rest) > 0:
		text, ok = inflate(rest[1:], budget)
		return keyword, text, ok
	case typ == "iTXt" && len(rest) >= 2:
		compressed := rest[0] == 1
		_, rest, _ = bytes.Cut(rest[2:], []byte{0}) // the language
		_, rest, found = bytes.Cut(rest, []byte{0}) // the translated keyword
		if !found {
			return nil, nil, false
		}
		if !compressed {
			return keyword, rest, true
		}
		text, ok = inflate(rest, budget)
		return keyword, text, ok
	}
	return nil, nil, false
}

// inflate is zlib data inflated, at most budget bytes of it, which it takes from budget
// (all of it when the data inflates past it, or is malformed).
func inflate(z []byte, budget *int) ([]byte, bool) {
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, false
	}
	out, err := io.ReadAll(io.LimitReader(r, int64(*budget)+1))
	if err != nil || len(out) > *budget {
		*budget = 0
		return nil, false
	}
	*budget -= len(out)
	return out, true
}

// rawProfile decodes ImageMagick's raw profile text ("\nexif\n   <length>\n" and the bytes
// in hexadecimal over lines); nil when it is not one.
func rawProfile(text []byte) []byte {
	fields := bytes.Fields(text)
	if len(fields) < 3 {
		return nil
	}
	out, err := hex.DecodeString(string(bytes.Join(fields[2:], nil)))
	if err != nil {
		return nil
	}
	return out
}

// pngWalk walks a PNG's chunks (b starts with its signature) up to its end chunk,
// calling f with each one's type, data and place b[start:end] (cut at b's end), and
// returns where it stopped.
func pngWalk(b []byte, f func(typ string, data []byte, start, end int)) int {
	i := 8
	for i+8 <= len(b) {
		n := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n < 0 || n > len(b) {
			break
		}
		f(typ, b[i+8:min(len(b), i+8+n)], i, min(len(b), i+12+n))
		i = min(len(b), i+12+n)
		if typ == "IEND" {
			break
		}
	}
	return i
}

// exifLocation reads an APP1 segment's "Exif\0\0" block.
func exifLocation(seg []byte) bool {
	tiff, ok := bytes.CutPrefix(seg, []byte("Exif\x00\x00"))
	return ok && tiffLocation(tiff)
}

// xmpLocation tells whether an XMP packet, or a part of one a JPEG carries in a segment of
// its own (extended XMP), names a GPS coordinate.
func xmpLocation(seg []byte) bool {
	return (bytes.Contains(seg, []byte("ns.adobe.com/xap/")) || bytes.Contains(seg, []byte("ns.adobe.com/xmp/extension/"))) &&
		(bytes.Contains(seg, []byte("GPSLatitude")) || bytes.Contains(seg, []byte("GPSLongitude")))
}

// tiffLocation reads Exif's TIFF structure: the first directory's GPS pointer (tag 0x8825)
// and, in the directory it points to, a latitude (2) or longitude (4) that is not zero.
func tiffLocation(t []byte) bool {
	order, ok := tiffOrder(t)
	return ok && tiffEntries(t, order, order.Uint32(t[4:]), func(tag, _ uint16, _, gps uint32) bool {
		return tag == 0x8825 && tiffEntries(t, order, gps, func(tag, typ uint16, count, at uint32) bool {
			if (tag != 2 && tag != 4) || typ != 5 || count == 0 || count > 3 || at > uint32(len(t)) || uint64(at)+8*uint64(count) > uint64(len(t)) {
				return false
			}
			for r := range count { // rationals: degrees, minutes, seconds
				if order.Uint32(t[at+8*r:]) != 0 {
					return true
				}
			}
			return false
		})
	})
}

// tiffOrder is the byte order of a TIFF structure, false when t is none.
func tiffOrder(t []byte) (binary.ByteOrder, bool) {
	if len(t) >= 8 {
		switch string(t[:2]) {
		case "II":
			return binary.LittleEndian, true
		case "MM":
			return binary.BigEndian, true
		}
	}
	return nil, false
}

// tiffEntries calls f with the entries of t's directory at offset at (at most 512, those
// inside t) until f says true, and says whether it did.
func tiffEntries(t []byte, order binary.ByteOrder, at uint32, f func(tag, typ uint16, count, value uint32) bool) bool {
	if at > uint32(len(t)-2) {
		return false
	}
	for k := range min(int(order.Uint16(t[at:])), 512) {
		e := int(at) + 2 + 12*k
		if e+12 > len(t) {
			return false
		}
		if f(order.Uint16(t[e:]), order.Uint16(t[e+2:]), order.Uint32(t[e+4:]), order.Uint32(t[e+8:])) {
			return true
		}
	}
	return false
}

// WithoutLocation is the JPEG or PNG b with its metadata blocks that record where it was
// taken left out and the rest byte for byte. A JPEG's Exif block left out gives way to
// one that keeps only its orientation (a phone's portrait photo would show on its side).
// Bytes that are neither, or blocks after malformed ones, are kept as they are.
func WithoutLocation(b []byte) []byte {
	switch {
	case bytes.HasPrefix(b, []byte("\xff\xd8")):
		return jpegWithoutLocation(b)
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return pngWithoutLocation(b)
	}
	return b
}

func jpegWithoutLocation(b []byte) []byte {
	out := append([]byte(nil), b[:2]...)
	stop := jpegWalk(b, func(marker byte, payload []byte, start, end int) {
		switch {
		case marker == 0xe1 && exifLocation(payload):
			if o := exifOrientation(payload[6:]); o > 1 && o <= 8 {
				out = append(out, "\xff\xe1\x00\x22Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01"...)
				out = append(out, 0, byte(o), 0, 0, 0, 0, 0, 0)
			}
		case marker == 0xe1 && xmpLocation(payload):
		default:
			out = append(out, b[start:end]...)
		}
	})
	return append(out, b[stop:]...)
}

func pngWithoutLocation(b []byte) []byte {
	out, budget := append([]byte(nil), b[:8]...), maxPNGText
	stop := pngWalk(b, func(typ string, data []byte, start, end int) {
		if !pngLocated(typ, data, &budget) {
			out = append(out, b[start:end]...)
		}
	})
	return append(out, b[stop:]...)
}

// exifOrientation is the orientation (tag 0x0112) in the first directory of Exif's TIFF
// structure t, 0 for none.
func exifOrientation(t []byte) int {
	order, ok := tiffOrder(t)
	orientation := 0
	if ok {
		tiffEntries(t, order, order.Uint32(t[4:]), func(tag, typ uint16, _, value uint32) bool {
			if tag == 0x0112 && typ == 3 {
				var v [4]byte // a SHORT sits in the value field's first two bytes
				order.PutUint32(v[:], value)
				orientation = int(order.Uint16(v[:]))
				return true
			}
			return false
		})
	}
	return orientation
}
