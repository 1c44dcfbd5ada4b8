package main

import (
	"bytes"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

func TestNewUsage(t *testing.T) {
	root := testtree.Demo(t)
	for _, args := range [][]string{
		{"new"},
		{"new", "thing"},
		{"new", "submission", "--unit", "nobody", "--title", "某某装置研制"},
		{"new", "submission", "--unit", "shizhi-cdc"},
		{"new", "submission", "--unit", "shizhi-cdc", "--title", "某某装置研制", "--year", "2019"},
		{"new", "submission", "--unit", "yuxian-casting", "--title", "某某装置研制"}, // banned
	} {
		var stdout, stderr bytes.Buffer
		if code := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(append(args, "--root", root)); code != ExitUsage {
			t.Errorf("%v：退出码 %d，应为 %d", args, code, ExitUsage)
		}
		if stderr.Len() == 0 {
			t.Errorf("%v：没有说明", args)
		}
	}
}

func TestNewUnknownKindSaysSo(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := (&Main{Stdout: &stdout, Stderr: &stderr}).Run([]string{"new", "reviw"})
	if code != ExitUsage || !strings.Contains(stderr.String(), "未知的类型 \"reviw\"") || !strings.Contains(stderr.String(), "wuxiao new review --expert") {
		t.Errorf("exit %d\n%s", code, stderr.String())
	}
}
