package desk

import (
	"errors"
	"fmt"
	"io/fs"

	"wuxiao/generator/content"
)

// resultsTooLarge is the reason a rewrite of results.yaml is refused when the file grew
// past the loader's limit.
var resultsTooLarge = fmt.Errorf("文件过大：超过上限 %s", content.HumanSize(content.MaxYAML))

// readResults reads a year's results.yaml for the city's rewrites of it, no further than
// the loader reads a YAML file: it may have grown since the base was loaded and checked.
// A file not there reads as empty when missingOK (the first proposal writes it).
func readResults(fsys fs.FS, file string, missingOK bool) ([]byte, error) {
	data, err := content.ReadAtMost(fsys, file, content.MaxYAML)
	switch {
	case missingOK && errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	case int64(len(data)) > content.MaxYAML:
		return nil, resultsTooLarge
	}
	return data, nil
}

// resultsUnread is what the city is told when readResults failed with err.
func resultsUnread(err error) string {
	if errors.Is(err, resultsTooLarge) {
		return "无法读取本年度的 results.yaml：" + err.Error() + "。"
	}
	return "无法读取本年度的 results.yaml。"
}
