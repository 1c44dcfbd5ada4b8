package forge

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// jsonBody is a request body of JSON in which some strings are files' bytes in base64,
// encoded as the body is read, one file open at a time: the forges' APIs take a file's
// content that way (GitHub's blobs, Gitea's contents), and a declaration's 20 proofs of
// 20 MiB held whole and encoded whole at once would be over half a gigabyte.
type jsonBody struct {
	parts []bodyPart
	size  int64
}

// bodyPart is literal JSON, or a file whose base64 goes between the quotes around it.
type bodyPart struct {
	text string
	file *File
}

// raw adds literal JSON.
func (b *jsonBody) raw(s string) {
	b.parts = append(b.parts, bodyPart{text: s})
	b.size += int64(len(s))
}

// str adds s as a JSON string.
func (b *jsonBody) str(s string) {
	q, _ := json.Marshal(s) // a string always encodes
	b.raw(string(q))
}

// base64 adds f's content in base64, without the quotes.
func (b *jsonBody) base64(f File) {
	b.parts = append(b.parts, bodyPart{file: &f})
	b.size += int64(base64.StdEncoding.EncodedLen(int(f.size())))
}

// into makes b the body of req, its length known (a proxy in front of the forge may
// refuse a large one before it is sent) and read afresh for a redirect.
func (b *jsonBody) into(req *http.Request) {
	req.Body, req.ContentLength = b.reader(), b.size
	req.GetBody = func() (io.ReadCloser, error) { return b.reader(), nil }
	req.Header.Set("Content-Type", "application/json")
}

func (b *jsonBody) reader() io.ReadCloser { return &bodyReader{parts: b.parts} }

// bodyReader reads a jsonBody's parts in turn, opening each file when it comes to it.
type bodyReader struct {
	parts []bodyPart
	cur   io.Reader
	open  io.Closer // the file being read, if any
}

func (r *bodyReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if r.cur == nil {
			if len(r.parts) == 0 {
				return 0, io.EOF
			}
			part := r.parts[0]
			r.parts = r.parts[1:]
			if part.file == nil {
				r.cur = strings.NewReader(part.text)
				continue
			}
			f, err := part.file.open()
			if err != nil {
				return 0, fmt.Errorf("%s: %w", part.file.Path, err)
			}
			r.cur, r.open = &base64Reader{src: f, path: part.file.Path, left: part.file.size()}, f
		}
		n, err := r.cur.Read(p)
		if err == io.EOF {
			r.closeFile()
			r.cur, err = nil, nil
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
}

func (r *bodyReader) Close() error {
	r.closeFile()
	r.parts, r.cur = nil, nil
	return nil
}

func (r *bodyReader) closeFile() {
	if r.open != nil {
		r.open.Close()
		r.open = nil
	}
}

// errSizeChanged: a file did not hold the bytes its size said when it was sent.
var errSizeChanged = errors.New("the file's size changed while it was sent")

// base64Reader reads src, which must hold exactly left bytes, in base64.
type base64Reader struct {
	src     io.Reader
	path    string
	left    int64
	in      [3 << 10]byte // a multiple of 3: no padding but at the end
	out     [4 << 10]byte
	pending []byte
	err     error
}

func (r *base64Reader) Read(p []byte) (int, error) {
	for len(r.pending) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		n, err := io.ReadFull(r.src, r.in[:min(int64(len(r.in)), r.left+1)])
		r.left -= int64(n)
		switch {
		case r.left < 0 || (r.left > 0 && (err == io.EOF || err == io.ErrUnexpectedEOF)):
			return 0, fmt.Errorf("%s: %w", r.path, errSizeChanged)
		case err == io.EOF || err == io.ErrUnexpectedEOF: // the end, once a read past left found none
			r.err = io.EOF
		case err != nil:
			return 0, fmt.Errorf("%s: %w", r.path, err)
		}
		base64.StdEncoding.Encode(r.out[:], r.in[:n])
		r.pending = r.out[:base64.StdEncoding.EncodedLen(n)]
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}
