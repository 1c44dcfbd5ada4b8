package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wuxiao/generator/testtree"
)

func TestLedgerCommand(t *testing.T) {
	root := testtree.Write(t, nil)
	for _, name := range []string{"台帐.xlsx", "台帐.csv"} {
		out := filepath.Join(t.TempDir(), name)
		code, stdout, stderr := run("ledger", "--year", "2023", "--root", root, "--out", out)
		if code != 0 || !strings.Contains(stdout, "5 项成果，4 个县区/产业/市直工会，5 个基层单位") {
			t.Fatalf("%s: exit %d\n%s%s", name, code, stdout, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".csv") && (!bytes.HasPrefix(data, []byte("\xef\xbb\xbf序号,")) || bytes.Count(data, []byte("\r\n")) != 6) {
			t.Errorf("CSV: BOM, header and 5 rows expected:\n%s", data)
		}
		if strings.HasSuffix(name, ".xlsx") && !bytes.HasPrefix(data, []byte("PK")) {
			t.Errorf("not a zip-based workbook")
		}
	}
}

func TestLedgerRefusesPublic(t *testing.T) {
	root := testtree.Write(t, nil)
	os.MkdirAll(filepath.Join(root, "public", "2023"), 0o755)
	link := filepath.Join(t.TempDir(), "site")
	if err := os.Symlink(filepath.Join(root, "public"), link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{
		filepath.Join(root, "public", "台帐.xlsx"),
		filepath.Join(root, "public", "2023", "new", "台帐.csv"),
		filepath.Join(root, "public", "..", "public", "x.csv"),
		filepath.Join(link, "台帐.xlsx"),
	} {
		code, _, stderr := run("ledger", "--year", "2023", "--root", root, "--out", out)
		if code != ExitUsage || !strings.Contains(stderr, "不能写进网站发布目录 public/") {
			t.Errorf("%s: exit %d, %s", out, code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s was written", out)
		}
	}
	// A sibling that merely starts with "public" is fine.
	out := filepath.Join(root, "publication.csv")
	if code, _, stderr := run("ledger", "--year", "2023", "--root", root, "--out", out); code != 0 {
		t.Errorf("%s: exit %d, %s", out, code, stderr)
	}
}

func TestLedgerUsage(t *testing.T) {
	root := testtree.Write(t, nil)
	for _, args := range [][]string{
		{"ledger", "--root", root, "--out", "x.xlsx"},
		{"ledger", "--year", "2023", "--root", root},
		{"ledger", "--year", "2023", "--root", root, "--out", "x.pdf"},
		{"ledger", "--year", "1999", "--root", root, "--out", filepath.Join(t.TempDir(), "x.csv")},
	} {
		if code, _, _ := run(args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}
