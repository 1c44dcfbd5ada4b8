package rules

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

func itoa(i int) string { return strconv.Itoa(i) }

// clip shortens s to n characters for messages.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
