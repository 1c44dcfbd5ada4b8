package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing/fstest"

	"wuxiao/generator/render"
	"wuxiao/generator/scaffold"
	"wuxiao/generator/schema"
)

// The submission form's checker (cmd/wuxiao-wasm, package form compiled to WebAssembly)
// is built with the site, from the same source as the wuxiao that checks the content in
// CI, so that the form can never drift from it. It is built only where a Go toolchain and
// the wuxiao module are at hand (always in CI); the build is reproducible there: Go's
// builds are, given the source and the toolchain, and the flags below strip paths, VCS
// stamps and build ids. Elsewhere the site has no checker and the form page says so.
// A committed prebuilt file was the other choice; it would add a 7.7 MB blob to Git on
// every change to the rules and could fall behind them.

// Checker files, under the theme's static/ folder.
const (
	CheckerWasm = "static/checker.wasm"
	CheckerJS   = "static/wasm_exec.js"
)

// ErrNoToolchain means the form's checker could not be built here.
var ErrNoToolchain = errors.New("没有 Go 工具链或 wuxiao 源代码，申报表页面将不带在线检查")

// buildChecker compiles cmd/wuxiao-wasm of the wuxiao module that holds root (or the
// current folder) and returns it with Go's wasm_exec.js, as theme files.
func buildChecker(root string) (fstest.MapFS, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, ErrNoToolchain
	}
	dir := ""
	for _, from := range []string{root, "."} {
		if d := wuxiaoModule(goBin, from); d != "" {
			dir = d
			break
		}
	}
	if dir == "" {
		return nil, ErrNoToolchain
	}
	tmp, err := os.MkdirTemp("", "wuxiao-wasm-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "checker.wasm")
	cmd := exec.Command(goBin, "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-o", out, "./cmd/wuxiao-wasm")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("编译申报表检查程序失败：%v\n%s", err, msg)
	}
	wasm, err := os.ReadFile(out)
	if err != nil {
		return nil, err
	}
	goroot, err := exec.Command(goBin, "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT：%w", err)
	}
	js, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("找不到 wasm_exec.js：%w", err)
	}
	return fstest.MapFS{CheckerWasm: {Data: wasm, Mode: 0o644}, CheckerJS: {Data: js, Mode: 0o644}}, nil
}

// wuxiaoModule is the folder of the wuxiao module that holds dir, or "".
func wuxiaoModule(goBin, dir string) string {
	cmd := exec.Command(goBin, "env", "GOMOD")
	cmd.Dir = dir
	gomod, err := cmd.Output()
	if err != nil {
		return ""
	}
	p := strings.TrimSpace(string(gomod))
	data, err := os.ReadFile(p)
	if err != nil || !bytes.HasPrefix(bytes.TrimSpace(data), []byte("module wuxiao\n")) {
		return ""
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(p), "cmd", "wuxiao-wasm")); err != nil {
		return ""
	}
	return filepath.Dir(p)
}

// schemaFiles are the JSON Schemas of the content files, as theme files under
// static/schemas/, where the files wuxiao new writes point editors.
func schemaFiles() (fstest.MapFS, error) {
	files, err := schema.All()
	if err != nil {
		return nil, err
	}
	out := fstest.MapFS{}
	for name, data := range files {
		out[scaffold.SchemaDir+name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return out, nil
}

// generated are the files the site publishes beside the theme's static files: the
// schemas and, where it can be built, the form's checker.
func generated(root string) (fstest.MapFS, error) {
	files, err := schemaFiles()
	if err != nil {
		return nil, err
	}
	checker, err := buildChecker(root)
	if err != nil && !errors.Is(err, ErrNoToolchain) {
		return nil, err
	}
	maps.Copy(files, checker)
	return files, nil
}

// withGenerated puts files under the default theme, so that a site's own layouts/ can
// still override them and render versions them like every static file.
func withGenerated(theme render.Overlay, files fs.FS) render.Overlay {
	theme.Default = render.Overlay{Site: theme.Default, Default: files}
	return theme
}
