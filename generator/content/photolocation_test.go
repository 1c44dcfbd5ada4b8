package content_test

import (
	"encoding/binary"
	"testing"
	"time"

	"wuxiao/generator/content"
	"wuxiao/generator/testtree"
)

func TestPhotoLocation(t *testing.T) {
	le, be := binary.ByteOrder(binary.LittleEndian), binary.ByteOrder(binary.BigEndian)
	xmp := []byte(`http://ns.adobe.com/xap/1.0/` + "\x00" + `<x:xmpmeta><rdf:Description exif:GPSLatitude="37,51.5N"/></x:xmpmeta>`)
	for _, c := range []struct {
		name string
		head []byte
		want bool
	}{
		{"JPEG, Exif little-endian with a location", testtree.JPEGWith(append([]byte("Exif\x00\x00"), testtree.ExifGPS(le, 37, true)...)), true},
		{"JPEG, Exif big-endian with a location", testtree.JPEGWith(append([]byte("Exif\x00\x00"), testtree.ExifGPS(be, 113, true)...)), true},
		{"JPEG, Exif with the GPS tags empty", testtree.JPEGWith(append([]byte("Exif\x00\x00"), testtree.ExifGPS(le, 0, true)...)), false},
		{"JPEG, Exif without a GPS directory", testtree.JPEGWith(append([]byte("Exif\x00\x00"), testtree.ExifGPS(le, 37, false)...)), false},
		{"JPEG, XMP with a location", testtree.JPEGWith(xmp), true},
		{"JPEG without metadata", testtree.JPEGWith(), false},
		{"JPEG, Exif after the picture", append(testtree.JPEGWith(), testtree.JPEGWith(append([]byte("Exif\x00\x00"), testtree.ExifGPS(le, 37, true)...))[2:]...), false},
		{"JPEG, Exif cut short", testtree.JPEGWith(append([]byte("Exif\x00\x00"), testtree.ExifGPS(le, 37, true)...))[:60], false},
		{"PNG, eXIf with a location", testtree.PNGWith("eXIf", testtree.ExifGPS(be, 37, true)), true},
		{"PNG, XMP with a location", testtree.PNGWith("iTXt", append([]byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"), xmp...)), true},
		{"PNG without metadata", testtree.PNGWith("tEXt", []byte("Comment\x00GPSLatitude 37")), false},
		{"a PDF", []byte("%PDF-1.4 GPSLatitude ns.adobe.com/xap/"), false},
		{"nothing", nil, false},
	} {
		if got := content.PhotoLocation(c.head); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// FuzzPhotoLocation: any bytes are read without a panic, in time bounded by their length.
func FuzzPhotoLocation(f *testing.F) {
	f.Add(testtree.JPEGWith(append([]byte("Exif\x00\x00"), testtree.ExifGPS(binary.LittleEndian, 37, true)...)))
	f.Add(testtree.PNGWith("eXIf", testtree.ExifGPS(binary.BigEndian, 37, true)))
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x02"))
	f.Fuzz(func(t *testing.T, head []byte) {
		start := time.Now()
		content.PhotoLocation(head)
		if d := time.Since(start); d > 100*time.Millisecond+time.Duration(len(head))*time.Microsecond {
			t.Fatalf("%d bytes took %v", len(head), d)
		}
	})
}
