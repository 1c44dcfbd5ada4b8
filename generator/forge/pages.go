package forge

import "fmt"

// maxPages bounds a listing (pull requests, a pull request's files, comments): 100,000
// items at Gitea's 50 a page, far past GitHub's own cap of 3,000 files a pull request. A
// forge whose pages never end, or link back to one already read, gets an error instead
// of being followed until the caller's deadline with every page's items kept.
const maxPages = 2000

// nextPage checks the page a listing's answer names after page (0: the first), and
// returns it: an error when it is not further on, or past maxPages.
func nextPage(what string, page, next int) (int, error) {
	switch {
	case next <= max(page, 1):
		return 0, fmt.Errorf("%s：代码托管平台的分页链接指回了第 %d 页（已读过），没有再跟随", what, next)
	case next > maxPages:
		return 0, fmt.Errorf("%s：代码托管平台的列表超过 %d 页，没有读完（平台或它前面的代理出了问题）", what, maxPages)
	}
	return next, nil
}
