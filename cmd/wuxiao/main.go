// Command wuxiao checks and publishes the "五小" competition's content.
package main

import (
	"os"

	"wuxiao/generator"
)

func main() {
	os.Exit(generator.Main(os.Args[1:], os.Stdout, os.Stderr))
}
