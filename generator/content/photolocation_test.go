package content_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"strings"
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
		{"JPEG, extended XMP with a location", testtree.JPEGWith([]byte("http://ns.adobe.com/xmp/extension/\x00" + "0123456789ABCDEF0123456789ABCDEF\x00\x00\x01\x00\x00\x00\x00\x00" + `<rdf:Description exif:GPSLongitude="113,34.2E"/>`)), true},
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

// pngChunk is one PNG chunk: its length, type, data and CRC.
func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(append(out, typ...), data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// deflated is b compressed with zlib, as PNG's compressed text chunks hold it.
func deflated(b []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

// A PNG's location is found in its text chunks however they keep it: XMP compressed in an
// iTXt chunk (found by an attacker's review: a county's bulletin photo was published with
// it), Exif as ImageMagick's hexadecimal raw profile in a zTXt chunk, text after the picture
// data; text that inflates past the bound counts as a location. WithoutLocation leaves out
// each such chunk, and only those.
func TestPNGTextLocation(t *testing.T) {
	be := binary.BigEndian
	gpsXMP := []byte(`<?xpacket?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" exif:GPSLatitude="37,51.5N" exif:GPSLongitude="113,34.2E"/></x:xmpmeta>`)
	plainXMP := bytes.ReplaceAll(gpsXMP, []byte("GPS"), []byte("Foo"))
	exif := append([]byte("Exif\x00\x00"), testtree.ExifGPS(be, 37, true)...)
	raw := fmt.Sprintf("\nexif\n%8d\n%s\n", len(exif), hex.EncodeToString(exif))
	itxt := func(compressed bool, text []byte) []byte {
		if compressed {
			return append([]byte("XML:com.adobe.xmp\x00\x01\x00\x00\x00"), deflated(text)...)
		}
		return append([]byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"), text...)
	}
	bomb := append([]byte("Comment\x00\x01\x00\x00\x00"), deflated(make([]byte, 2<<20))...)
	picture := testtree.PNGWith("tEXt", []byte("Software\x00wuxiao"))
	for _, c := range []struct {
		name string
		png  []byte
		want bool
	}{
		{"compressed XMP with a location", testtree.PNGWith("iTXt", itxt(true, gpsXMP)), true},
		{"compressed XMP without one", testtree.PNGWith("iTXt", itxt(true, plainXMP)), false},
		{"Exif as a raw profile in zTXt", testtree.PNGWith("zTXt", append([]byte("Raw profile type exif\x00\x00"), deflated([]byte(raw))...)), true},
		{"Exif as a raw profile without GPS", testtree.PNGWith("zTXt", append([]byte("Raw profile type exif\x00\x00"), deflated([]byte(strings.Replace(raw, hex.EncodeToString(exif), hex.EncodeToString(append([]byte("Exif\x00\x00"), testtree.ExifGPS(be, 37, false)...)), 1)))...)), false},
		{"XMP after the picture data", append(bytes.Clone(picture), pngChunk("iTXt", itxt(false, gpsXMP))...), true},
		{"compressed text past the bound", testtree.PNGWith("iTXt", bomb), true},
		{"compressed text that is not zlib", testtree.PNGWith("zTXt", []byte("Comment\x00\x00not zlib")), true},
		{"plain text", picture, false},
	} {
		if got := content.PhotoLocation(c.png); got != c.want {
			t.Errorf("%s: PhotoLocation %v, want %v", c.name, got, c.want)
		}
		kept := content.WithoutLocation(c.png)
		if content.PhotoLocation(kept) || !c.want && !bytes.Equal(kept, c.png) {
			t.Errorf("%s: WithoutLocation left %q", c.name, kept)
		}
		if c.want && !bytes.Contains(kept, pngChunk("IDAT", []byte("picture"))) {
			t.Errorf("%s: WithoutLocation lost the picture: %q", c.name, kept)
		}
	}
}
