package pullreq

import "strings"

// lineBreaks are what Git, the forges or a reader's screen take for the end of a line.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\v", " ", "\f", " ", "\u0085", " ", "\u2028", " ", "\u2029", " ")

// OneLine is s with its line breaks made spaces, for text from content or forms written
// where a line has a meaning of its own: a comment line of CODEOWNERS (a unit's name,
// whose second line would be a rule), a pull request's title and its commit message (a
// 文号 or title typed in the desk, whose second line would read as a trailer).
func OneLine(s string) string { return lineBreaks.Replace(s) }
