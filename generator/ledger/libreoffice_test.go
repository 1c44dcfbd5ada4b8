//go:build unix

package ledger_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"wuxiao/generator/ledger"
	"wuxiao/generator/testtree"
)

// The CSV ledger in LibreOffice Calc (7.4, Debian's), as the office opens it. A double
// click brings up Calc's Text Import dialog; testdata/calc_open.py drives that real dialog
// (no display needed) and reports the character set it preselects and the cells it makes
// (skipped without python3-uno); the same import also runs headless with the options that
// dialog produces (recorded below). Either way every cell must read back as written: no mojibake,
// no byte order mark in A1, no field split at a semicolon or tab (the dialog's default
// separators are tab, semicolon and comma).
//
// What LibreOffice 7.4.7 was measured to do, by calc_open.py with a fresh profile under
// the C, zh_CN.UTF-8 and zh_CN.GB18030 locales: the dialog preselects Unicode (UTF-8) for
// UTF-8 with or without a byte order mark (it asks ICU's detector), so both open right;
// a GB18030 file gets Unicode (UTF-8) too and shows mojibake until the user picks
// GB18030 in the dialog. Only a headless conversion with no import options
// (soffice --convert-to without --infilter) reads Windows-1252 whatever the file holds.

// dialogOptions are the import options LibreOffice 7.4.7's Text Import dialog produces for
// the ledger with its defaults untouched (separators tab, semicolon and comma; text in
// double quotes; UTF-8; from row 1).
const dialogOptions = "9/59/44,34,76,1,,0,false,false,true,false,false,0,false"

// awkward puts what a spreadsheet import trips on into the ledger's text: an ASCII
// semicolon, a tab, a comma, quotes and a line break.
func awkward(l *ledger.Ledger) {
	l.Rows[0].Title = "管网漏水;声波定位法"
	l.Rows[1].Title = `“三合一”,"快速"接头`
	l.Rows[2].Authors = "王建国\t李明"
	l.Rows[3].Commendations = "第一行\n第二行"
}

// calcCrashedSays is what calc_open.py says (and exits 3) when LibreOffice itself died
// of a signal, not the script.
const calcCrashedSays = "LibreOffice crashed (signal"

// killedBySignal says whether err is that of a process a signal ended.
func killedBySignal(err error) bool {
	var exit *exec.ExitError
	return errors.As(err, &exit) && exit.ExitCode() == -1
}

// officeVersion is what soffice says of its version, or "" when it says nothing.
func officeVersion(soffice string) string {
	out, _ := exec.Command(soffice, "--version").Output()
	return strings.TrimSpace(string(out))
}

// lastLines is the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func TestCSVInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("needs LibreOffice Calc: apt-get install libreoffice-calc-nogui (and python3-uno to drive its import dialog)")
	}
	l := minimal(t)
	awkward(l)
	dir := t.TempDir()
	file := filepath.Join(dir, "台帐.csv")
	var buf bytes.Buffer
	if err := l.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}

	t.Run("dialog", func(t *testing.T) {
		python, err := testtree.Python()
		pythonPath := strings.Join([]string{os.Getenv("PYTHONPATH"), "/usr/lib/python3/dist-packages", "/usr/lib/libreoffice/program"}, string(os.PathListSeparator))
		if err == nil {
			check := exec.Command(python, "-c", "import uno")
			check.Env = append(os.Environ(), "PYTHONPATH="+pythonPath)
			err = check.Run()
		}
		if err != nil {
			t.Skip("needs python3-uno to drive the Text Import dialog (apt-get install python3-uno)")
		}
		cmd := office(t, python, filepath.Join("testdata", "calc_open.py"), soffice, officeProfile(t, filepath.Join(dir, "dialog-profile")), file)
		cmd.Env = append(os.Environ(), "PYTHONPATH="+pythonPath)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil && strings.Contains(stderr.String(), calcCrashedSays) {
			t.Skipf("%s crashed in its own Text Import dialog (svp backend); the headless import below still reads every cell back with the options that dialog makes:\n%s",
				officeVersion(soffice), lastLines(stderr.String(), 3))
		}
		if killedBySignal(err) {
			// python3-uno's bridge can die with LibreOffice before the script says so
			// (1 run in 7 under load: "signal: segmentation fault"): a crash of theirs too
			t.Skipf("calc_open.py died of a signal (%v) driving %s's Text Import dialog, its UNO bridge with LibreOffice; the headless import below still reads every cell back:\n%s",
				err, officeVersion(soffice), lastLines(stderr.String(), 3))
		}
		if err != nil {
			t.Fatalf("calc_open.py: %v\n%s", err, stderr.Bytes())
		}
		var got struct {
			Charset, Filter, Options string
			Cells                    [][]string
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("calc_open.py: %v\n%s", err, out)
		}
		t.Logf("Text Import dialog: character set %s, filter %s, options %s", got.Charset, got.Filter, got.Options)
		if got.Charset != "Unicode (UTF-8)" {
			t.Errorf("the Text Import dialog preselects %s, not Unicode (UTF-8)", got.Charset)
		}
		if got.Options != dialogOptions {
			t.Errorf("the dialog's options are %s, not %s as recorded for the headless import", got.Options, dialogOptions)
		}
		compareCells(t, got.Cells, want)

		// The GB18030 export, for the record: what the same dialog makes of it.
		var gb bytes.Buffer
		if err := l.WriteCSVGB18030(&gb); err != nil {
			t.Fatal(err)
		}
		gbFile := filepath.Join(dir, "台帐-gb18030.csv")
		if err := os.WriteFile(gbFile, gb.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd = office(t, python, filepath.Join("testdata", "calc_open.py"), soffice, officeProfile(t, filepath.Join(dir, "gb-profile")), gbFile)
		cmd.Env = append(os.Environ(), "PYTHONPATH="+pythonPath)
		if out, err = cmd.Output(); err == nil && json.Unmarshal(out, &got) == nil && len(got.Cells) > 0 && len(got.Cells[0]) > 1 {
			t.Logf("the GB18030 file: the dialog preselects %s; A1, B1 read %q, %q", got.Charset, got.Cells[0][0], got.Cells[0][1])
		}
	})

	t.Run("headless", func(t *testing.T) {
		out := filepath.Join(dir, "out")
		cmd := office(t, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(officeProfile(t, filepath.Join(dir, "headless-profile"))), "--headless",
			"--infilter=Text - txt - csv (StarCalc):"+dialogOptions,
			"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true", "--outdir", out, file)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, msg)
		}
		data, err := os.ReadFile(filepath.Join(out, "台帐.csv"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		compareCells(t, got, want)
	})
}

// compareCells wants every cell as written; numbers may show differently (73.00 as 73).
func compareCells(t *testing.T, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d rows, want %d", len(got), len(want))
	}
	for r := range min(len(got), len(want)) {
		if len(got[r]) != len(want[r]) && !(len(got[r]) > len(want[r]) && allEmpty(got[r][len(want[r]):])) {
			t.Errorf("row %d has %d cells, want %d: %q", r+1, len(got[r]), len(want[r]), got[r])
			continue
		}
		for c := range want[r] {
			g, w := got[r][c], want[r][c]
			if g == w {
				continue
			}
			gf, gerr := strconv.ParseFloat(g, 64)
			wf, werr := strconv.ParseFloat(w, 64)
			if gerr == nil && werr == nil && gf == wf {
				continue
			}
			t.Errorf("row %d column %d (%s) is %q, want %q", r+1, c+1, want[0][c], g, w)
		}
	}
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

// TestXLSXInLibreOffice opens the workbook in LibreOffice Calc (headless) and looks at
// what Calc made of it: every sheet has its filter buttons and repeats its header row on
// each printed page, and every page prints on A4 landscape (the main sheet, long enough
// here for several pages, one page wide).
func TestXLSXInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("needs LibreOffice Calc: apt-get install libreoffice-calc-nogui")
	}
	l := minimal(t)
	for len(l.Rows) < 80 {
		l.Rows = append(l.Rows, l.Rows[:5]...)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "台帐.xlsx")
	var buf bytes.Buffer
	if err := l.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	profile := officeProfile(t, filepath.Join(dir, "profile"))
	for _, format := range []string{"ods", "pdf"} {
		cmd := office(t, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(profile), "--headless",
			"--convert-to", format, "--outdir", dir, file)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice --convert-to %s: %v\n%s", format, err, msg)
		}
	}

	zr, err := zip.OpenReader(filepath.Join(dir, "台帐.ods"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var contentXML []byte
	for _, f := range zr.File {
		if f.Name == "content.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			contentXML, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	sheets := regexp.MustCompile(`<table:table table:name="([^"]+)"`).FindAllSubmatchIndex(contentXML, -1)
	if len(sheets) < 5 {
		t.Fatalf("Calc sees %d sheets", len(sheets))
	}
	for i, m := range sheets {
		name := string(contentXML[m[2]:m[3]])
		end := len(contentXML)
		if i+1 < len(sheets) {
			end = sheets[i+1][0]
		}
		// the first row is the one repeated: no ordinary row comes before the header rows
		table := contentXML[m[0]:end]
		header, row := bytes.Index(table, []byte("<table:table-header-rows>")), bytes.Index(table, []byte("<table:table-row"))
		if header < 0 || row < header {
			t.Errorf("sheet %s: its first row is not repeated on each printed page", name)
		}
		filter := regexp.MustCompile(`<table:database-range [^>]*table:target-range-address="` + regexp.QuoteMeta(name) + `\.A1:[^"]*"[^>]*table:display-filter-buttons="true"`)
		if !filter.Match(contentXML) {
			t.Errorf("sheet %s: no filter buttons on its header row", name)
		}
	}

	pdf, err := os.ReadFile(filepath.Join(dir, "台帐.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	boxes := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) < len(sheets)+1 {
		t.Errorf("%d pages printed for %d sheets, the main one of %d rows", len(boxes), len(sheets), len(l.Rows))
	}
	for i, b := range boxes {
		w, _ := strconv.ParseFloat(string(b[1]), 64)
		h, _ := strconv.ParseFloat(string(b[2]), 64)
		if math.Abs(w-841.89) > 1 || math.Abs(h-595.3) > 1 {
			t.Errorf("page %d is %.0f × %.0f pt, not A4 landscape (842 × 595)", i+1, w, h)
		}
	}
	t.Logf("Calc: %d sheets, %d pages printed", len(sheets), len(boxes))
	if _, err := os.Stat(filepath.Join(profile, "user", "GraphicsRenderTests.log")); err == nil {
		t.Error("LibreOffice ran its graphics self-tests at each start (about 7 s of processor time each): officeProfile no longer keeps it from them")
	}
}

// officeProfile makes dir a LibreOffice profile that has met this version of LibreOffice
// already, and returns dir. A profile that has not (a fresh one, and any profile a headless
// start made: only the first-start wizard records the version) makes every start run
// LibreOffice's graphics self-tests (GraphicsRenderTests, logged to the profile's
// GraphicsRenderTests.log), which draw in 4096-pixel bitmaps: about 7 of the 8 s of
// processor time a conversion took here. They only log what the drawing backend can
// do; the documents are read, converted and printed the same.
func officeProfile(t *testing.T, dir string) string {
	t.Helper()
	// ooSetupLastVersion is compared as major*10+minor with the running version: 99.9
	// is never older, whichever LibreOffice runs the tests.
	const seen = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>99.9</value></prop></item>
</oor:items>
`
	if err := os.MkdirAll(filepath.Join(dir, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "user", "registrymodifications.xcu"), []byte(seen), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// office runs a LibreOffice command (soffice, or the script that drives it) in a process
// group of its own, killed whole after two minutes: soffice's wrapper leaves soffice.bin
// behind when only the wrapper is killed.
func office(t *testing.T, name string, args ...string) *exec.Cmd {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	t.Cleanup(removeNewPipes(t))
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// removeNewPipes returns a function that removes the sockets LibreOffice made in /tmp since
// removeNewPipes was called: its process pipes (OSL_PIPE_<uid>_…, in /tmp whatever TMPDIR
// says), which it leaves behind, two more on every run of these tests.
func removeNewPipes(t *testing.T) func() {
	pattern := filepath.Join("/tmp", "OSL_PIPE_"+strconv.Itoa(os.Getuid())+"_*")
	before, _ := filepath.Glob(pattern)
	return func() {
		after, _ := filepath.Glob(pattern)
		for _, p := range after {
			if fi, err := os.Lstat(p); err == nil && fi.Mode()&os.ModeSocket != 0 && !slices.Contains(before, p) {
				if err := os.Remove(p); err != nil {
					t.Logf("LibreOffice's pipe %s stays: %v", p, err)
				}
			}
		}
	}
}

// TestKilledBySignal: a process a signal ended is told from one that exited with a status.
func TestKilledBySignal(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("needs a POSIX sh")
	}
	killed := exec.Command(sh, "-c", "kill -SEGV $$").Run()
	exited := exec.Command(sh, "-c", "exit 3").Run()
	if !killedBySignal(killed) || killedBySignal(exited) || killedBySignal(nil) {
		t.Errorf("killed %v: %v; exited %v: %v; nil: %v", killed, killedBySignal(killed), exited, killedBySignal(exited), killedBySignal(nil))
	}
}
