package desk

import (
	"regexp"
	"slices"
	"strings"

	"wuxiao/generator/content"
)

// A declaration's photos are shown in its body by a box beside each (no Markdown, no file
// name to know): ticked, the body ends with the photo's image; unticked or the photo
// deleted, the body has no image of it. A shown photo is public, as the check asks.

// showsPhoto tells whether body shows the image file.
func showsPhoto(body, file string) bool {
	return slices.Contains(content.BodyImages(body), file)
}

// withPhoto is body showing the image file once, as its own paragraph at the end when it
// did not show it already, described by title.
func withPhoto(body, file, title string) string {
	if showsPhoto(body, file) {
		return body
	}
	body = strings.TrimRight(body, " \t\r\n") // the form's texts are kept trimmed
	if body != "" {
		body += "\n\n"
	}
	return body + "![" + altText(title) + "](" + file + ")"
}

// withoutPhoto is body with every inline image of file taken out: a paragraph of the
// image alone goes with its blank line, an image on a line of its own goes with the line.
func withoutPhoto(body, file string) string {
	if !showsPhoto(body, file) { // a link, or an image's text in a code block, stays
		return body
	}
	name := regexp.QuoteMeta(file)
	image := `!\[(?:[^\]\\\n]|\\.)*\]\(\s*(?:<` + name + `>|` + name + `)(?:\s+"[^"\n]*")?\s*\)`
	out := regexp.MustCompile(`\n[ \t]*\n[ \t]*`+image+`[ \t]*(?:\n|$)`).ReplaceAllString(body, "\n")
	out = regexp.MustCompile(`(?m)^[ \t]*`+image+`[ \t]*(?:\n|$)`).ReplaceAllString(out, "")
	out = regexp.MustCompile(image).ReplaceAllString(out, "")
	if out == body {
		return body
	}
	return strings.TrimRight(strings.TrimLeft(out, "\r\n"), " \t\r\n")
}

// altText is title as an image's description: its brackets, backslashes and tag openers
// escaped, on one line (the site shows the description as it was typed).
func altText(title string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `<`, `\<`, "\n", " ", "\r", " ").Replace(title)
}
