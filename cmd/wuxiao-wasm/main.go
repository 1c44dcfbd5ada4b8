//go:build js && wasm

// Command wuxiao-wasm is the submission form's checker: package form compiled to
// WebAssembly, which wuxiao build puts beside the site's 申报表 page.
//
// The page calls wuxiaoForm(json) with the form's answers (form.Input) and gets back
// the file text, its place, the repository link and the findings (form.Output), as JSON.
package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"wuxiao/generator/form"
)

func main() {
	js.Global().Set("wuxiaoForm", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return answer(args)
	}))
	if ready := js.Global().Get("wuxiaoReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // keep the function alive for the page
}

// answer never panics: bad input becomes an error the page can show.
func answer(args []js.Value) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = errorJSON(fmt.Sprintf("检查程序内部错误：%v", r))
		}
	}()
	var in form.Input
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return errorJSON("wuxiaoForm 需要一个 JSON 字符串参数")
	}
	if err := json.Unmarshal([]byte(args[0].String()), &in); err != nil {
		return errorJSON("申报表数据无效：" + err.Error())
	}
	data, err := json.Marshal(form.Make(in))
	if err != nil {
		return errorJSON(err.Error())
	}
	return string(data)
}

func errorJSON(msg string) string {
	data, _ := json.Marshal(map[string]string{"error": msg})
	return string(data)
}
