package generator

import (
	"fmt"
	"net/url"

	"wuxiao/generator/content"
	"wuxiao/generator/nginx"
)

// NginxOptions are wuxiao nginx's choices; the server name and path come from
// site.yaml's base_url unless BaseURL overrides it.
type NginxOptions struct {
	BaseURL string
	nginx.Options
}

// Nginx writes the nginx configuration serving the site of cfg's root (see package nginx).
func Nginx(cfg Config, opt NginxOptions) (string, error) {
	cfg = cfg.withDefaults()
	base := opt.BaseURL
	if base == "" {
		tree, _, err := content.Load(content.DirFS(cfg.Root))
		if err != nil {
			return "", fmt.Errorf("%s：%v", cfg.Root, err)
		}
		if tree.Site != nil {
			base = tree.Site.BaseURL
		}
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("site.yaml 的 base_url %q 不是完整的网址", base)
	}
	o := opt.Options
	o.ServerName, o.Prefix = u.Hostname(), u.Path
	return nginx.Config(o)
}
