package desk

import (
	"errors"
	"io/fs"

	"golang.org/x/oauth2"

	"wuxiao/generator/forge"
)

// forgeTrouble is why the forge did not take a change, as the audit log records it and as
// the person is told, with what he can do about it: the cause itself stays in the desk's
// log (it may quote the forge's page).
func forgeTrouble(err error) (audit, said string) {
	switch {
	case errors.Is(err, errProofChanged), errors.Is(err, fs.ErrNotExist): // the desk's own copy, read as it was sent
		return "proof unreadable", "有的证明材料在提交过程中被删除或改动了（比如在另一个窗口中删除了它），这次没有提交。请回到申报页查看证明材料，再提交一次。"
	case errors.Is(err, forge.ErrUnauthorized):
		return "forge: token refused", "代码托管平台不再接受您的登录（授权已过期或已被撤销）。请退出后重新登录，再提交一次。"
	case errors.Is(err, forge.ErrForbidden), errors.Is(err, forge.ErrNotFound):
		// the base branch was readable at sign-in: a refusal to write is a missing permission
		return "forge: no write access", "您的账号在代码托管平台上只能读取内容仓库，不能提交。请联系市总工会，为您的账号开通写入权限后再提交。"
	case errors.Is(err, forge.ErrTooLarge):
		return "forge: too large", "代码托管平台（或它前面的 nginx）不接受这么大的提交。请换用较小的证明材料，或请市总工会的管理员放宽平台的上传大小限制（nginx 的 client_max_body_size）。"
	}
	if audit, said, ok := reachTrouble(err); ok {
		return audit, said
	}
	return "forge", "代码托管平台没有接受这次提交。请稍后再试；一直这样时请联系市总工会。"
}

// reachTrouble is a failure of the forge itself or of the way to it, whatever was asked
// of it (a change, a sign-in): the person can only wait, or ask the administrator; false
// for any other.
func reachTrouble(err error) (audit, said string, ok bool) {
	switch {
	case errors.Is(err, forge.ErrRateLimited):
		return "forge: rate limited", "代码托管平台暂时限制了您的账号的请求次数。请过一段时间（至多一小时）再试。", true
	case errors.Is(err, forge.ErrUnavailable):
		return "forge: unavailable", "代码托管平台暂时出错。请稍后再试；一直这样时请联系市总工会。", true
	case errors.Is(err, forge.ErrUnreachable):
		return "forge: unreachable", "工作台暂时连不上代码托管平台（网络中断、平台停机或回应太慢）。请稍后再试。", true
	case errors.Is(err, forge.ErrCertificate):
		return "forge: certificate", "工作台无法验证代码托管平台的 HTTPS 证书，为保护您的登录没有连接。请联系市总工会的管理员检查平台的证书。", true
	}
	return "", "", false
}

// exchangeTrouble is reachTrouble of a failed OAuth token exchange.
func exchangeTrouble(err error) (audit, said string, ok bool) {
	status := 0
	var refused *oauth2.RetrieveError
	if errors.As(err, &refused) && refused.Response != nil {
		status = refused.Response.StatusCode
	}
	if why := forge.Failure(status, err); why != nil {
		return reachTrouble(why)
	}
	return "", "", false
}
