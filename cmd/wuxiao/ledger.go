package main

import (
	"fmt"

	"wuxiao/generator"
)

// ledger: wuxiao ledger --year YEAR --out FILE.xlsx|FILE.csv [--root DIR]; a final year's
// certificates, all on one page to print, go beside FILE as 荣誉证书YEAR.html.
func (m *Main) ledger(args []string) int {
	fs := m.newFlags("ledger")
	var cfg generator.Config
	var opt generator.LedgerOptions
	rootFlag(fs, &cfg, "包含 content/ 的目录")
	fs.IntVar(&opt.Year, "year", 0, "台帐的年份（必填）")
	fs.StringVar(&opt.Out, "out", "", "写到这个文件：.xlsx（Excel/WPS/LibreOffice 工作簿）或 .csv（必填）")
	fs.StringVar(&opt.Encoding, "encoding", "utf-8", "CSV 的编码：utf-8（带 BOM；Excel 2016 以后、WPS 和 LibreOffice 双击即可打开）或 gb18030（只供中文 Windows 上 2016 以前的 Excel；LibreOffice 须在导入对话框中选 GB18030）")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if opt.Year == 0 || opt.Out == "" {
		fmt.Fprintln(m.Stderr, "wuxiao ledger：请用 --year 指定年份、--out 指定输出文件，例如 --year 2023 --out 台帐2023.xlsx")
		return ExitUsage
	}
	l, errs, err := generator.Ledger(cfg, &opt)
	if err != nil {
		return m.fail("ledger", ExitUsage, err)
	}
	if errs > 0 {
		fmt.Fprintf(m.Stderr, "注意：有 %d 处文件错误（运行 wuxiao check 查看），无法读取的成果不在台帐中。\n", errs)
	}
	fmt.Fprintf(m.Stdout, "已写出 %s：%d 项成果，%d 个县区/产业/市直工会，%d 个基层单位。\n", opt.Out, len(l.Rows), len(l.Bodies)-1, len(l.Units))
	if opt.Certificates != "" {
		fmt.Fprintf(m.Stdout, "已写出 %s：全部荣誉证书，用浏览器打开后打印（A4 横向，每张一页），或在打印对话框中另存为 PDF。\n", opt.Certificates)
	}
	return ExitOK
}
