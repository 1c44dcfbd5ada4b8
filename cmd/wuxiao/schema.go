package main

import (
	"fmt"
	"path/filepath"

	"wuxiao/generator"
)

// schema: wuxiao schema [--root DIR] [--out DIR]
func (m *Main) schema(args []string) int {
	fs := m.newFlags("schema")
	root := fs.String("root", ".", "包含 content/ 的目录（--out 为相对路径时以它为基准）")
	out := fs.String("out", "schemas", "写出 JSON Schema 的目录")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	dir := *out
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(*root, dir)
	}
	names, err := generator.WriteSchemas(dir)
	if err != nil {
		return m.fail("schema", ExitUsage, err)
	}
	for _, n := range names {
		fmt.Fprintln(m.Stdout, filepath.Join(dir, n))
	}
	fmt.Fprintf(m.Stderr, "已写出 %d 个 JSON Schema。编辑器（如装有 YAML 插件的 VS Code）可按文件开头的 # yaml-language-server: $schema=… 补全和检查字段。\n", len(names))
	return ExitOK
}
