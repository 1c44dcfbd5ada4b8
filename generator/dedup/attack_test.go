package dedup

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tricks people use against plagiarism checkers, applied to a text.

// sentences splits s after each sentence end (。！？；) and paragraph break.
func sentences(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if strings.ContainsRune("。！？；\n", r) {
			end := i + utf8.RuneLen(r)
			if strings.TrimSpace(s[start:end]) != "" {
				out = append(out, s[start:end])
			}
			start = end
		}
	}
	if strings.TrimSpace(s[start:]) != "" {
		out = append(out, s[start:])
	}
	return out
}

// reorder shuffles the sentences of s.
func reorder(r *rand.Rand, s string) string {
	ss := sentences(s)
	r.Shuffle(len(ss), func(i, j int) { ss[i], ss[j] = ss[j], ss[i] })
	return strings.Join(ss, "")
}

var fillers = []string{"的", "了", "着", "地", "呢", "啊", "吧", "呀", "嘛", "也", "就", "都", "还", "又",
	"这个", "那个", "就是", "然后", "其实", "一下", "嗯", "所谓", "基本上"}

// addFillers inserts a filler word after every 3 to 6 Chinese characters.
func addFillers(r *rand.Rand, s string) string {
	var b strings.Builder
	next := 3 + r.IntN(4)
	for _, c := range s {
		b.WriteRune(c)
		if unicode.Is(unicode.Han, c) {
			if next--; next == 0 {
				b.WriteString(fillers[r.IntN(len(fillers))])
				next = 3 + r.IntN(4)
			}
		}
	}
	return b.String()
}

// words are what substituted two-character words are replaced with.
var words = strings.Fields("设备 装置 部件 问题 情况 方法 技术 工作 时间 效果 提高 提升 降低 减少 增加 明显 显著 有效 及时 改进 " +
	"优化 采用 使用 利用 实施 开展 进行 完成 实现 保证 确保 解决 处理 检查 维护 运行 操作 人员 职工 工人 现场 生产 安全 " +
	"质量 成本 费用 能耗 效率 稳定 可靠 方便 简单 快速 准确 及早 全面 主要 重要 关键 部位 环节 过程 结构 系统 控制 调整")

// substitute replaces share of the text's two-character units (pairs of
// consecutive Chinese characters, a stand-in for words) by other words.
func substitute(r *rand.Rand, s string, share float64) string {
	rs := []rune(s)
	for i := 0; i+1 < len(rs); {
		if unicode.Is(unicode.Han, rs[i]) && unicode.Is(unicode.Han, rs[i+1]) {
			if r.Float64() < share {
				w := []rune(words[r.IntN(len(words))])
				rs[i], rs[i+1] = w[0], w[1]
			}
			i += 2
			continue
		}
		i++
	}
	return string(rs)
}

// widen turns ASCII letters and digits full width and Chinese punctuation
// half width, and scatters ideographic spaces.
func widen(r *rand.Rand, s string) string {
	half := map[rune]string{'，': ",", '。': ".", '；': ";", '：': ":", '！': "!", '？': "?", '（': "(", '）': ")", '、': ","}
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= '!' && c <= '~':
			b.WriteRune(c - '!' + '！')
		case half[c] != "":
			b.WriteString(half[c])
		default:
			b.WriteRune(c)
		}
		if r.IntN(25) == 0 {
			b.WriteRune('\u3000')
		}
	}
	return b.String()
}

var invisibles = []rune{'\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u200f', '\u202a', '\u202c'}

// hide inserts an invisible character after every 1 to 4 characters.
func hide(r *rand.Rand, s string) string {
	var b strings.Builder
	next := 1 + r.IntN(4)
	for _, c := range s {
		b.WriteRune(c)
		if next--; next == 0 {
			b.WriteRune(invisibles[r.IntN(len(invisibles))])
			next = 1 + r.IntN(4)
		}
	}
	return b.String()
}

// traditional writes s in traditional characters, where the table knows one.
func traditional(s2t map[rune]rune, s string) string {
	return strings.Map(func(c rune) rune {
		if t, ok := s2t[c]; ok {
			return t
		}
		return c
	}, s)
}

// simplifiedToTraditional inverts the table, choosing the smallest
// traditional character for each simplified one.
func simplifiedToTraditional() map[rune]rune {
	m := make(map[rune]rune)
	for s := t2sPairs; s != ""; {
		t, n := utf8.DecodeRuneInString(s)
		v, k := utf8.DecodeRuneInString(s[n:])
		s = s[n+k:]
		if old, ok := m[v]; !ok || t < old {
			m[v] = t
		}
	}
	return m
}

// paste builds a text of which about share (of its characters) is one
// stretch of consecutive sentences of src, put at a sentence boundary of
// host; the rest is host, cut short as needed.
func paste(r *rand.Rand, src, host string, share float64) string {
	ss, hs := sentences(src), sentences(host)
	total := func(xs []string) int {
		n := 0
		for _, x := range xs {
			n += utf8.RuneCountInString(x)
		}
		return n
	}
	hostLen := total(hs)
	want := int(share / (1 - share) * float64(hostLen)) // pasted characters for the whole host
	if srcLen := total(ss); want > srcLen {
		// src is too short: shorten the host instead.
		want = srcLen
		keep := int(float64(srcLen) * (1 - share) / share)
		for len(hs) > 1 && total(hs) > keep {
			hs = hs[:len(hs)-1]
		}
	}
	start := r.IntN(len(ss))
	var part []string
	for n := 0; n < want; start = (start + 1) % len(ss) {
		part = append(part, ss[start])
		n += utf8.RuneCountInString(ss[start])
	}
	at := r.IntN(len(hs) + 1)
	out := append(append(append([]string{}, hs[:at]...), part...), hs[at:]...)
	return strings.Join(out, "")
}
