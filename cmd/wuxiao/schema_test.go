package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"wuxiao/generator/content"
)

func TestSchemaCommand(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := (&Main{Stdout: &stdout, Stderr: &stderr, Getenv: os.Getenv}).Run([]string{"schema", "--out", dir}); code != ExitOK {
		t.Fatalf("退出码 %d：%s", code, stderr.String())
	}
	for _, k := range content.FileKinds() {
		data, err := os.ReadFile(filepath.Join(dir, k.Name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var s map[string]any
		if err := json.Unmarshal(data, &s); err != nil || s["$schema"] == nil {
			t.Errorf("%s.json 不是 JSON Schema：%v", k.Name, err)
		}
	}
	if code := (&Main{Stdout: &stdout, Stderr: &stderr, Getenv: os.Getenv}).Run([]string{"schema", "--bogus"}); code != ExitUsage {
		t.Errorf("未知选项的退出码为 %d", code)
	}
}
