package rules

import (
	"path"
	"strings"

	"wuxiao/generator/content"
	"wuxiao/generator/diag"
)

// checkRefs makes every id and submission reference resolve.
func checkRefs(ctx *Context, out *diag.List) {
	t := ctx.Tree
	unitsOK, expertsOK := !t.Broken[t.UnitsFile], !t.Broken[t.ExpertsFile]
	if !unitsOK {
		return
	}
	for _, e := range t.Experts {
		if e.Affiliation != "" && ctx.Units[e.Affiliation] == nil {
			out.Errorf(e.Pos.At("affiliation"), "ref", "专家 %s 的所在单位 %q 不在单位名录中", e.ID, e.Affiliation)
		}
	}
	for _, b := range t.Banned {
		if b.Unit != "" && ctx.Units[b.Unit] == nil {
			out.Errorf(b.Pos.At("unit"), "ref", "单位 %q 不在单位名录中", b.Unit)
		}
		if b.Submission != "" && ctx.Submissions[b.Submission] == nil {
			out.Errorf(b.Pos.At("submission"), "ref", "找不到成果 %q（应写成 年份/单位代码/文件名）", b.Submission)
		}
	}
	for _, c := range t.Cleared {
		for _, key := range []string{"a", "b"} {
			id := c.A
			if key == "b" {
				id = c.B
			}
			if id != "" && ctx.Submissions[id] == nil {
				out.Errorf(c.Pos.At(key), "ref", "找不到成果 %q（应写成 年份/单位代码/文件名）", id)
			}
		}
	}
	for _, y := range t.Years {
		checkYearRefs(ctx, y, expertsOK, out)
	}
}

func checkYearRefs(ctx *Context, y *content.Year, expertsOK bool, out *diag.List) {
	sub := func(pos diag.Pos, id string) {
		if id != "" && ctx.Submission(y.Year, id) == nil && !ctx.Tree.BrokenSubmission(y.Year, id) {
			out.Errorf(pos, "ref", "找不到 %d 年的成果 %q（应写成 单位代码/文件名，对应 %s/submissions/%s.md）", y.Year, id, y.Dir, id)
		}
	}
	for _, s := range y.Submissions {
		u := ctx.Units[s.Unit]
		switch {
		case u == nil:
			out.Errorf(diag.FileStart(s.File), "ref", "目录名 %q 不是单位名录中的单位代码", s.Unit)
		case u.Type != "grassroots" && KnownUnitType(u.Type):
			out.Errorf(diag.FileStart(s.File), "ref", "%s（%s）不是基层单位；成果应由基层单位申报", u.Name, u.ID)
		}
	}
	for _, c := range y.Commendations {
		if ctx.Units[c.Issuer] == nil {
			out.Errorf(diag.FileStart(c.File), "ref", "发文单位目录 %q 不是单位名录中的单位代码", c.Issuer)
		}
		for _, a := range c.Awards {
			sub(a.Pos.At("submission"), a.Submission)
		}
	}
	for _, r := range y.Reviews {
		if expertsOK && ctx.Experts[r.Expert] == nil {
			out.Errorf(diag.FileStart(r.File), "ref", "文件名 %q 不是专家名录中的专家代码", r.Expert)
		}
		for _, line := range r.Scores {
			sub(line.Pos, line.Submission)
		}
	}
	if r := y.Results; r != nil {
		for _, a := range r.Awards {
			sub(a.Pos.At("submission"), a.Submission)
		}
		for i, id := range r.WinningUnits {
			if ctx.Units[id] == nil {
				out.Errorf(r.Pos.At("winning_units"), "ref", "优胜单位第 %d 项 %q 不在单位名录中", i+1, id)
			}
		}
	}
	for _, c := range y.Cases {
		for _, id := range c.Submissions {
			sub(c.Pos.At("submissions"), id)
		}
	}
}

// checkCovers makes each case's cover an image beside it, of the kind its name says: it
// reads the images' first bytes (Rule.ReadsFiles).
func checkCovers(ctx *Context, out *diag.List) {
	if ctx.Tree.Broken[ctx.Tree.UnitsFile] {
		return // as checkRefs
	}
	for _, y := range ctx.Tree.Years {
		for _, c := range y.Cases {
			checkCover(ctx, c, out)
		}
	}
}

func checkCover(ctx *Context, c *content.Case, out *diag.List) {
	if c.Cover == "" {
		return
	}
	dir := c.File[:strings.LastIndex(c.File, "/")+1]
	if strings.Contains(c.Cover, "/") || !isImage(c.Cover) {
		out.Errorf(c.Pos.At("cover"), "ref", "封面 %q 应为与案例文件同目录的 jpg 或 png 图片文件名", c.Cover)
	} else if size, ok := ctx.Tree.Files[dir+c.Cover]; !ok {
		out.Errorf(c.Pos.At("cover"), "ref", "找不到封面图片 %s%s", dir, c.Cover)
	} else if size > content.MaxAttachment {
		out.Errorf(c.Pos.At("cover"), "ref", "封面图片 %s%s 过大（%.1f MiB），上限为 20 MiB", dir, c.Cover, float64(size)/(1<<20))
	} else if kind, ok := attachmentMagic(path.Ext(c.Cover), fileHead(ctx.Tree.FS, dir+c.Cover)); !ok {
		out.Errorf(c.Pos.At("cover"), "ref", "封面图片 %s%s 的内容不是 %s 图片（按文件开头的字节判断）", dir, c.Cover, kind)
	}
}

func isImage(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".jpg") || strings.HasSuffix(n, ".jpeg") || strings.HasSuffix(n, ".png")
}
