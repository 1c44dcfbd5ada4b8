package content_test

import (
	"bytes"
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

// TestWithoutLocation: the blocks that record a location are left out and the rest is
// kept byte for byte; a JPEG keeps its orientation; a photo without a location is
// returned as it was.
func TestWithoutLocation(t *testing.T) {
	le, be := binary.ByteOrder(binary.LittleEndian), binary.ByteOrder(binary.BigEndian)
	xmp := []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta exif:GPSLongitude=\"113,34E\"/>")
	for _, c := range []struct {
		name     string
		in, want []byte
		oriented bool
	}{
		{"JPEG, Exif with a location", testtree.JPEGWith(append([]byte("Exif\x00\x00"), testtree.ExifGPS(le, 37, true)...)), testtree.JPEGWith(), true},
		{"JPEG, Exif big-endian and XMP", testtree.JPEGWith(append([]byte("Exif\x00\x00"), testtree.ExifGPS(be, 37, true)...), xmp), testtree.JPEGWith(), true},
		{"JPEG, XMP only", testtree.JPEGWith(xmp), testtree.JPEGWith(), false},
		{"PNG, eXIf", testtree.PNGWith("eXIf", testtree.ExifGPS(be, 37, true)), nil, false},
	} {
		got := content.WithoutLocation(c.in)
		if content.PhotoLocation(got) {
			t.Errorf("%s: still has a location", c.name)
		}
		if c.oriented {
			// the orientation's own block comes where the Exif block was, after the JFIF block
			if !bytes.Contains(got, []byte("\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06")) {
				t.Errorf("%s: orientation lost: %q", c.name, got)
			}
			got = bytes.Replace(got, []byte("\xff\xe1\x00\x22Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00"), nil, 1)
		}
		if c.want != nil && !bytes.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	png := testtree.PNGWith("eXIf", testtree.ExifGPS(be, 37, true))
	if got, idat := content.WithoutLocation(png), png[len(png)-19:]; !bytes.HasSuffix(got, idat) || len(got) != len(png)-len(testtree.ExifGPS(be, 37, true))-12 {
		t.Errorf("PNG: not the eXIf chunk alone left out: %q", got)
	}
	for _, plain := range [][]byte{testtree.JPEGWith(), testtree.JPEGWith(append([]byte("Exif\x00\x00"), testtree.ExifGPS(le, 0, true)...)), testtree.PNGWith("tEXt", []byte("a\x00b")), []byte("%PDF-1.4")} {
		if got := content.WithoutLocation(plain); !bytes.Equal(got, plain) {
			t.Errorf("%q changed to %q", plain, got)
		}
	}
}

// FuzzWithoutLocation: whatever the bytes, what is left records no location, and bytes
// that record none are left as they are.
func FuzzWithoutLocation(f *testing.F) {
	f.Add(testtree.PhotoWithLocation())
	f.Add(testtree.PNGWith("eXIf", testtree.ExifGPS(binary.BigEndian, 37, true)))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := content.WithoutLocation(b)
		if content.PhotoLocation(got) {
			t.Fatalf("%q left as %q, which has a location", b, got)
		}
		if !content.PhotoLocation(b) && !bytes.Equal(got, b) {
			t.Fatalf("%q without a location changed to %q", b, got)
		}
	})
}
