package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"sync"

	"wuxiao/generator/content"
	"wuxiao/generator/urls"
)

// Open data: data/<year>.json holds a year's published results and nothing else.
type yearData struct {
	Year         int          `json:"year"`
	Title        string       `json:"title"`
	Status       string       `json:"status"`
	Notice       *spanData    `json:"notice,omitempty"`
	Doc          string       `json:"doc,omitempty"`
	URL          string       `json:"url"`
	Results      []resultData `json:"results"`
	WinningUnits []unitRef    `json:"winning_units"`
}

type spanData struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type unitRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type resultData struct {
	ID            string           `json:"id"`
	URL           string           `json:"url"`
	Award         string           `json:"award"`
	Provisional   bool             `json:"provisional,omitempty"` // proposed, the year in 公示
	Override      string           `json:"override,omitempty"`    // the committee's published reason
	Revoked       *revokedData     `json:"revoked,omitempty"`
	Title         string           `json:"title"`
	Category      string           `json:"category"`
	Innovation    string           `json:"innovation"`
	Group         string           `json:"group"`
	Unit          unitRef          `json:"unit"`
	Body          *unitRef         `json:"county_body,omitempty"`
	Authors       []authorData     `json:"authors"`
	Submitted     string           `json:"submitted"`
	Started       string           `json:"started,omitempty"`
	Completed     string           `json:"completed"`
	Summary       string           `json:"summary"`
	Economic      *float64         `json:"economic_benefit,omitempty"`
	Social        string           `json:"social_benefit,omitempty"`
	Studio        string           `json:"studio,omitempty"`
	Tags          []string         `json:"tags,omitempty"`
	Attachments   []attachmentData `json:"attachments,omitempty"`
	Commendations []Step           `json:"commendations"`
	Description   string           `json:"description_markdown"`
}

type revokedData struct {
	Date   string `json:"date"`
	Doc    string `json:"doc"`
	Reason string `json:"reason"`
}

type authorData struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
	Job  string `json:"job,omitempty"`
}

type attachmentData struct {
	Title  string `json:"title"`
	URL    string `json:"url"`
	SHA256 string `json:"sha256"`
}

func dateString(d content.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// writeData writes data/<year>.json for every year whose results are public: through
// the page cache when it splices them (DataSplicer), else marshalled whole.
func (r *renderer) writeData() error {
	base := r.site.BaseURL
	sp, _ := r.opt.Pages.(DataSplicer)
	for _, y := range r.site.Years {
		if !y.Public {
			continue
		}
		name := urls.Data(y.Year)
		d, err := yearDataFile(y, base)
		if err != nil {
			return err
		}
		if fc, ok := r.out.(FileCreator); ok && r.opt.Pages == nil {
			if err := r.streamFile(fc, name, d.WriteTo); err != nil {
				return err
			}
			continue
		}
		var splice func() (int64, bool, error)
		if sp != nil {
			splice = func() (int64, bool, error) { return sp.SpliceData(y, name, d) }
		}
		if err := r.writeYearFile(y, name, false, d.Bytes, splice); err != nil {
			return err
		}
	}
	return nil
}

// DataSplicer is a YearFiles that writes a year's open data itself (wuxiao build
// --cache), copying the lines of the results unchanged since the output the build is
// made over from that output's file instead of marshalling them again. ok is false when
// it wrote nothing (the renderer then writes the file).
type DataSplicer interface {
	SpliceData(y *Year, name string, d *DataFile) (size int64, ok bool, err error)
}

// DataFile is a year's open data, to be written (Write): compact JSON with each result
// on a line of its own, a tenth smaller than indented JSON, and a change to one result
// stays a one-line diff. Every quote inside a JSON string is escaped, so
// `,"results":[` can only be the key itself.
type DataFile struct {
	Results    []*Result // one line each, in this order
	head, tail []byte    // up to the results' "[", and from its "]"
	base       string
}

// yearDataFile is the open data of year y.
func yearDataFile(y *Year, base string) (*DataFile, error) {
	d := yearData{Year: y.Year, Title: y.Title, Status: y.Status, Doc: y.ResultsDoc, URL: base + y.URL,
		Results: []resultData{}, WinningUnits: []unitRef{}}
	if y.Notice != nil {
		d.Notice = &spanData{y.Notice.From.String(), y.Notice.To.String()}
	}
	for _, u := range y.WinningUnits {
		d.WinningUnits = append(d.WinningUnits, unitRef{u.ID, u.Name})
	}
	head, err := marshalJSON(d)
	if err != nil {
		return nil, err
	}
	const key = `,"results":[`
	at := bytes.Index(head, []byte(key+"]"))
	if at < 0 {
		return nil, errors.New(`data: no "results" key`)
	}
	at += len(key)
	return &DataFile{Results: y.Results, head: head[:at], tail: head[at:], base: base}, nil
}

// LineWriter is where a year's open data is written (DataFile.Write): its bytes, and
// ranges of the file its lines are copied from.
type LineWriter interface {
	io.Writer
	CopyOld(off, n int64) error // appends bytes [off, off+n) of the old file
}

// Write writes the file to w. old, when not nil, tells where result i's line is in the
// old file (offset and length), when it is there as it would be written now: those lines
// are copied (CopyOld), those next to each other there in one copy with the ",\n"
// between them; the others are marshalled. at, when not nil, is told where each
// result's line went in what was written. The results are turned into open data one at
// a time, as they are written.
func (d *DataFile) Write(w LineWriter, old func(i int) (off, n int64, ok bool), at func(i int, off, n int64)) (int64, error) {
	var pos int64 // bytes written, the pending copy included
	put := func(b []byte) error {
		n, err := w.Write(b)
		pos += int64(n)
		return err
	}
	var runOff, runLen int64 = 0, -1 // the pending copy; -1 for none
	flush := func() error {
		if runLen < 0 {
			return nil
		}
		err := w.CopyOld(runOff, runLen)
		runLen = -1
		return err
	}
	if err := put(d.head); err != nil {
		return pos, err
	}
	mem, direct := w.(*memLines) // lines marshalled straight into memory, not copied there
	var line []byte
	for i, res := range d.Results {
		if old != nil {
			if off, n, ok := old(i); ok && off >= 0 && n >= 0 {
				if runLen >= 0 && off == runOff+runLen+2 { // the old file's ",\n" between them
					runLen += 2 + n
					pos += 2 + n
				} else {
					if err := flush(); err != nil {
						return pos, err
					}
					if err := put(lineSep(i)); err != nil {
						return pos, err
					}
					runOff, runLen = off, n
					pos += n
				}
				if at != nil {
					at(i, pos-n, n)
				}
				continue
			}
		}
		if err := flush(); err != nil {
			return pos, err
		}
		if err := put(lineSep(i)); err != nil {
			return pos, err
		}
		start := pos
		if direct {
			line = mem.AvailableBuffer()
		}
		var err error
		if line, err = appendResult(line[:0], res, d.base); err != nil {
			return pos, err
		}
		if err := put(line); err != nil {
			return pos, err
		}
		if at != nil {
			at(i, start, pos-start)
		}
	}
	if err := flush(); err != nil {
		return pos, err
	}
	if err := put([]byte("\n")); err != nil {
		return pos, err
	}
	if err := put(d.tail); err != nil {
		return pos, err
	}
	return pos, put([]byte("\n"))
}

// lineSep goes before result i's line.
func lineSep(i int) []byte {
	if i == 0 {
		return []byte("\n")
	}
	return []byte(",\n")
}

// Bytes is the file, marshalled whole into one buffer grown once.
func (d *DataFile) Bytes() ([]byte, error) { return d.Marshal(nil) }

// Marshal is Bytes, telling at where each result's line is (as Write).
func (d *DataFile) Marshal(at func(i int, off, n int64)) ([]byte, error) {
	size := len(d.head) + len(d.tail)
	for _, res := range d.Results {
		size += len(res.body) + len(res.Summary) + 2<<10 // the rest of a result's line is rarely longer
	}
	b := &memLines{}
	b.Grow(size)
	_, err := d.Write(b, nil, at)
	return b.Bytes(), err
}

// WriteTo writes the file to w in pieces of DataChunk bytes, the results' lines
// marshalled by all processors a few batches ahead of the write (linesAhead).
func (d *DataFile) WriteTo(w io.Writer) (int64, error) { return d.WriteToAt(w, nil) }

// WriteToAt is WriteTo telling at, when not nil, where each result's line went (as
// Write tells it).
func (d *DataFile) WriteToAt(w io.Writer, at func(i int, off, n int64)) (int64, error) {
	c := NewChunkLines(w, nil)
	n, err := d.linesAhead(c, runtime.GOMAXPROCS(0), at)
	if err == nil {
		err = c.Flush()
	}
	return n, err
}

// dataBatch is how many results' lines a worker of linesAhead marshals at a time
// (about 300 KB at 10,000 synthetic results).
const dataBatch = 100

// linesAhead is Write without an old file: workers marshal the lines in batches of
// dataBatch, no more than two batches a worker ahead of the write, while w is given
// them in order; at, when not nil, is told where each line went. The build writes the
// open data with nothing else to do (31 MB at 10,000 results, the JSON of every
// result): marshalled as written, one processor worked and the other waited.
func (d *DataFile) linesAhead(w LineWriter, workers int, at func(i int, off, n int64)) (int64, error) {
	batches := (len(d.Results) + dataBatch - 1) / dataBatch
	if workers < 2 || batches < 2 {
		return d.Write(w, nil, at)
	}
	type batch struct {
		lines []byte
		ends  []int // where each result's line starts and ends in lines, when at is told
		err   error
		done  chan struct{}
	}
	bs := make([]batch, batches)
	for k := range bs {
		bs[k].done = make(chan struct{})
	}
	free := make(chan []byte, 2*workers) // a buffer each for the batches ahead
	for range cap(free) {
		free <- nil
	}
	type job struct {
		k   int
		buf []byte // taken in the batches' order, so that the batch written next always has one
	}
	next, stop := make(chan job), make(chan struct{})
	var wg sync.WaitGroup
	go func() {
		defer close(next)
		for k := range bs {
			var j job
			select {
			case j.buf = <-free:
			case <-stop: // the write failed
				return
			}
			j.k = k
			select {
			case next <- j:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				b, lo, hi := j.buf, j.k*dataBatch, min(len(d.Results), (j.k+1)*dataBatch)
				var ends []int
				if at != nil {
					ends = make([]int, 0, 2*(hi-lo))
				}
				var err error
				for i := lo; i < hi && err == nil; i++ {
					b = append(b, lineSep(i)...)
					start := len(b)
					b, err = appendResult(b, d.Results[i], d.base)
					if at != nil {
						ends = append(ends, start, len(b))
					}
				}
				bs[j.k].lines, bs[j.k].ends, bs[j.k].err = b, ends, err
				close(bs[j.k].done)
			}
		}()
	}
	defer wg.Wait()
	defer close(stop)
	var pos int64
	put := func(b []byte) error {
		n, err := w.Write(b)
		pos += int64(n)
		return err
	}
	if err := put(d.head); err != nil {
		return pos, err
	}
	for k := range bs {
		<-bs[k].done
		if bs[k].err != nil {
			return pos, bs[k].err
		}
		if at != nil {
			for i, e := 0, bs[k].ends; i < len(e); i += 2 {
				at(k*dataBatch+i/2, pos+int64(e[i]), int64(e[i+1]-e[i]))
			}
		}
		if err := put(bs[k].lines); err != nil {
			return pos, err
		}
		free <- bs[k].lines[:0]
		bs[k].lines = nil
	}
	for _, b := range [][]byte{[]byte("\n"), d.tail, []byte("\n")} {
		if err := put(b); err != nil {
			return pos, err
		}
	}
	return pos, nil
}

// DataChunk is the size of the pieces a ChunkLines writes.
const DataChunk = 256 << 10

// ChunkLines is a LineWriter that gathers what it is given into pieces of DataChunk
// bytes for its writer, and has copyOld copy the old file's lines (after what it
// gathered before); without copyOld there is no old file. Flush it at the end.
type ChunkLines struct {
	w       io.Writer
	buf     []byte
	copyOld func(off, n int64) error
}

// NewChunkLines is a ChunkLines writing to w, copying by copyOld (nil for none).
func NewChunkLines(w io.Writer, copyOld func(off, n int64) error) *ChunkLines {
	return &ChunkLines{w: w, buf: make([]byte, 0, DataChunk), copyOld: copyOld}
}

func (c *ChunkLines) Write(p []byte) (int, error) {
	if len(c.buf)+len(p) > cap(c.buf) {
		if err := c.Flush(); err != nil {
			return 0, err
		}
		if len(p) > cap(c.buf) {
			return c.w.Write(p)
		}
	}
	c.buf = append(c.buf, p...)
	return len(p), nil
}

// Flush writes what was gathered.
func (c *ChunkLines) Flush() error {
	if len(c.buf) == 0 {
		return nil
	}
	_, err := c.w.Write(c.buf)
	c.buf = c.buf[:0]
	return err
}

func (c *ChunkLines) CopyOld(off, n int64) error {
	if c.copyOld == nil {
		return errors.New("data: no old file to copy from")
	}
	if err := c.Flush(); err != nil {
		return err
	}
	return c.copyOld(off, n)
}

// memLines is a LineWriter into memory, copying from no old file.
type memLines struct{ bytes.Buffer }

func (*memLines) CopyOld(off, n int64) error { return errors.New("data: no old file to copy from") }

// appendResult appends the line of res, the open data of one result, to b.
func appendResult(b []byte, res *Result, base string) ([]byte, error) {
	rd := resultDataOf(res, base)
	if line, ok := appendResultJSON(b, &rd); ok {
		return line, nil
	}
	refused := rd // encoding/json says what it refuses (a copy, so that rd stays on the stack)
	line, err := marshalJSON(&refused)
	return append(b, line...), err
}

// resultDataOf is the open data of one result.
func resultDataOf(res *Result, base string) resultData {
	rd := resultData{
		ID: res.ID, URL: base + res.URL, Award: res.Award, Provisional: res.Provisional(), Title: res.Title,
		Category: res.Category, Innovation: res.Innovation, Group: res.Group,
		Unit:      unitRef{res.Unit.ID, res.Unit.Name},
		Submitted: dateString(res.Submitted), Started: dateString(res.Started), Completed: dateString(res.Completed),
		Summary: res.Summary, Social: res.Social, Studio: res.Studio, Tags: res.Tags,
		Commendations: res.Ladder, Description: res.body, Override: res.Override,
	}
	if res.Body != nil {
		rd.Body = &unitRef{res.Body.ID, res.Body.Name}
	}
	if v := res.Revoked; v != nil {
		rd.Revoked = &revokedData{v.Date.String(), v.Doc, v.Reason}
	}
	if res.HasEconomic {
		e := res.Economic
		rd.Economic = &e
	}
	for _, a := range res.Authors {
		rd.Authors = append(rd.Authors, authorData{a.Name, a.Role, a.Job})
	}
	for _, a := range res.Attachments {
		rd.Attachments = append(rd.Attachments, attachmentData{a.Title, base + urls.Escaped(a.URL), a.SHA256})
	}
	return rd
}

// marshalJSON is compact JSON without HTML escaping: the file is fetched, never inlined.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
