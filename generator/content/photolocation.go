package content

import (
	"bytes"
	"encoding/binary"
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

// jpegLocation walks a JPEG's segments up to its picture data, looking at each APP1.
func jpegLocation(b []byte) bool {
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return false
		}
		marker := b[i+1]
		if marker == 0xff { // fill byte
			i++
			continue
		}
		if marker == 0xd8 || marker >= 0xd0 && marker <= 0xd7 || marker == 0x01 { // no length
			i += 2
			continue
		}
		if marker == 0xda || marker == 0xd9 { // the picture, or the end: no metadata after
			return false
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 {
			return false
		}
		seg := b[i+4 : min(len(b), i+2+n)]
		if marker == 0xe1 && (exifLocation(seg) || xmpLocation(seg)) {
			return true
		}
		i += 2 + n
	}
	return false
}

// pngLocation looks at a PNG's eXIf and iTXt chunks before its picture data.
func pngLocation(b []byte) bool {
	for i := 8; i+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n < 0 || n > len(b) || typ == "IDAT" || typ == "IEND" {
			return false
		}
		data := b[i+8 : min(len(b), i+8+n)]
		if typ == "eXIf" && tiffLocation(data) || typ == "iTXt" && xmpLocation(data) {
			return true
		}
		i += 12 + n
	}
	return false
}

// exifLocation reads an APP1 segment's "Exif\0\0" block.
func exifLocation(seg []byte) bool {
	tiff, ok := bytes.CutPrefix(seg, []byte("Exif\x00\x00"))
	return ok && tiffLocation(tiff)
}

// xmpLocation tells whether an XMP packet names a GPS coordinate.
func xmpLocation(seg []byte) bool {
	return bytes.Contains(seg, []byte("ns.adobe.com/xap/")) &&
		(bytes.Contains(seg, []byte("GPSLatitude")) || bytes.Contains(seg, []byte("GPSLongitude")))
}

// tiffLocation reads Exif's TIFF structure: the first directory's GPS pointer (tag 0x8825)
// and, in the directory it points to, a latitude (2) or longitude (4) that is not zero.
func tiffLocation(t []byte) bool {
	if len(t) < 8 {
		return false
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return false
	}
	entries := func(at uint32, f func(tag, typ uint16, count, value uint32) bool) bool {
		if at > uint32(len(t)-2) {
			return false
		}
		n := int(order.Uint16(t[at:]))
		for k := range min(n, 512) {
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
	return entries(order.Uint32(t[4:]), func(tag, _ uint16, _, gps uint32) bool {
		return tag == 0x8825 && entries(gps, func(tag, typ uint16, count, at uint32) bool {
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
	i := 2
	for i+4 <= len(b) && b[i] == 0xff {
		marker := b[i+1]
		if marker == 0xff || marker == 0xd8 || marker >= 0xd0 && marker <= 0xd7 || marker == 0x01 {
			n := 2
			if marker == 0xff {
				n = 1
			}
			out = append(out, b[i:i+n]...)
			i += n
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if marker == 0xda || marker == 0xd9 || n < 2 {
			break
		}
		end := min(len(b), i+2+n)
		seg := b[i+4 : end]
		switch {
		case marker == 0xe1 && exifLocation(seg):
			if o := exifOrientation(seg[6:]); o > 1 && o <= 8 {
				out = append(out, "\xff\xe1\x00\x22Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01"...)
				out = append(out, 0, byte(o), 0, 0, 0, 0, 0, 0)
			}
		case marker == 0xe1 && xmpLocation(seg):
		default:
			out = append(out, b[i:end]...)
		}
		i = end
	}
	return append(out, b[i:]...)
}

func pngWithoutLocation(b []byte) []byte {
	out := append([]byte(nil), b[:8]...)
	i := 8
	for i+8 <= len(b) {
		n := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n < 0 || n > len(b) || typ == "IDAT" || typ == "IEND" {
			break
		}
		end := min(len(b), i+12+n)
		data := b[i+8 : min(len(b), i+8+n)]
		if !(typ == "eXIf" && tiffLocation(data) || typ == "iTXt" && xmpLocation(data)) {
			out = append(out, b[i:end]...)
		}
		i = end
	}
	return append(out, b[i:]...)
}

// exifOrientation is the orientation (tag 0x0112) in Exif's first directory, 0 for none.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var order binary.ByteOrder = binary.BigEndian
	if string(t[:2]) == "II" {
		order = binary.LittleEndian
	}
	at := order.Uint32(t[4:])
	if at > uint32(len(t)-2) {
		return 0
	}
	for k := range min(int(order.Uint16(t[at:])), 512) {
		e := int(at) + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if order.Uint16(t[e:]) == 0x0112 && order.Uint16(t[e+2:]) == 3 {
			return int(order.Uint16(t[e+8:]))
		}
	}
	return 0
}
