package render

import (
	"strings"
	"testing"
)

// TestSubmitFormConstraints: in the organize phase the 申报表 carries the contract's
// constraints for the browser to check, explains the steps without script, loads no
// WebAssembly and never claims the file passed the check.
func TestSubmitFormConstraints(t *testing.T) {
	tree := loadTree(t, minimalRoot)
	out, _ := renderTree(t, tree, "2023-06-01")
	page := string(out.files["submit/index.html"])
	for _, want := range []string{
		`<select name="unit" required>`,
		`name="title" required minlength="4" maxlength="60"`,
		`pattern="[a-z0-9]&#43;(-[a-z0-9]&#43;)*"`, // content.IDPattern, + escaped by html/template
		`type="radio" name="category" value="小发明" required`,
		`type="radio" name="group" value="职工" required`,
		`name="summary" required maxlength="200"`,
		`type="date" name="submitted" required min="2023-03-01" max="2023-09-30"`,
		`type="number" name="economic" min="0"`,
		`name="author_name" required maxlength="20"`,
		`name="body" rows="14" required minlength="100"`,
		`<noscript>`, `wuxiao new submission`, `合并请求中运行全部检查`,
		`/static/submit.js`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("submit page lacks %s", want)
		}
	}
	for _, bad := range []string{"检查通过", "wasm", "<script>"} {
		if strings.Contains(page, bad) {
			t.Errorf("submit page has %q", bad)
		}
	}
}
