package generator

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"wuxiao/generator/schema"
)

// WriteSchemas writes one JSON Schema per kind of content file into dir and returns their names.
func WriteSchemas(dir string) ([]string, error) {
	files, err := schema.All()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := writeAtomic(filepath.Join(dir, name), files[name]); err != nil {
			return nil, err
		}
	}
	return names, nil
}

func runSchema(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("schema", stderr)
	root := fs.String("root", ".", "包含 content/ 的目录（--out 为相对路径时以它为基准）")
	out := fs.String("out", "schemas", "写出 JSON Schema 的目录")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	dir := *out
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(*root, dir)
	}
	names, err := WriteSchemas(dir)
	if err != nil {
		fmt.Fprintf(stderr, "wuxiao schema：%v\n", err)
		return ExitUsage
	}
	for _, n := range names {
		fmt.Fprintln(stdout, filepath.Join(dir, n))
	}
	fmt.Fprintf(stderr, "已写出 %d 个 JSON Schema。编辑器（如装有 YAML 插件的 VS Code）可按文件开头的 # yaml-language-server: $schema=… 补全和检查字段。\n", len(names))
	return ExitOK
}
