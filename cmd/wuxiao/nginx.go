package main

import (
	"fmt"

	"wuxiao/generator"
)

// nginx: wuxiao nginx --dir DIR [--listen ADDR] [--tls-cert F --tls-key F] [--brotli=false] [--base-url URL] [--out FILE] [--root DIR]
func (m *Main) nginx(args []string) int {
	fs := m.newFlags("nginx")
	var cfg generator.Config
	var opt generator.NginxOptions
	rootFlag(fs, &cfg, "包含 content/ 的目录（读取 site.yaml 的 base_url）")
	fs.StringVar(&opt.Dir, "dir", "/srv/wuxiao", "服务器上存放网站文件的目录（发布工作流 rsync 的目标）")
	fs.StringVar(&opt.Listen, "listen", "", "nginx 监听的地址，默认 80（有证书时 443）")
	fs.StringVar(&opt.TLSCert, "tls-cert", "", "HTTPS 证书链文件；与 --tls-key 一起给出时启用 HTTPS，80 端口转到 HTTPS")
	fs.StringVar(&opt.TLSKey, "tls-key", "", "HTTPS 私钥文件")
	fs.BoolVar(&opt.Brotli, "brotli", true, "发送 .br 压缩副本（需要 nginx 的 brotli_static 模块）")
	baseURLFlag(fs, &opt.BaseURL)
	out := textOutFlag(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if !m.checkBaseURL("nginx", &opt.BaseURL) {
		return ExitUsage
	}
	if (opt.TLSCert == "") != (opt.TLSKey == "") {
		fmt.Fprintln(m.Stderr, "wuxiao nginx：--tls-cert 和 --tls-key 须一起给出")
		return ExitUsage
	}
	text, err := generator.Nginx(cfg, opt)
	if err != nil {
		return m.fail("nginx", ExitUsage, err)
	}
	if code := m.writeText("nginx", *out, text); code != ExitOK || *out == "" {
		return code
	}
	fmt.Fprintf(m.Stderr, "已写入 %s；nginx -t 检查后 systemctl reload nginx。\n", *out)
	return ExitOK
}
