package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"wuxiao/generator/forge"
)

// probeForge asks the forge at url what it is, within a few seconds, and says so for the
// desk's administrator (deskProbeText).
func probeForge(ctx context.Context, k forge.Kind, url string, client *http.Client) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	version, err := forge.Probe(ctx, k, url, client)
	return deskProbeText(k, url, version, err)
}

// deskProbeText is one line on whether the forge answers at url, and if not, why and what
// to check; the desk runs either way (a forge down at start may be up at the first sign-in).
func deskProbeText(k forge.Kind, url, version string, err error) string {
	if url == "" {
		url = "https://github.com/"
	}
	switch {
	case err == nil:
		return fmt.Sprintf("代码托管平台可以连接：%s（%s）\n", version, url)
	case errors.Is(err, forge.ErrCertificate):
		return fmt.Sprintf("警告：无法验证代码托管平台 %s 的 HTTPS 证书（%v）；登录和提交都会失败，请为平台配置受信任的证书，或把签发它的 CA 加入本机的信任列表\n", url, err)
	case errors.Is(err, forge.ErrUnreachable):
		return fmt.Sprintf("警告：现在连不上代码托管平台 %s（%v）；平台可以连接后才能登录和提交，请检查 --forge-url、网络和平台是否在运行\n", url, err)
	case errors.Is(err, http.ErrSchemeMismatch):
		return fmt.Sprintf("警告：--forge-url %s 以 https:// 开头，平台却只以 http 回答（%v）；请为平台配置 https，或把地址改为 http://（令牌将不加密传送）\n", url, err)
	case errors.Is(err, forge.ErrNotFound):
		return fmt.Sprintf("警告：%s 上没有找到 %s 的接口（%v）；请检查 --forge-url 是否是平台的网址（如 https://git.example.cn/），--forge 是否写对\n", url, k, err)
	case errors.Is(err, forge.ErrUnavailable):
		return fmt.Sprintf("警告：代码托管平台 %s 现在出错（%v）；平台恢复后才能登录和提交\n", url, err)
	}
	return fmt.Sprintf("警告：询问代码托管平台 %s 时出错（%v）\n", url, err)
}
