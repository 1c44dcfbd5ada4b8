package content

import (
	"path"
	"strings"
	"testing"
)

// TestLocalFile: the file a destination names beside the body, as a browser reads it.
func TestLocalFile(t *testing.T) {
	for dest, want := range map[string]string{
		"xianchang.png":              "xianchang.png",
		"./zhaopian/xianchang.png":   "zhaopian/xianchang.png",
		"zhaopian/../xianchang.png":  "xianchang.png",
		"xian%20chang.png?v=1#top":   "xian chang.png",
		"xian&#99;hang.png":          "xianchang.png",
		`zhaopian\xianchang.png`:     "zhaopian/xianchang.png",
		"%E7%8E%B0%E5%9C%BA.png":     "现场.png",
		"https://evil.example/a.png": "",
		"HTTPS:a.png":                "",
		"mailto:a@b.c":               "",
		"//evil.example/a.png":       "",
		"/2023/a.png":                "",
		"../a.png":                   "",
		"zhaopian/../../a.png":       "",
		"zhaopian/":                  "",
		"#top":                       "",
		"":                           "",
		"..":                         "",
	} {
		if got := LocalFile(dest); got != want {
			t.Errorf("LocalFile(%q) = %q, want %q", dest, got, want)
		}
	}
}

// FuzzLocalFile: whatever the destination, the name LocalFile gives stays beside the body.
func FuzzLocalFile(f *testing.F) {
	for _, s := range []string{"a.png", "./b/../c.jpg", "x%2F..%2F..%2Fy", "&#46;&#46;/a", "a:b/c", "a/b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dest string) {
		name := LocalFile(dest)
		if name == "" {
			return
		}
		if path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") || strings.HasPrefix(name, "/") {
			t.Fatalf("LocalFile(%q) = %q leaves the body's folder", dest, name)
		}
	})
}
