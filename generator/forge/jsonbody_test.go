package forge

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// onDisk is a File read through Open, as the desk gives a proof kept on its disk: data,
// with size claimed for it; opened counts the opens and closed the closes.
func onDisk(path string, data []byte, size int64, opened, closed *int) File {
	return File{Path: path, Size: size, Open: func() (io.ReadCloser, error) {
		*opened++
		return closer{bytes.NewReader(data), closed}, nil
	}}
}

type closer struct {
	io.Reader
	closed *int
}

func (c closer) Close() error {
	*c.closed++
	return nil
}

// A body carries each file's bytes in base64 between its JSON, as long as it says, for
// every size around the encoder's chunks and however it is read.
func TestJSONBodyEncodesFilesAsRead(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 4, 3071, 3072, 3073, 3074, 6144, 10000, 100003} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i*7 + i/251)
		}
		var opened, closed int
		var b jsonBody
		b.raw(`{"files":[{"path":`)
		b.str(`a/"证明".pdf`)
		b.raw(`,"content":"`)
		b.base64(onDisk("a.pdf", data, int64(n), &opened, &closed))
		b.raw(`"},{"content":"`)
		b.base64(File{Path: "b.md", Content: []byte("发明")})
		b.raw(`"}]}`)
		want := `{"files":[{"path":"a/\"证明\".pdf","content":"` + base64.StdEncoding.EncodeToString(data) + `"},{"content":"5Y+R5piO"}]}`
		if b.size != int64(len(want)) {
			t.Errorf("%d bytes: the body says it is %d long, is %d", n, b.size, len(want))
		}
		if err := iotest.TestReader(b.reader(), []byte(want)); err != nil {
			t.Errorf("%d bytes: %v", n, err)
		}
		r := b.reader()
		got, err := io.ReadAll(iotest.OneByteReader(r))
		r.Close()
		if err != nil || string(got) != want {
			t.Errorf("%d bytes, read a byte at a time: %v", n, err)
		}
		if opened == 0 || opened != closed {
			t.Errorf("%d bytes: the file opened %d times, closed %d", n, opened, closed)
		}
	}
}

// A file that no longer holds the bytes its size says fails the body where it is read, so
// that the forge gets no request of another length (nor a file cut short): shorter or
// longer, by a byte or a chunk, or not there at all.
func TestJSONBodyRefusesAFileOfAnotherSize(t *testing.T) {
	data := bytes.Repeat([]byte("证"), 3000) // 9,000 bytes
	for _, tc := range []struct {
		name string
		size int64
	}{
		{"a byte short", 9001}, {"a byte over", 8999}, {"a chunk over", 9000 - 3072}, {"empty said", 0}, {"a chunk short", 9000 + 3072},
	} {
		var opened, closed int
		var b jsonBody
		b.raw(`"`)
		b.base64(onDisk("p.pdf", data, tc.size, &opened, &closed))
		b.raw(`"`)
		r := b.reader()
		_, err := io.ReadAll(r)
		r.Close()
		if !errors.Is(err, errSizeChanged) || !strings.Contains(err.Error(), "p.pdf") {
			t.Errorf("%s: %v, want errSizeChanged naming the file", tc.name, err)
		}
		if opened != closed {
			t.Errorf("%s: opened %d times, closed %d", tc.name, opened, closed)
		}
	}
	gone := errors.New("no such file")
	var b jsonBody
	b.base64(File{Path: "q.pdf", Size: 1, Open: func() (io.ReadCloser, error) { return nil, gone }})
	if _, err := io.ReadAll(b.reader()); !errors.Is(err, gone) || !strings.Contains(err.Error(), "q.pdf") {
		t.Errorf("a file that cannot be opened: %v", err)
	}
}
