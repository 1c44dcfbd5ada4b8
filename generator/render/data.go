package render

import (
	"bytes"
	"encoding/json"
	"errors"

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

// writeData writes data/<year>.json for every year whose results are public.
func (r *renderer) writeData() error {
	base := r.site.BaseURL
	for _, y := range r.site.Years {
		if !y.Public {
			continue
		}
		if err := r.writeYearFile(y, urls.Data(y.Year), false, func() ([]byte, error) { return yearJSON(y, base) }); err != nil {
			return err
		}
	}
	return nil
}

// yearJSON is the open data of year y.
func yearJSON(y *Year, base string) ([]byte, error) {
	d := yearData{Year: y.Year, Title: y.Title, Status: y.Status, Doc: y.ResultsDoc, URL: base + y.URL,
		Results: []resultData{}, WinningUnits: []unitRef{}}
	if y.Notice != nil {
		d.Notice = &spanData{y.Notice.From.String(), y.Notice.To.String()}
	}
	for _, u := range y.WinningUnits {
		d.WinningUnits = append(d.WinningUnits, unitRef{u.ID, u.Name})
	}
	return marshalYear(d, y.Results, base)
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
		rd.Attachments = append(rd.Attachments, attachmentData{a.Title, base + a.URL, a.SHA256})
	}
	return rd
}

// marshalYear writes a year's data as compact JSON with each result on a line of its
// own: a tenth smaller than indented JSON, and a change to one result stays a one-line
// diff. Every quote inside a JSON string is escaped, so `,"results":[]` can only be
// the key itself.
// The results are turned into open data one at a time, as they are written.
func marshalYear(d yearData, results []*Result, base string) ([]byte, error) {
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
	size := len(head)
	for _, res := range results {
		size += len(res.body) + len(res.Summary) + 2<<10 // the rest of a result's line is rarely longer
	}
	var out bytes.Buffer
	out.Grow(size)
	out.Write(head[:at])
	enc := json.NewEncoder(&out) // each line straight into the file's buffer
	enc.SetEscapeHTML(false)
	for i := range results {
		if i > 0 {
			out.WriteByte(',')
		}
		out.WriteByte('\n')
		if err := enc.Encode(resultDataOf(results[i], base)); err != nil {
			return nil, err
		}
		out.Truncate(out.Len() - 1) // Encode's newline
	}
	out.WriteByte('\n')
	out.Write(head[at:])
	out.WriteByte('\n')
	return out.Bytes(), nil
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
