package forge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// listing answers every page of a pull request's files in full, with a Link to the next
// page that next names, and counts the pages asked for.
func listing(kind Kind, next func(page int) int, asked *int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		*asked++
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page == 0 {
			page = 1
		}
		per := 100
		if kind == Gitea {
			per = 50
		}
		item := `{"filename":"content/a.md","status":"modified"}`
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Link", fmt.Sprintf(`<https://forge.example.cn%s?page=%d&per_page=%d>; rel="next"`, r.URL.Path, next(page), per))
		fmt.Fprint(w, "["+strings.TrimSuffix(strings.Repeat(item+",", per), ",")+"]")
	}
}

// A forge whose listings never end (each page full, each with a link to a next one, or
// a link back to a page already read) is not followed for ever: the listing fails with
// an error after at most maxPages pages. Before, both clients followed until the
// caller's deadline, keeping every page's items: the desk's memory for as long as the
// deadline lasts (without one, for ever).
func TestListingsEnd(t *testing.T) {
	for _, kind := range []Kind{GitHub, Gitea} {
		for name, next := range map[string]func(int) int{"onward": func(p int) int { return p + 1 }, "back": func(int) int { return 1 }} {
			asked := 0
			h := &hosts{by: map[string]http.HandlerFunc{"forge.example.cn": listing(kind, next, &asked)}}
			f, err := New(kind, "https://forge.example.cn/", "tok", &http.Client{Transport: untilDone{h}})
			if err != nil {
				t.Fatal(err)
			}
			// No deadline: under load one ended the listing before maxPages did (the test then
			// failed for the load); without the bound the test binary's timeout ends it.
			files, err := f.PullRequestFiles(context.Background(), Repo{Owner: "o", Name: "r"}, 1)
			if err == nil || errors.Is(err, context.DeadlineExceeded) || asked > maxPages+1 {
				t.Errorf("%s, %s: %d files from %d pages, error %.200v; want an error of its own after at most %d pages", kind, name, len(files), asked, err, maxPages)
			}
		}
	}
}

// untilDone is a transport that fails a request whose context is done, as a network's does.
type untilDone struct{ next http.RoundTripper }

func (u untilDone) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	return u.next.RoundTrip(r)
}
