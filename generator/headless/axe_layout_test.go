package headless

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A page whose text turns faint and whose note shows only from 600 px on, with an image
// that has no alternative text at every width.
const widthPage = `<!doctype html><html lang="zh-CN"><title>宽度</title>
<style>.faint { color: #000; } .note { display: none; }
@media (min-width: 600px) { .faint { color: #ccc; } .note { display: block; } }</style>
<main><p class="faint">宽屏时颜色变浅的一段文字</p><p class="note">只在宽屏出现</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20"></main>`

// TestAxeLayoutViolationsAtEachWidth: a run of the layout rules sees a colour that a width's
// media query sets, and only the layout rules' violations (not the image without its
// alternative text, which a run of every rule reports); Shown tells the widths apart when
// one of them shows an element the other hides.
func TestAxeLayoutViolationsAtEachWidth(t *testing.T) {
	srv := httptest.NewServer(WithAxe(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(widthPage))
	})))
	defer srv.Close()
	tab := browser.Tab(t, time.Minute)
	at := func(width int64) (shown string, all, layout []string) {
		t.Helper()
		if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 800), chromedp.Navigate(srv.URL)); err != nil {
			t.Fatal(err)
		}
		var err error
		if shown, err = Shown(tab); err != nil {
			t.Fatal(err)
		}
		if all, err = AxeViolations(tab); err != nil {
			t.Fatal(err)
		}
		if layout, err = AxeLayoutViolations(tab); err != nil {
			t.Fatal(err)
		}
		return shown, all, layout
	}
	narrowShown, narrowAll, narrowLayout := at(375)
	wideShown, wideAll, wideLayout := at(1280)
	has := func(list []string, rule string) bool {
		for _, v := range list {
			if strings.Contains(v, " "+rule+": ") {
				return true
			}
		}
		return false
	}
	if !has(narrowAll, "image-alt") || !has(wideAll, "image-alt") || has(narrowLayout, "image-alt") || has(wideLayout, "image-alt") {
		t.Errorf("image-alt: every rule %q and %q, layout rules %q and %q; want it in the full runs only", narrowAll, wideAll, narrowLayout, wideLayout)
	}
	if has(narrowLayout, "color-contrast") || !has(wideLayout, "color-contrast") || !has(wideAll, "color-contrast") {
		t.Errorf("color-contrast: layout rules at 375 px %q, at 1280 px %q; want it at 1280 px only", narrowLayout, wideLayout)
	}
	if narrowShown == wideShown || len(narrowShown) != len(wideShown) {
		t.Errorf("Shown is %q at 375 px and %q at 1280 px: want the same length, differing in the note", narrowShown, wideShown)
	}
}
