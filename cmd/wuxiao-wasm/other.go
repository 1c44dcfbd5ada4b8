//go:build !(js && wasm)

// Command wuxiao-wasm is the submission form's checker and only runs as WebAssembly;
// wuxiao build compiles it with GOOS=js GOARCH=wasm when a Go toolchain is at hand.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "wuxiao-wasm 只能编译为 WebAssembly：GOOS=js GOARCH=wasm go build ./cmd/wuxiao-wasm")
	os.Exit(2)
}
