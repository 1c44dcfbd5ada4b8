package desk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"go.yaml.in/yaml/v3"
	"mime/multipart"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"wuxiao/generator/content"
	"wuxiao/generator/scaffold"
)

// FuzzDeclarationRoundTrip: whatever is typed into the declaration form's text fields, the
// submission file the desk writes reads back (through the checker's loader) as exactly
// what was typed, or the loader refuses it; no newline, ---, ": ", anchor or alias in a
// field makes another key or a second document. Run with
// go test ./generator/desk -run '^$' -fuzz FuzzDeclarationRoundTrip -fuzztime 2m -parallel 1.
func FuzzDeclarationRoundTrip(f *testing.F) {
	f.Add("井下皮带自动张紧装置", "简介", "某某工作室", "减少停机", "王建国", "主要完成人", "皮带司机", "王建国", "13903530011", "皮带，张紧", "应用证明", "## 问题\n\n正文")
	f.Add("a: b\n---\nc: d", "&x [1]", "*x", "'q' \"q\" #c", "- x", "? k", "|\n  lit", ">\n fold", "!!binary AAA=", "%YAML 1.2", "{a: b}", "---\ntitle: x\n---\n")
	f.Add(strings.Repeat("长", 5000), "\t\u2028\u0085x", "\x00\x1b\x7f", "~", "null", "true", "0x10", "2026-01-01", "1e3", " , ", "\ufeffbom", "<script>alert(1)</script>")
	f.Fuzz(func(t *testing.T, title, summary, studio, social, name, role, job, contactName, phone, tags, proofTitle, body string) {
		// As readDeclaration leaves a field.
		norm := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
		d := declaration{Title: norm(title), Summary: norm(summary), Studio: norm(studio), Social: norm(social),
			Authors:     []author{{Name: norm(name), Role: norm(role), Job: norm(job)}},
			ContactName: norm(contactName), ContactPhone: norm(phone), Tags: norm(tags), Body: norm(body)}
		proofs := []proof{{File: "abcdef12-1.pdf", Title: norm(proofTitle), SHA256: strings.Repeat("a", 64)}}
		text := scaffold.SubmissionText(d.submission(proofs), scaffold.SubmissionContext{ID: "u1/x", Year: 2026})
		tree, _, err := content.Load(content.MemFS{"content/2026/submissions/u1/x.md": []byte(text)})
		valid := true
		for _, x := range []string{title, summary, studio, social, name, role, job, contactName, phone, tags, proofTitle, body} {
			valid = valid && utf8.ValidString(x)
		}
		if !valid {
			return // a browser sends UTF-8; the checker refuses a file that is not
		}
		if err != nil || len(tree.Years) != 1 || len(tree.Years[0].Submissions) != 1 {
			t.Fatalf("the written file does not load as one submission (%v)\n%s", err, text)
		}
		s := tree.Years[0].Submissions[0]
		same := func(field, typed, read string) {
			if typed == "" || !utf8.ValidString(typed) {
				return
			}
			if typed != read {
				t.Errorf("%s typed %q reads back %q\n%s", field, typed, read, text)
			}
		}
		same("title", d.Title, s.Title)
		same("summary", d.Summary, s.Summary)
		same("studio", d.Studio, s.Studio)
		same("social", d.Social, s.Benefit.Social)
		if len(s.Authors) == 1 {
			same("name", d.Authors[0].Name, s.Authors[0].Name)
			same("role", d.Authors[0].Role, s.Authors[0].Role)
			same("job", d.Authors[0].Job, s.Authors[0].Job)
		} else if d.Authors[0].Name != "" {
			t.Errorf("%d authors read back\n%s", len(s.Authors), text)
		}
		if s.Contact != nil {
			same("contact name", d.ContactName, s.Contact.Name)
			same("phone", d.ContactPhone, s.Contact.Phone)
		}
		if len(s.Attachments) == 1 {
			same("proof title", proofs[0].Title, s.Attachments[0].Title)
		} else {
			t.Errorf("%d attachments read back\n%s", len(s.Attachments), text)
		}
		if want := d.submission(nil).Tags; utf8.ValidString(d.Tags) && !slices.Equal(want, s.Tags) && len(want) > 0 {
			t.Errorf("tags %q read back %q\n%s", want, s.Tags, text)
		}
		if d.Body != "" && utf8.ValidString(d.Body) && strings.TrimSpace(s.Body) != d.Body {
			t.Errorf("body %q reads back %q", d.Body, s.Body)
		}
	})
}

// FuzzReadProof: an upload of any name and bytes is taken only as a PDF, JPEG or PNG by its
// bytes, with the sha256 of exactly those bytes, and the title its name gives is plain text
// of at most maxNameTitle characters. Run with
// go test ./generator/desk -run '^$' -fuzz FuzzReadProof -fuzztime 2m -parallel 1.
func FuzzReadProof(f *testing.F) {
	f.Add("证明.pdf", []byte("%PDF-1.4\n"))
	f.Add("a.png", []byte("\x89PNG\r\n\x1a\n"))
	f.Add("../../x.jpeg", []byte("\xff\xd8\xff\xe0"))
	f.Add("证明\u202Efdp.exe.pdf", []byte("%PDF-<html><script>"))
	f.Add("a.svg", []byte("<svg onload=alert(1)>"))
	f.Add("", []byte(""))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		w, err := mw.CreateFormFile("proof", name)
		if err != nil {
			return
		}
		w.Write(data)
		mw.Close()
		form, err := multipart.NewReader(&b, mw.Boundary()).ReadForm(1 << 20)
		if err != nil || len(form.File["proof"]) != 1 {
			return // the form itself is unreadable: refused with 400
		}
		defer form.RemoveAll()
		fh := form.File["proof"][0]
		var got bytes.Buffer
		ext, sum, size, err := readProof(fh, &got)
		if err == nil {
			want := sha256.Sum256(data)
			if !bytes.Equal(got.Bytes(), data) || size != int64(len(data)) || sniff(data) != ext || proofTypes[ext] == "" || sum != hex.EncodeToString(want[:]) {
				t.Errorf("%q taken as %s, sha256 %s", name, ext, sum)
			}
		}
		title := titleFromName(fh.Filename)
		if title == "" || !utf8.ValidString(title) || utf8.RuneCountInString(title) > maxNameTitle || strings.ContainsAny(title, "/\\") ||
			strings.ContainsFunc(title, func(r rune) bool { return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) }) {
			t.Errorf("name %q gives title %q", fh.Filename, title)
		}
	})
}

// FuzzYAMLString: a value the desk quotes into a YAML file it writes (a bulletin's title, a
// commendation's 文号, an expert's comment) reads back as exactly that text.
func FuzzYAMLString(f *testing.F) {
	for _, s := range []string{"矿一工发〔2026〕3号", "a: b\n---\n&x *x", "\x00\x7f\u0085\u2028\ufeff", "\\x41 \\u0041", "'\"#|>", "\U0001F600"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // no form reaches here with bytes that are not UTF-8 (textOf, readDeclaration)
		}
		var got struct{ K string }
		if err := yaml.Unmarshal([]byte("k: "+yamlString(s)+"\n"), &got); err != nil || got.K != s {
			t.Errorf("%q written %s reads back %q (%v)", s, yamlString(s), got.K, err)
		}
	})
}
