package testtree

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// ExifGPS is an Exif TIFF block in order, its photo turned (orientation 6, as a phone
// held upright writes), whose GPS directory holds a latitude and a longitude of degrees
// deg (0: a phone that records the tags with nothing in them); without gpsPointer the
// first directory does not point at it.
func ExifGPS(order binary.ByteOrder, deg uint32, gpsPointer bool) []byte {
	var b bytes.Buffer
	w := func(v any) { binary.Write(&b, order, v) }
	if order == binary.ByteOrder(binary.LittleEndian) {
		b.WriteString("II")
	} else {
		b.WriteString("MM")
	}
	w(uint16(42))
	w(uint32(8))
	// IFD0 at 8: the orientation and the GPS pointer (or another tag); the GPS directory at 38.
	w(uint16(2))
	w(uint16(0x0112))
	w(uint16(3))
	w(uint32(1))
	w(uint16(6))
	w(uint16(0))
	tag := uint16(0x8825)
	if !gpsPointer {
		tag = 0x0131 // Software
	}
	w(tag)
	w(uint16(4))
	w(uint32(1))
	w(uint32(38))
	w(uint32(0))
	// GPS directory at 38: latitude (2) and longitude (4), three rationals each at 68 and 92.
	w(uint16(2))
	for _, e := range [][2]uint32{{2, 68}, {4, 92}} {
		w(uint16(e[0]))
		w(uint16(5))
		w(uint32(3))
		w(e[1])
	}
	w(uint32(0))
	for range 2 {
		for _, r := range [][2]uint32{{deg, 1}, {0, 1}, {0, 1}} {
			w(r[0])
			w(r[1])
		}
	}
	return b.Bytes()
}

// JPEGWith is a JPEG's head: a JFIF block, the given APP1 blocks, then the picture.
func JPEGWith(app1 ...[]byte) []byte {
	b := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
	for _, a := range app1 {
		b = append(b, 0xff, 0xe1, byte((len(a)+2)>>8), byte(len(a)+2))
		b = append(b, a...)
	}
	return append(b, "\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00picture"...)
}

// PNGWith is a PNG's head with a chunk of type typ holding data.
func PNGWith(typ string, data []byte) []byte {
	chunk := func(typ string, data []byte) []byte {
		out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		out = append(out, typ...)
		out = append(out, data...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, chunk("IHDR", make([]byte, 13))...)
	b = append(b, chunk(typ, data)...)
	return append(b, chunk("IDAT", []byte("picture"))...)
}

// PhotoWithLocation is a JPEG's head whose Exif block records where it was taken.
func PhotoWithLocation() []byte {
	return JPEGWith(append([]byte("Exif\x00\x00"), ExifGPS(binary.LittleEndian, 37, true)...))
}
